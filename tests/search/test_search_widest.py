"""The "widest" sort: paragraphs whose agreed language stands in the most other documents first, in every
language, on the page, in the API and in the CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from archive.models import Paragraph, ParagraphReach

pytestmark = pytest.mark.django_db

CASES = [("en", "women"), ("fr", "femmes"), ("es", "mujeres")]


def _reach(ids: list[int]) -> list[int]:
    found = dict(ParagraphReach.objects.filter(paragraph_id__in=ids).values_list("paragraph_id", "documents"))
    return [found.get(i, -1) for i in ids]


def _widest_of(q: str, lang: str) -> int:
    from archive.parsing.languages import LANGUAGES
    from archive.search.languages import matching

    qs = Paragraph.objects.body()
    matches = qs.search(q) if lang == "en" else matching(qs, q, LANGUAGES[lang])
    return matches.aggregate(m=Max("reach__documents"))["m"]


@pytest.mark.parametrize("lang,q", CASES)
def test_widest_puts_the_most_widely_used_language_first(client, lang, q):
    response = client.get("/search/", {"q": q, "lang": lang, "sort": "widest"})
    assert response.status_code == 200
    hits = response.context["results"].hits
    reach = _reach([h.paragraph.id for h in hits])
    assert reach == sorted(reach, reverse=True)
    widest = _widest_of(q, lang)
    assert widest and widest > 0 and reach[0] == widest
    oldest = [
        h.paragraph.id for h in client.get("/search/", {"q": q, "lang": lang, "sort": "oldest"}).context["results"].hits
    ]
    assert [h.paragraph.id for h in hits] != oldest


@pytest.mark.parametrize("lang,q", CASES)
def test_widest_breaks_ties_newest_session_first(client, lang, q):
    hits = client.get("/search/", {"q": q, "lang": lang, "sort": "widest"}).context["results"].hits
    keys = [(r, h.paragraph.document.session) for r, h in zip(_reach([h.paragraph.id for h in hits]), hits)]
    assert keys == sorted(keys, reverse=True)


def _ids(pairs: list[tuple[str, str]]) -> list[int]:
    found = {
        (symbol, anchor): pid
        for pid, symbol, anchor in Paragraph.objects.filter(
            document__symbol__in={s for s, _ in pairs}, anchor__in={a for _, a in pairs}
        ).values_list("id", "document__symbol", "anchor")
    }
    return [found[p] for p in pairs]


@pytest.mark.parametrize("lang,q", CASES)
def test_widest_in_the_api_and_the_csv(client, lang, q):
    page = [
        h.paragraph.id for h in client.get("/search/", {"q": q, "lang": lang, "sort": "widest"}).context["results"].hits
    ]
    data = client.get("/api/search/", {"q": q, "lang": lang, "sort": "widest"}).json()
    assert _ids([(r["document"]["symbol"], r["paragraph"]["anchor"]) for r in data["results"]]) == page
    response = client.get("/search.csv", {"q": q, "lang": lang, "sort": "widest"})
    assert response.status_code == 200 and response["X-Archive-Order"] == "widest"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    ids = _ids([(r["document"], r["anchor"]) for r in rows])
    reach = _reach(ids)
    assert reach == sorted(reach, reverse=True) and reach[0] == _widest_of(q, lang)
    assert ids[: len(page)] == page


def _markers(html: str) -> list[tuple[str, str, int]]:
    """(paragraph address, the language it keeps, count) of each hit's "also in" marker, in order."""
    found = re.findall(
        r'<li class="hit">.*?href="/documents/(.+?)/(?:\?lang=\w+)?#([^"]+)".*?(?:<p class="hit-also-in" lang="en" '
        r'dir="ltr"><a class="also-in-marker" href="/documents/.+?/para/[^/]+/(\?lang=\w+)?#also-in">Also in (\d+) '
        r"other documents?</a></p>)?\s*</li>",
        html,
        re.S,
    )
    return [(f"{s}#{a}", lang, int(n) if n else 0) for s, a, lang, n in found]


@pytest.mark.parametrize("lang,q", CASES)
def test_each_hit_of_the_widest_sort_says_how_widely_its_language_is_used(client, lang, q):
    """The document page's marker on each hit, with the count the sort read: the last page's paragraphs, whose
    language stands nowhere else, have none; the marker links the paragraph's list in the language searched."""
    first = client.get("/search/", {"q": q, "lang": lang, "sort": "widest"})
    results = first.context["results"]
    last = client.get("/search/", {"q": q, "lang": lang, "sort": "widest", "page": results.pages})
    for response in (first, last):
        hits = response.context["results"].hits
        markers = _markers(response.content.decode())
        assert len(markers) == len(hits)
        assert [n for *_, n in markers] == [max(r, 0) for r in _reach([h.paragraph.id for h in hits])]
        assert all(keep == ("" if lang == "en" else f"?lang={lang}") for _, keep, n in markers if n)
    assert markers[-1][2] == 0 and _markers(first.content.decode())[0][2] == _widest_of(q, lang)
    # the other sorts read no reach: no marker
    assert "hit-also-in" not in client.get("/search/", {"q": q, "lang": lang}).content.decode()


@pytest.mark.parametrize("lang,q", CASES)
def test_the_widest_page_asks_no_more_statements_than_the_newest(client, lang, q):
    """The count comes with the sort's own join: not a query per hit, nor one per page."""
    counts = {}
    for sort in ("newest", "widest"):
        client.get("/search/", {"q": q, "lang": lang, "sort": sort})  # what a process loads once (vocabularies)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/search/", {"q": q, "lang": lang, "sort": sort}).status_code == 200
        counts[sort] = len(ctx)
    assert counts["widest"] == counts["newest"]
