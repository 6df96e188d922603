"""Search in each language: its own stemmer, Chinese by bigrams, filters, highlights, CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest

from archive.models import ParagraphText
from archive.parsing.cjk import bigram_query, bigram_text

pytestmark = pytest.mark.django_db
ALL_FOUR = {"A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"}


def _api(client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def _symbols(client, q: str, lang: str) -> set[str]:
    """The documents of every match (all pages)."""
    found, page = set(), 1
    while True:
        data = _api(client, q=q, lang=lang, page=page)
        found |= {r["document"]["symbol"] for r in data["results"]}
        if data["next"] is None:
            return found
        page += 1


@pytest.mark.parametrize(
    "q,lang",
    [
        ("travailleuses migrantes", "fr"),
        ("trabajadoras migratorias", "es"),
        ("移民女工", "zh"),
        ("العاملات المهاجرات", "ar"),
        ("трудящиеся женщины-мигранты", "ru"),
    ],
)
def test_the_example_searches_find_all_four_resolutions(client, q, lang):
    html = client.get("/search/", {"q": q, "lang": lang}).content.decode()
    # on the first page: as hits, or as the same text in another resolution ("Same text in 76/141 op8")
    shown = set(re.findall(r"(A/RES/\d+/\d+), (?:para|preambular)", html))
    same = {f"A/RES/{n}" for n in re.findall(r'<a href="/documents/A/RES/(\d+/\d+)/(?:\?lang=\w+)?#', html)}
    assert shown | same == ALL_FOUR
    assert _api(client, q=q, lang=lang)["language"] == lang


def test_russian_nominative_finds_the_genitive():
    from archive.models import Paragraph
    from archive.parsing.languages import LANGUAGES
    from archive.search import languages

    # paragraphs that write only the genitive "трудящихся женщин-мигрантов", never the nominative
    genitive_only = set(
        ParagraphText.objects.filter(language="ru", text__contains="трудящихся женщин-мигрантов")
        .exclude(text__icontains="трудящиеся женщины-мигранты")
        .values_list("paragraph_id", flat=True)
    )
    found = set(
        languages.matching(Paragraph.objects.all(), "трудящиеся женщины-мигранты", LANGUAGES["ru"]).values_list(
            "id", flat=True
        )
    )
    assert genitive_only and genitive_only <= found


def test_russian_query_finds_the_genitive_paragraphs(client):
    found = {
        (r["document"]["symbol"], r["paragraph"]["anchor"])
        for r in _api(client, q="трудящиеся женщины-мигранты", lang="ru", sort="oldest")["results"]
    }
    genitive = set(
        ParagraphText.objects.filter(language="ru", text__contains="трудящихся женщин-мигрантов")
        .order_by("paragraph__document__session", "paragraph__position")
        .values_list("paragraph__document__symbol", "paragraph__anchor")[:20]
    )
    assert genitive & found


@pytest.mark.parametrize(
    "lang,word,inflected",
    [
        ("fr", "travailleuse", "travailleuses"),
        ("es", "trabajadora", "trabajadoras"),
        ("ru", "мигрант", "мигрантов"),
    ],
)
def test_stemming_finds_other_forms_of_a_word(client, lang, word, inflected):
    data = _api(client, q=word, lang=lang)
    assert data["count"] > 0
    with_form = ParagraphText.objects.filter(language=lang, text__icontains=inflected).count()
    assert data["count"] >= with_form
    assert any(inflected in r["paragraph"]["text"] for r in data["results"])


def test_stemming_is_per_language_english_stemmer_does_not_stem_french(client):
    # "travailleuse" is no English word: the English search of the French word finds nothing
    assert _api(client, q="travailleuse")["count"] == 0
    assert _api(client, q="travailleuse", lang="fr")["count"] > 0


def test_chinese_word_and_phrase_are_found_exactly_and_completely(client):
    for q in ("移民女工", "女工", "暴力侵害"):
        data = _api(client, q=q, lang="zh", sort="oldest")
        holding = ParagraphText.objects.filter(language="zh", text__contains=q).exclude(paragraph__kind="heading")
        assert data["count"] == holding.count() > 0, q  # every paragraph holding it, nothing else
        for r in data["results"]:
            assert q in r["paragraph"]["text"]
            assert f"<mark>{q}</mark>" in r["headline"]


def test_chinese_bigrams():
    assert bigram_text("暴力侵害移民女工行为").split() == [
        "暴力",
        "力侵",
        "侵害",
        "害移",
        "移民",
        "民女",
        "女工",
        "工行",
        "行为",
        *"暴力侵害移民女工行为",
    ]
    assert bigram_query("移民女工") == '"移民 民女 女工"'
    assert bigram_query('"移民女工" OR 女工') == '"移民 民女 女工"   OR  "女工"'


def test_filters_facets_and_sorts_work_in_a_language(client):
    data = _api(client, q="migrantes", lang="fr", kind="operative", sort="newest", session_from=78)
    assert data["count"] > 0
    assert {r["paragraph"]["kind"] for r in data["results"]} == {"operative"}
    sessions = [r["document"]["symbol"] for r in data["results"]]
    assert sessions[0] == "A/RES/80/185" and set(sessions) <= {"A/RES/78/180", "A/RES/80/185"}
    assert data["facets"]["session"] and {f["value"] for f in data["facets"]["session"]} <= {78, 80}


def test_search_page_has_the_language_choice_and_rejects_an_unknown_one(client):
    html = client.get("/search/", {"q": "x"}).content.decode()
    options = re.findall(
        r'<option value="(\w+)" lang="\w+"( selected)?>', html.split('id="lang"')[1].split("</select>")[0]
    )
    assert [o for o, _ in options] == ["ar", "zh", "en", "fr", "ru", "es"] and dict(options)["en"] == " selected"
    assert client.get("/search/", {"q": "x", "lang": "de"}).status_code == 400
    assert client.get("/api/search/", {"q": "x", "lang": "de"}).status_code == 400
    assert client.get("/search/", {"q": "移民\x00女工", "lang": "zh"}).status_code in (200, 400)
    assert client.get("/search/", {"q": '"""移民', "lang": "zh"}).status_code == 200


def test_hits_link_to_the_document_in_the_language(client):
    html = client.get("/search/", {"q": "العاملات", "lang": "ar"}).content.decode()
    assert re.search(r'class="hit-link" href="/documents/A/RES/\d+/\d+/\?lang=ar#', html)
    assert '<p class="headline" lang="ar" dir="rtl">' in html


def test_symbol_redirect_in_any_language(client):
    assert client.get("/search/", {"q": "80/185", "lang": "zh"}).status_code == 302


def test_search_csv_per_language(client):
    response = client.get("/search.csv", {"q": "trabajadoras", "lang": "es"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows and {r["language"] for r in rows} == {"es"}
    assert response["Content-Disposition"].endswith('-es.csv"')
    first = ParagraphText.objects.get(
        language="es", paragraph__document__symbol=rows[0]["document"], paragraph__anchor=rows[0]["anchor"]
    )
    assert rows[0]["text"] == first.text
