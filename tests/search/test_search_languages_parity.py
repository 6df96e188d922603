"""Search in the other languages behaves as the English one does: identical texts grouped, ties newest
session first, "did you mean" from the language's own words, instrument names found through citations and
the English text, the ranking counted; in a fixed number of queries."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Citation, FootnoteReference, InstrumentName, Paragraph, ParagraphText, VocabularyWord
from archive.parsing.languages import LANGUAGES
from archive.search import languages
from archive.search.facets import summarize
from archive.search.parameters import PAGE_SIZE
from archive.search.results import normalized_text

pytestmark = pytest.mark.django_db

WORDS = [("fr", "femmes"), ("es", "mujeres"), ("ru", "женщин"), ("ar", "المهاجرات")]


def _texts(ids, lang) -> dict[int, str]:
    return dict(ParagraphText.objects.filter(paragraph_id__in=ids, language=lang).values_list("paragraph_id", "text"))


@pytest.mark.parametrize("lang,q", WORDS)
def test_identical_texts_in_the_language_are_one_hit(client, lang, q):
    results = client.get("/search/", {"q": q, "lang": lang}).context["results"]
    shown = _texts([h.paragraph.id for h in results.hits], lang)
    keys = [normalized_text(shown[h.paragraph.id]) for h in results.hits]
    assert len(keys) == len(set(keys))
    grouped = [h for h in results.hits if h.same_text]
    assert grouped  # the series repeats its language
    for hit in grouped:
        others = _texts([r.id for r in hit.same_text], lang)
        assert {normalized_text(t) for t in others.values()} == {normalized_text(shown[hit.paragraph.id])}
        # the newest is the one shown, the others newest first
        sessions = [hit.paragraph.document.session, *(r.session for r in hit.same_text)]
        assert sessions == sorted(sessions, reverse=True)
    html = client.get("/search/", {"q": q, "lang": lang}).content.decode()
    assert "data-same-text" in html
    first = grouped[0].same_text[0]
    assert f'href="/documents/{first.symbol}/?lang={lang}#{first.anchor}"' in html  # in the language searched


@pytest.mark.parametrize("lang,q", WORDS)
def test_pages_count_the_distinct_texts_of_the_language(client, lang, q, monkeypatch):
    import archive.search.paging

    monkeypatch.setattr(archive.search.paging, "GROUP_ALL", 1_000)  # every match fetched and grouped
    qs = Paragraph.objects.body()
    ids = list(languages.matching(qs, q, LANGUAGES[lang]).values_list("id", flat=True))
    distinct = len({normalized_text(t) for t in _texts(ids, lang).values()})
    results = client.get("/search/", {"q": q, "lang": lang}).context["results"]
    assert results.pages == -(-distinct // PAGE_SIZE) and not results.pages_approximate
    data = client.get("/api/search/", {"q": q, "lang": lang}).json()
    assert data["ranked"] == len(ids) == data["count"] and data["pages"] == results.pages


@pytest.mark.parametrize("lang,q", WORDS)
def test_ties_rank_newest_session_first(lang, q):
    lang = LANGUAGES[lang]
    matches = languages.matching(Paragraph.objects.body(), q, lang)
    candidates = summarize(matches, candidates=10_000).candidates
    rows = list(languages.ordered(matches, q, "relevance", candidates, lang).values_list("rank", "document__session"))
    assert rows == sorted(rows, key=lambda r: (-r[0], -r[1]))
    assert len({r[0] for r in rows}) < len(rows)  # there are ties to break


@pytest.mark.parametrize(
    "lang,typed,meant",
    [("fr", "travaileuses", "travailleuses"), ("es", "trabajadoras migrantez", "trabajadoras migrantes")],
)
def test_did_you_mean_offers_the_languages_own_words(client, lang, typed, meant):
    assert VocabularyWord.objects.filter(language=lang, word=meant.split()[-1]).exists()
    asked = {"q": typed, "lang": lang, "sort": "newest"}
    response = client.get("/search/", asked)
    assert response.context["results"].suggestion == meant
    link = re.search(r'Did you mean <a href="\?([^"]+)">', response.content.decode()).group(1).replace("&amp;", "&")
    assert parse_qs(link) == {"q": [meant], "lang": [lang], "sort": ["newest"]}
    data = client.get("/api/search/", asked).json()
    assert data["suggestion"] == meant and "lang=" + lang in data["links"]["suggestion"]
    # a word the texts write gets none
    assert client.get("/search/", {"q": meant, "lang": lang}).context["results"].suggestion == ""


def test_the_vocabulary_of_each_language_is_its_own():
    assert VocabularyWord.objects.filter(language="fr", word="travailleuses").exists()
    assert not VocabularyWord.objects.filter(language="en", word="travailleuses").exists()
    assert VocabularyWord.objects.filter(language="en", word="trafficking").exists()
    assert not VocabularyWord.objects.filter(word__regex=r"[0-9]").exists()
    assert not VocabularyWord.objects.filter(language="zh").exists()


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "zh"])
def test_an_instrument_name_finds_the_paragraphs_citing_it_in_every_language(client, lang):
    name = InstrumentName.objects.get(normalized="cedaw")
    citing = set(
        FootnoteReference.objects.filter(
            footnote__in=Citation.objects.filter(instrument_id=name.instrument_id).values("footnote_id")
        ).values_list("paragraph_id", flat=True)
    )
    held = set(
        ParagraphText.objects.filter(paragraph_id__in=citing, language=lang).values_list("paragraph_id", flat=True)
    )
    assert held
    results = client.get("/search/", {"q": "CEDAW", "lang": lang, "sort": "oldest"}).context["results"]
    found = {h.paragraph.id for h in results.hits}
    assert held <= found and results.total >= len(held)
    assert name.instrument_id in {i.id for i in results.instruments}
    english = client.get("/search/", {"q": "CEDAW", "sort": "oldest"}).context["results"]
    with_text = set(
        ParagraphText.objects.filter(
            paragraph_id__in=[h.paragraph.id for h in english.hits], language=lang
        ).values_list("paragraph_id", flat=True)
    )
    assert with_text <= found  # the paragraphs naming it in English: their translations name it too
    narrowed = client.get("/search/", {"q": "CEDAW -zzzzqqq", "lang": lang}).context["results"]
    assert narrowed.total == results.total


def test_a_name_and_other_words_must_all_match(client):
    alone = client.get("/search/", {"q": "CEDAW", "lang": "fr"}).context["results"].total
    both = client.get("/search/", {"q": "CEDAW recommandation", "lang": "fr"}).context["results"]
    assert 0 < both.total < alone


@pytest.mark.parametrize(
    "lang,queries", [("fr", ["femmes", "CEDAW", "travaileuses"]), ("es", ["mujeres", "CEDAW", "migrantes"])]
)
def test_the_query_count_does_not_grow_with_the_hits(client, lang, queries):
    counts = []
    for page_q in queries:
        client.get("/search/", {"q": page_q, "lang": lang})  # the vocabulary loaded once per data version
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/search/", {"q": page_q, "lang": lang, "session_from": "1"})
        assert response.status_code == 200
        counts.append((len(ctx.captured_queries), len(response.context["results"].hits)))
    assert counts[0][1] > counts[1][1]
    assert (
        max(n for n, _ in counts) - min(n for n, _ in counts) <= 2
    )  # a named instrument: its citing paragraphs, its record
