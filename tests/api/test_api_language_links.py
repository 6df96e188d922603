"""An answer of the API asked in a language links the pages and endpoints in that language, as the HTML pages
do: ``?lang=`` on every document, paragraph and instrument page link of a document held in it, a document held in
English only linked plain; an English answer links plain. Followed, a link answers in that language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import DocumentVersion

pytestmark = pytest.mark.django_db

HELD_IN_FRENCH = "A/RES/80/185"


def _lang(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get("lang", [None])[0]


def _links(data, found=None) -> list[tuple[str, dict]]:
    """Every ``links`` object of an answer, with the symbol it belongs to where it says one."""
    found = [] if found is None else found
    if isinstance(data, dict):
        if isinstance(data.get("links"), dict):
            found.append((data.get("symbol") or data.get("key") or "", data["links"]))
        for value in data.values():
            _links(value, found)
    elif isinstance(data, list):
        for value in data:
            _links(value, found)
    return found


def _held(code: str) -> set[str]:
    return set(DocumentVersion.objects.filter(language=code).values_list("document__symbol", flat=True))


def test_a_document_in_french_links_its_french_page_json_and_akn(client, collection):
    data = client.get(f"/api/documents/{HELD_IN_FRENCH}/", {"lang": "fr"}).json()
    assert {name: _lang(data["links"][name]) for name in ("self", "html", "akn")} == dict.fromkeys(
        ("self", "html", "akn"), "fr"
    )
    assert _lang(data["links"]["official"]) is None
    for p in data["paragraphs"]:
        assert _lang(p["links"]["self"]) == _lang(p["links"]["html"]) == "fr", p["anchor"]
    instruments = [c["instrument"]["links"] for f in data["footnotes"] for c in f["citations"] if c["instrument"]]
    assert instruments
    for links in instruments:  # the instrument's page lists its citing paragraphs in French; its JSON has no lang
        assert _lang(links["html"]) == _lang(links["citations_csv"]) == "fr" and _lang(links["self"]) is None


def test_followed_the_links_answer_in_the_language(client, collection):
    data = client.get(f"/api/documents/{HELD_IN_FRENCH}/", {"lang": "fr"}).json()
    assert client.get(data["links"]["self"]).json()["language"] == "fr"
    paragraph = client.get(data["paragraphs"][0]["links"]["self"]).json()
    assert paragraph["language"] == "fr" and paragraph["text"] == data["paragraphs"][0]["text"]
    page = client.get(data["paragraphs"][0]["links"]["html"]).content.decode()
    assert '<p class="text" lang="fr" dir="ltr">' in page
    assert '<FRBRlanguage language="fra"' in client.get(data["links"]["akn"]).content.decode()


def test_a_paragraph_links_documents_held_in_the_language_in_it_and_the_others_plain(client, collection):
    held = _held("ar")
    data = client.get(f"/api/documents/{HELD_IN_FRENCH}/paragraphs/op7/", {"lang": "ar"}).json()
    assert _lang(data["links"]["html"]) == "ar" and _lang(data["document"]["links"]["self"]) == "ar"
    assert _lang(data["next"]["links"]["self"]) == "ar"
    others = {p["symbol"]: p["links"] for p in data["also_in"]["paragraphs"]}
    assert set(others) & held and set(others) - held  # agreed language in both kinds of document
    for symbol, links in others.items():
        assert _lang(links["html"]) == _lang(links["self"]) == ("ar" if symbol in held else None), symbol


@pytest.mark.parametrize(
    "url",
    [
        f"/api/documents/{HELD_IN_FRENCH}/paragraphs/op7/history/",
        "/api/series/violence-against-women-migrant-workers/compare/",
        "/api/search/?q=travailleuses",
    ],
)
def test_history_compare_and_search_keep_the_language_on_their_links(client, collection, url):
    data = client.get(url, {"lang": "fr"}).json()
    held, links = _held("fr"), _links(data)
    symbols = {symbol for symbol, _ in links if symbol}
    assert symbols & held
    for symbol, found in links:
        for name in ("self", "html"):
            if name in found and "/documents/" in found[name] and symbol:
                assert _lang(found[name]) == ("fr" if symbol in held else None), (symbol, name, found[name])


def test_an_english_answer_links_plain(client, collection):
    for params in ({}, {"lang": "en"}):
        data = client.get(f"/api/documents/{HELD_IN_FRENCH}/paragraphs/op7/", params).json()
        assert all(_lang(url) is None for _, links in _links(data) for url in links.values() if url)
