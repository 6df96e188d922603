"""The citing lists of an instrument's page and of a cited document's page, a page at a time.

A widely cited instrument (the Universal Declaration, the 2030 Agenda) is cited by hundreds of
paragraphs: the citations (grouped by session) and the text mentions are each paged under their
own query parameter, so that the page stays as long as a page of any other list."""

from __future__ import annotations

from dataclasses import dataclass

from archive.pages.paging import Page, kept_query, paginate

CITING_PAGE = 50  # citing footnotes (or text mentions) a page shows


@dataclass
class CitingPage:
    sessions: list[dict]  # this page's entries, grouped by session as ``citing_paragraphs`` gives them
    page: Page
    param: str
    kept: str  # the query string without ``param``
    session_pages: list[tuple[int, int]]  # every session citing, with the page its first entry is on


def page_of_citations(request, sessions: list[dict], param: str = "page", per_page: int | None = None) -> CitingPage:
    per_page = per_page or CITING_PAGE
    flat = [(s["session"], e) for s in sessions for e in s["entries"]]
    page = paginate(request, flat, per_page, count=len(flat), param=param)
    grouped: dict[int, list] = {}
    for session, entry in page.items:
        grouped.setdefault(session, []).append(entry)
    first: dict[int, int] = {}
    for i, (session, _) in enumerate(flat):
        first.setdefault(session, i // per_page + 1)
    return CitingPage(
        [{"session": s, "entries": es} for s, es in grouped.items()],
        page,
        param,
        kept_query(request, drop=(param,)),
        list(first.items()),
    )


def page_of_mentions(request, mentions: list[dict], param: str = "mentions_page", per_page: int | None = None):
    """One page of text mentions, with the query string its links keep."""
    page = paginate(request, mentions, per_page or CITING_PAGE, count=len(mentions), param=param)
    return page, kept_query(request, drop=(param,))
