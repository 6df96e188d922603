"""Downloads in a language: their links go to the pages and endpoints in it, and their file names read in
the script of the words searched (RFC 6266 ``filename*``), with an ASCII ``filename`` beside."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import unquote

import pytest

from archive.models import DocumentVersion

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _held(lang: str) -> set[str]:
    return set(DocumentVersion.objects.filter(language=lang).values_list("document__symbol", flat=True))


def _names(response) -> tuple[str, str | None]:
    """(filename, filename* decoded or None) of the Content-Disposition."""
    header = response["Content-Disposition"]
    assert header.isascii()
    ascii_name = re.search(r'filename="([^"]*)"', header).group(1)
    star = re.search(r"filename\*=UTF-8''(\S+)", header)
    return ascii_name, unquote(star.group(1)) if star else None


@pytest.mark.parametrize(
    "url, columns",
    [
        ("/search.csv?q=travailleuses", ("url", "json_url")),
        ("/search/footnotes.csv?q=Nations", ("url",)),
        ("/documents/A/RES/80/185/para/op1/history.csv", ("url",)),
        ("/series/violence-against-women-migrant-workers/compare.csv?from=A/RES/72/149&to=A/RES/80/185", ("to_url",)),
        ("/instruments/UNTS:2220:39481/citations.csv", ("url",)),
    ],
)
def test_a_download_in_a_language_links_the_pages_in_it_where_the_document_is_held(client, url, columns):
    rows = _rows(client.get(url + ("&" if "?" in url else "?") + "lang=fr"))
    held = _held("fr")
    links = [(r.get("document") or r.get("to_document") or "", r[c]) for r in rows for c in columns if r[c]]
    assert links
    for symbol, link in links:
        for one in link.split(" "):  # compare: a group's paragraphs, space-separated
            in_french = "?lang=fr" in one
            assert in_french == (symbol in held) if symbol else in_french or "?" not in one, (symbol, one)
    assert any("?lang=fr" in link for _, link in links)


def test_an_english_download_links_plain_pages(client):
    rows = _rows(client.get("/search.csv", {"q": "migrant"}))
    assert rows and not any("lang=" in r["url"] + r["json_url"] for r in rows)


@pytest.mark.parametrize(
    "lang, q, readable, fallback",
    [
        ("ru", "насилие", "paragraphs-насилие-ru.csv", "paragraphs-query-ru.csv"),
        ("ar", "العاملات", "paragraphs-العاملات-ar.csv", "paragraphs-query-ar.csv"),
        ("zh", "移民女工", "paragraphs-移民女工-zh.csv", "paragraphs-query-zh.csv"),
        ("fr", "réaffirme", "paragraphs-réaffirme-fr.csv", "paragraphs-reaffirme-fr.csv"),
        ("fr", "travailleuses migrantes", None, "paragraphs-travailleuses_migrantes-fr.csv"),
    ],
)
def test_a_search_csv_is_named_for_its_words_in_their_script(client, lang, q, readable, fallback):
    response = client.get("/search.csv", {"q": q, "lang": lang})
    assert response.status_code == 200
    assert _names(response) == (fallback, readable)


def test_the_footnote_csv_is_named_the_same_way(client):
    assert _names(client.get("/search/footnotes.csv", {"q": "насилие", "lang": "ru"})) == (
        "footnotes-query-ru.csv",
        "footnotes-насилие-ru.csv",
    )


def test_a_file_name_holds_nothing_a_header_or_a_file_system_would_misread(client):
    q = 'женщин "x"/..\\y;\u202ez: *?<a>|'
    ascii_name, readable = _names(client.get("/search.csv", {"q": q, "lang": "ru"}))
    for name in (ascii_name, readable):
        assert not set(name) & set('"/\\;:*?<>| \u202e'), name
        assert ".." not in name and not name.startswith(".")
    assert readable == "paragraphs-женщин_x_y_z_a-ru.csv"
