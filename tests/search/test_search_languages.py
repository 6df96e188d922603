"""Search in the other languages: footnotes in each, a single Chinese character, the parameters read once."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict

from archive.models import Footnote, FootnoteText, ParagraphText
from archive.parsing.cjk import bigram_text
from archive.parsing.languages import LANGUAGES
from archive.search.parameters import read_search

pytestmark = pytest.mark.django_db


def _footnote_hits(html: str) -> list[tuple[str, str]]:
    return re.findall(r'class="hit-link" href="/documents/(.+?)/(?:\?lang=\w+)?#fn(\d+)"', html)


@pytest.mark.parametrize(
    "lang,q",
    [
        ("fr", "Recueil des Traités"),
        ("es", "Naciones Unidas"),
        ("ru", "Организации"),
        ("ar", "الأمم المتحدة"),
        ("zh", "联合国"),
    ],
)
def test_footnotes_are_searched_in_every_language(client, lang, q):
    response = client.get("/search/", {"q": q, "lang": lang, "in": "footnotes"})
    assert response.status_code == 200
    results = response.context["footnote_results"]
    assert results.total > 0
    html = response.content.decode()
    assert _footnote_hits(html) and f"?lang={lang}#fn" in html
    assert f'<p class="headline" lang="{lang}" dir="{LANGUAGES[lang].direction}">' in html
    for hit in results.hits:  # each hit has a text in that language, highlighted where it matched
        assert FootnoteText.objects.filter(footnote=hit.footnote, language=lang).exists()
        assert "<mark>" in hit.headline


def test_a_language_footnote_search_finds_what_the_english_one_does_not(client):
    french = client.get("/search/", {"q": "Traités", "lang": "fr", "in": "footnotes"}).context["footnote_results"]
    english = client.get("/search/", {"q": "Traités", "in": "footnotes"}).context["footnote_results"]
    assert french.total > 0 and english.total == 0
    holding = FootnoteText.objects.filter(language="fr", text__icontains="Traités").count()
    assert french.total >= holding > 0  # stemmed: every footnote whose French text has the word, and its forms


def test_footnote_search_in_a_language_keeps_the_document_filters(client):
    all_sessions = client.get("/search/", {"q": "Naciones", "lang": "es", "in": "footnotes"}).context[
        "footnote_results"
    ]
    narrowed = client.get("/search/", {"q": "Naciones", "lang": "es", "in": "footnotes", "session_from": "80"})
    hits = narrowed.context["footnote_results"].hits
    assert hits and {h.footnote.document.session for h in hits} == {80}
    assert narrowed.context["footnote_results"].total < all_sessions.total


def test_a_single_chinese_character_finds_every_word_that_holds_it(client):
    for char in ("女", "民", "工"):
        response = client.get("/api/search/", {"q": char, "lang": "zh"})
        data = response.json()
        holding = ParagraphText.objects.filter(language="zh", text__contains=char).exclude(paragraph__kind="heading")
        assert data["count"] == holding.count() > 0, char


def test_chinese_characters_follow_the_bigrams_so_phrases_keep_their_positions():
    text = bigram_text("暴力侵害 移民女工")
    pieces = text.split()
    assert pieces[:6] == ["暴力", "力侵", "侵害", "移民", "民女", "女工"]
    assert pieces[-8:] == list("暴力侵害移民女工")
    assert bigram_text("女 and 工") == " 女  and  工 "  # one-character runs are their own pieces


def test_footnotes_keep_their_english_numbers_and_documents():
    note = FootnoteText.objects.filter(language="fr").select_related("footnote__document").first()
    assert note.search is not None
    assert Footnote.objects.filter(id=note.footnote_id, texts__search__isnull=False).exists()


def _read(**params):
    data = QueryDict(mutable=True)
    data.update(params)
    return read_search(data)


def test_the_search_parameters_are_read_once_with_defaults():
    asked = _read(q="  women\x00migrant ")
    assert asked.q == "women migrant" and asked.sort == "relevance" and asked.scope == "paragraphs"
    assert asked.page == 1 and asked.lang.code == "en" and not asked.errors


@pytest.mark.parametrize(
    "params,field",
    [
        ({"q": "w" * 201}, "q"),
        ({"sort": "random"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"in": "elsewhere"}, "in"),
        ({"page": "²"}, "page"),
        ({"page": "1000000"}, "page"),
        ({"page": "-1"}, "page"),
        ({"lang": "de"}, "lang"),
        ({"lang": ""}, "lang"),
        ({"session_from": "x"}, "session_from"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_each_bad_parameter_is_an_error_that_names_it(params, field):
    asked = _read(q="women", **params) if "q" not in params else _read(**params)
    assert list(asked.errors) == [field]
    assert asked.messages and all(m for m in asked.messages)


def test_the_api_and_the_page_refuse_the_same_parameters(client):
    for params in ({"q": "women", "sort": "random"}, {"q": "women", "kind": "nonsense"}, {"q": "w" * 201}):
        page = client.get("/search/", params)
        api = client.get("/api/search/", params)
        assert page.status_code == api.status_code == 400
        message = read_search(params).messages[0]
        assert message in page.content.decode() and message in api.json()["detail"]
