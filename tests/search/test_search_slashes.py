"""Words joined by "/" (HIV/AIDS, A/HRC/29/36, أيلول/سبتمبر) are found by their parts, in every language and in
footnotes, as a phrase when typed whole, highlighted where PostgreSQL matched them; a symbol still opens its
document (``archive.search.indexing``)."""

from __future__ import annotations

import re

import pytest
from django.utils.http import urlencode

from archive.models import Footnote, FootnoteText, Paragraph, ParagraphText, VocabularyWord
from archive.search.compiler import compile_query
from archive.search.indexing import BLANK_SLASH
from archive.search.suggestions import known_words

pytestmark = pytest.mark.django_db


def _hits(client, **params) -> list[tuple[str, str]]:
    html = client.get("/search/?" + urlencode(params)).content.decode()
    return re.findall(r'class="hit-link" href="/documents/(.+?)/(?:\?lang=\w+)?#([a-z0-9-]+)"', html)


def _holding(pattern: str, **filters) -> set[tuple[str, str]]:
    return {
        (p.document.symbol, p.anchor)
        for p in Paragraph.objects.body().select_related("document").filter(text__regex=pattern, **filters)
    }


def test_a_word_joined_by_a_slash_is_found_alone_and_marked_inside_the_joined_word(collection, client):
    joined = _holding(r"HIV/AIDS")
    assert joined  # the collection writes it (A/64/152)
    found = set(_hits(client, q="aids", sort="oldest"))
    assert joined <= found
    html = client.get("/search/?" + urlencode({"q": "aids", "document": "A/64/152"})).content.decode()
    assert "HIV/<mark>AIDS</mark>" in html


def test_the_joined_word_is_the_phrase_of_its_parts(collection, client):
    assert compile_query("HIV/AIDS").tsquery == "( 'hiv' <-> 'aid' )"
    found = set(_hits(client, q='"HIV/AIDS status"', sort="oldest"))
    assert found == _holding(r"HIV/AIDS status") and found
    assert _holding(r"HIV/AIDS") <= set(_hits(client, q="HIV/AIDS", sort="oldest"))
    html = client.get("/search/?" + urlencode({"q": "HIV/AIDS", "sort": "oldest"})).content.decode()
    assert "<mark>HIV</mark>/<mark>AIDS</mark>" in html


def test_a_symbol_not_held_is_found_by_its_parts_and_a_held_one_still_opens_its_document(collection, client):
    assert set(_hits(client, q="A/HRC/29/36")) == _holding(r"A/HRC/29/36") != set()
    assert set(_hits(client, q="hrc", document="A/72/215")) >= _holding(r"A/HRC/", document__symbol="A/72/215")
    response = client.get("/search/?q=A/RES/80/185")
    assert response.status_code == 302 and response["Location"] == "/documents/A/RES/80/185/"
    response = client.get("/search/?q=A/RES/80/185&lang=fr")
    assert response.status_code == 302 and response["Location"] == "/documents/A/RES/80/185/?lang=fr"


def _holding_in(code: str, written: str) -> set[tuple[str, str]]:
    texts = ParagraphText.objects.filter(language=code, text__contains=written).select_related("paragraph__document")
    return {(t.paragraph.document.symbol, t.paragraph.anchor) for t in texts}


@pytest.mark.parametrize("code", ["fr", "es", "ru", "zh"])
def test_every_language_finds_the_parts(collection, client, code):
    expected = _holding_in(code, "73/195")  # the resolution of the Global Compact for Migration
    assert expected
    assert expected <= set(_hits(client, q="195", lang=code, sort="oldest"))
    html = client.get("/search/?" + urlencode({"q": "195", "lang": code})).content.decode()
    assert "73/<mark>195</mark>" in html


def test_arabic_finds_each_name_of_a_month(collection, client):
    """Arabic writes a month by its two names (أيلول/سبتمبر), which its words already kept apart."""
    expected = _holding_in("ar", "أيلول/سبتمبر")
    assert expected
    for q in ("سبتمبر", "أيلول"):
        assert expected <= set(_hits(client, q=q, lang="ar", sort="oldest")), q


def test_footnotes_in_another_language_are_found_by_the_parts_of_a_symbol(collection, client):
    notes = FootnoteText.objects.filter(language="ru", text__contains="CMW/C/GC/1")
    assert notes
    data = client.get("/api/search/footnotes/?" + urlencode({"q": "CMW", "lang": "ru"})).json()
    found = {(h["document"]["symbol"], h["footnote"]["number"]) for h in data["results"]}
    assert {(n.footnote.document.symbol, n.footnote.number) for n in notes} <= found


def test_the_vocabulary_holds_the_parts(collection):
    assert {"hiv", "aids"} <= known_words("en")
    assert not VocabularyWord.objects.filter(word__contains="/").exists()


def test_footnotes_are_found_by_the_parts_of_an_address_and_shown_with_its_slashes(collection, client):
    note = Footnote.objects.get(document__symbol="A/64/152", text__contains="/womenwatch/")
    response = client.get("/search/?" + urlencode({"q": "womenwatch", "in": "footnotes"}))
    html = response.content.decode()
    assert f"#fn{note.number}" in html
    assert "www.un.org/<mark>womenwatch</mark>/daw" in html and BLANK_SLASH not in html
    data = client.get("/api/search/footnotes/?" + urlencode({"q": "womenwatch"})).json()
    assert [h["footnote"]["number"] for h in data["results"]] == [note.number]


def test_the_blank_slash_is_written_by_no_text_of_the_collection():
    """What makes the headlines' slashes the text's again (``shown``) changes nothing a source wrote."""
    for model in (Paragraph, Footnote, ParagraphText, FootnoteText):
        assert not model.objects.filter(text__contains=BLANK_SLASH).exists(), model.__name__
