"""The citing lists of an instrument's page and of a cited document's page, a page at a time.

A widely cited instrument (the Universal Declaration, the 2030 Agenda) is cited by hundreds of
paragraphs and named in thousands: the citations (grouped by session) and the text mentions are
each paged under their own query parameter, so that the page stays as long as a page of any other
list. The database counts and pages them: only the page shown is read and built."""

from __future__ import annotations

from dataclasses import dataclass

from archive.citations.queries import (
    by_session,
    citations_of,
    citing_entries,
    citing_sessions,
    mention_counts,
    mention_rows,
)
from archive.pages.paging import Page, kept_query, paginate

CITING_PAGE = 50  # citing footnotes (or text mentions) a page shows


@dataclass
class CitingPage:
    sessions: list[dict]  # this page's entries, grouped by session as ``citing_paragraphs`` gives them
    page: Page
    param: str
    kept: str  # the query string without ``param``
    session_pages: list[tuple[int, int]]  # every session citing, with the page its first entry is on
    documents: int  # documents citing, on every page
    first: dict | None  # the first citation of all (document and citation), wherever the page is


@dataclass
class MentionPage:
    page: Page  # its items: rows of ``mention_rows``
    param: str
    kept: str
    documents: int  # documents naming it, on every page


def page_of_citations(request, instrument, param: str = "page", per_page: int | None = None) -> CitingPage:
    """One page of the instrument's citing footnotes: a grouped count, the page's citations and
    their citing paragraphs (three queries; four past the first page, for the first citation)."""
    per_page = per_page or CITING_PAGE
    stats = citing_sessions(instrument) if instrument is not None else []
    total = sum(s["citations"] for s in stats)
    page = paginate(request, citations_of(instrument, listed=True) if total else [], per_page, count=total, param=param)
    page.items = shown_entries(citing_entries(page.items, listed=True))
    session_pages, before = [], 0
    for s in stats:
        session_pages.append((s["session"], before // per_page + 1))
        before += s["citations"]
    if page.page == 1 or not total:
        first = page.items[0] if page.items else None
    else:
        c = citations_of(instrument, listed=True).first()
        first = {"citation": c, "document": c.footnote.document}
    return CitingPage(
        by_session(page.items),
        page,
        param,
        kept_query(request, drop=(param,)),
        session_pages,
        sum(s["documents"] for s in stats),
        first,
    )


def page_of_mentions(request, mentions, param: str = "mentions_page", per_page: int | None = None) -> MentionPage:
    """One page of text mentions (``mentions``: a ``mentions_of`` queryset): their count and the
    page's rows (two queries, one when there are none), with the query string its links keep."""
    total, documents = mention_counts(mentions)
    page = paginate(request, _ById(mentions) if total else [], per_page or CITING_PAGE, count=total, param=param)
    page.items = mention_rows(page.items)
    urls = DocumentUrls()
    for m in page.items:
        p = m["paragraph"]
        m["symbol"], m["label"], m["url"] = m["document"].symbol, p.label, urls.paragraph(m["document"], p.anchor)
    return MentionPage(page, param, kept_query(request, drop=(param,)), documents)


def shown_entries(entries: list[dict]) -> list[dict]:
    """What the page shows of each entry as plain strings (``archive_citing.citing_entry`` writes them
    out), its links built once per document: not a reverse() and a chain of attributes for each of
    the hundred-odd links and labels of a page."""
    urls = DocumentUrls()
    for e in entries:
        c, d = e["citation"], e["document"]
        e["symbol"], e["number"], e["pinpoint"], e["url"] = d.symbol, str(c.footnote.number), c.pinpoint, urls.of(d)
        for x in e["contexts"]:
            x["label"], x["url"] = x["paragraph"].label, urls.paragraph(d, x["paragraph"].anchor)
    return entries


class DocumentUrls:
    """Documents' and their paragraphs' addresses, each document's reversed once (as the document page
    builds its paragraphs' permalinks from its own)."""

    def __init__(self):
        self.known: dict[str, str] = {}

    def of(self, document) -> str:
        url = self.known.get(document.symbol)
        if url is None:
            url = self.known[document.symbol] = document.get_absolute_url()
        return url

    def paragraph(self, document, anchor: str) -> str:
        return f"{self.of(document)}para/{anchor}/"


class _ById:
    """A queryset whose slice is read by its ids: the database sorts the narrow rows (ids and the
    sort keys) and reads whole rows (the paragraph's text) for the page only: for the 2,541 mentions
    of the 2030 Agenda, a third less time than the plain slice on the first page, half on the last."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __getitem__(self, page: slice):
        return self.queryset.filter(id__in=self.queryset.values("id")[page])
