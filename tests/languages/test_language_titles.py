"""A document's title in the language asked for wherever it has one (English, labelled, where not): the
formal citation of a paragraph, the search's hit lines and the document pointers of the API's answers."""

from __future__ import annotations

import re

import pytest

from archive.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db


def _titles(lang: str) -> dict[str, str]:
    """Every document's title in ``lang``: its version's, else the English."""
    shown = dict(Document.objects.values_list("symbol", "title"))
    shown.update(DocumentVersion.objects.filter(language=lang).values_list("document__symbol", "title"))
    return shown


def _held(lang: str) -> set[str]:
    return set(DocumentVersion.objects.filter(language=lang).values_list("document__symbol", flat=True))


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("path", ["/documents/A/RES/80/185/", "/documents/A/RES/80/185/para/op1/"])
def test_a_paragraph_is_cited_with_the_title_in_the_page_s_language(client, lang, path):
    html = client.get(path, {"lang": lang}).content.decode()
    title = _titles(lang)["A/RES/80/185"]
    direction = "rtl" if lang == "ar" else "ltr"
    formal = re.search(r'<span class="cite-formal">(.*?)</span>\. <a class="cite-link"', html).group(1)
    assert formal.startswith(
        f'General Assembly resolution 80/185, “<span lang="{lang}" dir="{direction}">{title}</span>”'
    )


def test_a_document_held_in_english_only_is_cited_with_its_english_title_labelled(client):
    html = client.get("/documents/A/RES/60/139/", {"lang": "fr"}).content.decode()
    title = Document.objects.get(symbol="A/RES/60/139").title
    assert f'“<span lang="en" dir="ltr">{title}</span>”' in html


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_search_hits_in_a_language_name_their_documents_in_it(client, sort):
    html = client.get("/search/", {"q": "travailleuses", "lang": "fr", "sort": sort}).content.decode()
    hits = re.findall(
        r'<a class="hit-link" href="/documents/([^"?#]+)/[?#][^"]*">.*?<span class="hit-title" lang="(\w+)" dir="ltr">(.*?)</span>',
        html,
        re.S,
    )
    assert hits
    titles, held = _titles("fr"), _held("fr")
    assert {(s, lang, t) for s, lang, t in hits} == {(s, "fr" if s in held else "en", titles[s]) for s, _, _ in hits}
    assert any(s in held for s, _, _ in hits)


def test_an_english_search_names_its_documents_in_english(client):
    html = client.get("/search/", {"q": "migrant"}).content.decode()
    assert re.findall(r'<span class="hit-title" lang="(\w+)"', html)
    assert set(re.findall(r'<span class="hit-title" lang="(\w+)"', html)) == {"en"}


def _documents(data) -> list[dict]:
    """Every document pointer of an answer, wherever it stands."""
    if isinstance(data, dict):
        here = [data] if {"symbol", "kind", "title", "links"} <= set(data) else []
        return here + [d for v in data.values() for d in _documents(v)]
    if isinstance(data, list):
        return [d for v in data for d in _documents(v)]
    return []


@pytest.mark.parametrize(
    "url",
    [
        "/api/search/?q=travailleuses",
        "/api/search/?q=travailleuses&sort=oldest",
        "/api/documents/A/RES/80/185/paragraphs/op1/history/",
        "/api/series/violence-against-women-migrant-workers/compare/",
    ],
)
def test_the_api_names_documents_in_the_language_asked_for(client, url):
    documents = _documents(client.get(url + ("&" if "?" in url else "?") + "lang=fr").json())
    titles, held = _titles("fr"), _held("fr")
    assert documents and any(d["symbol"] in held for d in documents)
    assert [d["title"] for d in documents] == [titles[d["symbol"]] for d in documents]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_footnote_hits_name_their_documents_in_the_language_searched(client, lang):
    q = {"fr": "Nations", "en": "Nations"}[lang]
    html = client.get("/search/", {"q": q, "in": "footnotes", "lang": lang}).content.decode()
    hits = re.findall(
        r'<a [^>]*href="/documents/([^"?#]+)/[?#][^"]*">[^<]*</a>\s*<span class="hit-meta"><span class="hit-title" '
        r'lang="(\w+)" dir="ltr">(.*?)</span>',
        html,
    )
    assert hits
    titles, held = _titles(lang), _held(lang) if lang != "en" else set()
    assert {(s, code, t) for s, code, t in hits} == {(s, "fr" if s in held else "en", titles[s]) for s, _, _ in hits}
    data = client.get("/api/search/footnotes/", {"q": q, "lang": lang}).json()
    assert [h["document"]["title"] for h in data["results"]] == [
        titles[h["document"]["symbol"]] for h in data["results"]
    ]
