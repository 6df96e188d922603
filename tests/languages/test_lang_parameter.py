"""One reading of ``lang`` on every page, download and API endpoint (``archive.documents.languages.read_lang``):
a code in lower case, given once (the same value twice is one value); anything else a 400 naming ``lang``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

COMPARE = "/series/violence-against-women-migrant-workers/compare/?from=A/RES/78/180&to=A/RES/80/185"
PAGES = [
    "/",  # a page offered in English only reads lang as every page does
    "/series/",
    "/documents/A/RES/72/149/",  # a document the archive knows of but does not hold
    "/documents/{pair}/",
    "/documents/A/RES/80/185/",
    "/documents/A/RES/80/185/para/op1/",
    "/documents/A/RES/80/185/para/op1/history/",
    COMPARE,
    "/instruments/UNTS:2220:39481/",
    "/search/?q=women",
    "/search/?q=women&in=footnotes",
]
API = [
    "/api/documents/A/RES/80/185/",
    "/api/documents/A/RES/80/185/paragraphs/op1/",
    "/api/documents/A/RES/80/185/paragraphs/op1/history/",
    "/api/series/violence-against-women-migrant-workers/compare/",
    "/api/search/?q=women",
    "/api/search/footnotes/?q=women",
    "/search.csv?q=women",
    "/search/footnotes.csv?q=women",
    "/documents/A/RES/80/185/akn.xml",
    "/documents/A/RES/80/185/para/op1/history.csv",
    "/series/violence-against-women-migrant-workers/compare.csv",
    "/instruments/UNTS:2220:39481/citations.csv",
]
REFUSED = {
    "unknown": "lang=xx",
    "empty": "lang=",
    "two": "lang=fr&lang=es",
    "two, one unknown": "lang=xx&lang=fr",
    "upper case": "lang=FR",
    "padded": "lang=%20fr",
}


def _url(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _page(url: str) -> str:
    """``url``; for the also-in comparison, that of a pair of the collection."""
    if "{pair}" not in url:
        return url
    from archive.models import SharedLanguage

    pair = SharedLanguage.objects.select_related("paragraph__document").order_by("id").first()
    return url.format(pair=f"{pair.paragraph.document.symbol}/para/{pair.paragraph.anchor}/also-in/{pair.other_id}")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("query", REFUSED.values(), ids=REFUSED.keys())
def test_a_page_refuses_a_lang_it_cannot_read_with_a_400_naming_it(client, url, query):
    response = client.get(_url(_page(url), query))
    assert response.status_code == 400, _url(url, query)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "lang is given more than once" in html or "lang must be one of ar, zh, en, fr, ru, es" in html


@pytest.mark.parametrize("url", API)
@pytest.mark.parametrize("query", REFUSED.values(), ids=REFUSED.keys())
def test_the_api_refuses_a_lang_it_cannot_read_with_a_json_400_naming_it(client, url, query):
    response = client.get(_url(url, query))
    assert response.status_code == 400, _url(url, query)
    body = response.json()
    assert list(body["fields"]) == ["lang"]
    assert "ar, zh, en, fr, ru, es" in body["fields"]["lang"][0]
    assert body["fields"]["lang"][0] in body["detail"]


@pytest.mark.parametrize("url", PAGES + API)
def test_the_same_language_given_twice_is_that_language(client, url):
    url = _page(url)
    once, twice = client.get(_url(url, "lang=fr")), client.get(_url(url, "lang=fr&lang=fr"))
    assert once.status_code == twice.status_code == 200, url
    assert _body(twice) == _body(once)


def test_a_symbol_searched_with_a_refused_language_is_not_redirected(client):
    assert client.get("/search/", {"q": "A/RES/80/185", "lang": "xx"}).status_code == 400
    response = client.get("/search/", {"q": "A/RES/80/185", "lang": "fr"})
    assert response.status_code == 302 and response["Location"] == "/documents/A/RES/80/185/?lang=fr"


def test_the_schema_says_lang_is_lower_case_given_once(client):
    schema = client.get("/api/schema/").json()
    lang = next(p for p in schema["paths"]["/api/documents/{symbol}/"]["get"]["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert "lower case and given once" in lang["description"]
