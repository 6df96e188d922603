"""A page in another language keeps it: its internal links and downloads carry ``lang`` where the target
has the language, its alternates name every language it has, and its canonical is itself."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db
SERIES = "/series/violence-against-women-migrant-workers"


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', html)]


def _link(html: str, pattern: str) -> str:
    found = [h for h in _hrefs(html) if re.search(pattern, h)]
    assert found, pattern
    return found[0]


def _held(url: str, code: str) -> bool:
    """Whether the document a link goes to is held in ``code``."""
    from archive.models import DocumentVersion

    symbol = re.match(r"^/documents/(.+?)/(?:para/|\?|#|$)", url).group(1)
    return DocumentVersion.objects.filter(document__symbol=symbol, language=code).exists()


def _lang(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get("lang", [None])[0]


@pytest.mark.parametrize("code", ["fr", "es", "ru", "ar", "zh"])
def test_document_page_links_keep_the_language(client, collection, code):
    html = _html(client, f"/documents/A/RES/80/185/?lang={code}")
    assert _lang(_link(html, r"^/search\.csv\?")) == code
    assert _lang(_link(html, r"^/api/documents/A/RES/80/185/$|^/api/documents/A/RES/80/185/\?")) == code
    assert _lang(_link(html, r"/akn\.xml")) == code
    permalinks = [h for h in _hrefs(html) if re.match(r"^/documents/A/RES/80/185/para/[\w.-]+/(\?|$)", h)]
    assert permalinks and all(_lang(h) == code for h in permalinks)
    histories = [h for h in _hrefs(html) if "/history/" in h]
    assert histories and all(_lang(h) == code for h in histories)
    lineage = re.findall(r'<span class="lineage[^>]*>.*?<a href="([^"]+)"', html)
    assert lineage and all(_lang(unescape(h)) == code for h in lineage)
    # the header search box searches in the page's language
    form = re.search(r'<form class="search-form".*?</form>', html, re.S).group(0)
    assert f'<input type="hidden" name="lang" value="{code}">' in form


def test_english_page_links_carry_no_language(client, collection):
    html = _html(client, "/documents/A/RES/80/185/")
    assert _lang(_link(html, r"^/search\.csv\?")) is None
    assert 'name="lang"' not in re.search(r'<form class="search-form".*?</form>', html, re.S).group(0)


def test_history_page_links_and_downloads_keep_the_language(client, collection):
    html = _html(client, "/documents/A/RES/80/185/para/op1/history/?lang=fr")
    assert _lang(_link(html, r"history\.csv")) == "fr"
    assert _lang(_link(html, r"^/api/.*/history/")) == "fr"
    assert _lang(_link(html, r"order=")) == "fr"
    versions = [h for h in _hrefs(html) if re.match(r"^/documents/A/RES/\d+/\d+/para/", h) and "history" not in h]
    assert versions and all(_lang(h) == ("fr" if _held(h, "fr") else None) for h in versions)


def test_compare_page_downloads_keep_pair_and_language(client, collection):
    html = _html(client, f"{SERIES}/compare/?from=A/RES/78/180&to=A/RES/80/185&lang=es")
    for pattern in (r"compare\.csv", r"^/api/series/.*/compare/"):
        query = parse_qs(urlsplit(_link(html, pattern)).query)
        assert query["lang"] == ["es"] and query["from"] == ["A/RES/78/180"] and query["to"] == ["A/RES/80/185"]


def test_instrument_page_links_keep_the_language_and_label_english_only_text(client, collection):
    html = _html(client, "/instruments/UNTS:2220:39481/?lang=ru")
    assert _lang(_link(html, r"citations\.csv")) == "ru"
    citing = [h for h in _hrefs(html) if h.startswith("/documents/")]
    assert citing and all(_lang(h) == ("ru" if _held(h, "ru") else None) for h in citing)
    assert {_lang(h) for h in citing} == {"ru", None}  # some citing documents are held in Russian, some not
    # a citing footnote of a document held in English only is labelled so, as the history page labels it
    english = re.findall(r'<q lang="en"[^>]*>.*?</q>( <span class="fallback-note">[^<]*</span>)?', html, re.S)
    assert english and all("Held in English only" in label for label in english)


def _head_links(html: str):
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
    return canonical, {k: unescape(v) for k, v in alternates.items()}


def test_compare_page_has_alternates_and_a_canonical_with_its_pair(client, collection):
    html = _html(client, f"{SERIES}/compare/?from=A/RES/72/149&to=A/RES/74/127&lang=fr")
    canonical, alternates = _head_links(html)
    assert len(canonical) == 1
    query = parse_qs(urlsplit(unescape(canonical[0])).query)
    assert query == {"from": ["A/RES/72/149"], "to": ["A/RES/74/127"], "lang": ["fr"]}
    assert set(alternates) == {"ar", "zh", "en", "fr", "ru", "es"}  # 74/127 is held in the six
    for code, url in alternates.items():
        q = parse_qs(urlsplit(url).query)
        assert q["from"] == ["A/RES/72/149"] and q["to"] == ["A/RES/74/127"] and q.get("lang", ["en"]) == [code]


def test_instrument_page_has_alternates(client, collection):
    canonical, alternates = _head_links(_html(client, "/instruments/UNTS:2220:39481/?lang=ru"))
    assert canonical and _lang(unescape(canonical[0])) == "ru"
    assert set(alternates) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert _lang(alternates["ru"]) == "ru" and _lang(alternates["en"]) is None


def test_links_to_documents_held_in_english_only_stay_plain(client, collection):
    """72/149 is held in English only: a French page links it without lang (its page says English only)."""
    html = _html(client, "/documents/A/RES/80/185/para/op1/history/?lang=fr")
    to_english_only = [h for h in _hrefs(html) if h.startswith("/documents/A/RES/72/149/")]
    assert to_english_only and all(_lang(h) is None for h in to_english_only)
    held = [h for h in _hrefs(html) if h.startswith("/documents/A/RES/78/180/")]
    assert held and all(_lang(h) == "fr" for h in held)
    english_only = _html(client, to_english_only[0])
    assert "English only" in english_only
