"""The citing lists of an instrument's page and of a cited document's page come a page at a time, each
list under its own page parameter: the pages together hold every citing footnote once."""

from __future__ import annotations

import re

import pytest

import archive.pages.citing
from archive.citations.queries import citing_paragraphs
from archive.models import Citation, Instrument

pytestmark = pytest.mark.django_db


def _most_cited() -> Instrument:
    counts = {}
    for instrument_id in Citation.objects.values_list("instrument_id", flat=True):
        counts[instrument_id] = counts.get(instrument_id, 0) + 1
    return Instrument.objects.get(pk=max(counts, key=counts.get))


def _page_url(client, instrument: Instrument) -> str:
    """The instrument's page, or the page of the document it is, which lists the same citations."""
    chain = client.get(instrument.get_absolute_url(), follow=True).redirect_chain
    return chain[-1][0] if chain else instrument.get_absolute_url()


def test_citations_come_a_page_at_a_time_and_together_hold_every_one(client, collection, monkeypatch):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 2)
    instrument = _most_cited()
    total = sum(len(s["entries"]) for s in citing_paragraphs(instrument))
    assert total > 2
    url = _page_url(client, instrument)
    pages = -(-total // 2)
    seen = []
    for n in range(1, pages + 1):
        html = client.get(url, {"page": n}, follow=True).content.decode()
        assert f"of {total} citing footnotes · page {n} of {pages}" in html
        seen.append(html.split('id="cited"', 1)[1].split('id="mentions"', 1)[0])
    # each page shows its own entries: no two pages alike, and the last links back, not on
    assert len(set(seen)) == pages
    assert 'rel="next"' not in seen[-1].split("</nav>")[0] or pages == 1
    # a bad or too large page number is the nearest page, never an error
    assert client.get(url, {"page": "abc"}, follow=True).status_code == 200
    last = client.get(url, {"page": 999}, follow=True).content.decode()
    assert f"page {pages} of {pages}" in last


def test_the_mentions_page_under_its_own_parameter(client, collection, monkeypatch):
    monkeypatch.setattr(archive.pages.citing, "CITING_PAGE", 1)
    instrument = _most_cited()
    url = _page_url(client, instrument)
    first = client.get(url, follow=True).content.decode()
    other = client.get(url, {"mentions_page": 2}, follow=True).content.decode()

    def cited(html: str) -> str:  # the citing entries shown, without the page links (which keep the other list's page)
        return re.sub(r"<nav .*?</nav>", "", html.split('id="cited"', 1)[1].split('id="mentions"', 1)[0], flags=re.S)

    assert cited(first) == cited(other)  # the citations' page is unchanged by the mentions' page
    assert 'href="?mentions_page=2&amp;page=2#cited"' in other  # and its links keep the mentions' page
