"""The "also in" list of a paragraph's page, a page at a time, on pairs stored here: every pair on
exactly one page, most similar first; the count right; the page's statements the same however many
pairs the paragraph has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import archive.pages.also_in
from archive.models import Paragraph, ParagraphReach, SharedLanguage

from .test_also_in import SHARED, make

pytestmark = pytest.mark.django_db

URL = "/documents/A/RES/76/1/para/op1/"


def share(first: int, count: int) -> Paragraph:
    """A/RES/76/1 op1 shares its language with ``count`` more documents (A/RES/77/<first>...), at
    similarities that tie in threes (the documents' order breaks the ties)."""
    here = Paragraph.objects.filter(document__symbol="A/RES/76/1", anchor="op1").first()
    if here is None:
        here = make("A/RES/76/1", [SHARED]).paragraphs.get()
    for n in range(first, first + count):
        other = make(f"A/RES/77/{n}", [SHARED]).paragraphs.get()
        SharedLanguage.objects.create(
            paragraph=here, other=other, other_document=other.document, similarity=1 - (n // 3) / 100, match="paragraph"
        )
    ParagraphReach.objects.update_or_create(paragraph=here, defaults={"documents": first + count})
    return here


def in_order(paragraph) -> list[int]:
    return list(
        SharedLanguage.objects.filter(paragraph=paragraph)
        .order_by("-similarity", "other_document__session", "other_document__symbol")
        .values_list("id", flat=True)
    )


def test_each_pair_is_on_exactly_one_page_most_similar_first(client, monkeypatch):
    monkeypatch.setattr(archive.pages.also_in, "ALSO_IN_PAGE", 3)
    here = share(0, 8)
    first = client.get(URL)
    pages = [first] + [client.get(URL, {"also_page": n}) for n in range(2, first.context["also_in"]["page"].pages + 1)]
    assert len(pages) == 3
    assert [p.id for r in pages for p in r.context["also_in"]["pairs"]] == in_order(here)
    for n, r in enumerate(pages, 1):
        html = r.content.decode()
        assert r.context["also_in"]["total"] == 8
        assert f"of 8 paragraphs · page {n} of 3" in html
        assert "8 other documents" in html and "(8 paragraphs, the most similar first)" in html
    assert '<ol class="also-in-list" start="4">' in pages[1].content.decode()  # the numbering goes on
    assert 'href="?also_page=2#also-in"' in pages[0].content.decode()
    # a bad number is the first page, too large a number the last
    assert client.get(URL, {"also_page": "x"}).context["also_in"]["page"].page == 1
    last = client.get(URL, {"also_page": "99"}).context["also_in"]
    assert last["page"].page == 3 and [p.id for p in last["pairs"]] == in_order(here)[6:]


def test_a_short_list_is_one_page_without_links(client, monkeypatch):
    monkeypatch.setattr(archive.pages.also_in, "ALSO_IN_PAGE", 3)
    share(0, 3)
    found = client.get(URL).context["also_in"]
    assert found["total"] == 3 and found["page"].pages == 1
    assert "also_page=" not in client.get(URL).content.decode()


def statements(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_paragraph_page_statements_do_not_grow_with_its_pairs(client, monkeypatch):
    monkeypatch.setattr(archive.pages.also_in, "ALSO_IN_PAGE", 3)
    share(0, 7)  # the first two pages full, each counting the pairs (a last page short of full needs no count)
    few = [statements(client, URL), statements(client, URL + "?also_page=2")]
    share(7, 60)
    assert [statements(client, URL), statements(client, URL + "?also_page=2")] == few
    # the API lists the 200 most similar, as before, without pages
    data = client.get("/api/documents/A/RES/76/1/paragraphs/op1/").json()["also_in"]
    assert data["paragraphs_total"] == len(data["paragraphs"]) == 67
