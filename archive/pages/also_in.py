"""The "also in" list of a paragraph's page, a page at a time: a paragraph of much reused language
has a hundred pairs or more, each a document's symbol, title and two links."""

from __future__ import annotations

from archive.agreed.queries import also_in
from archive.pages.paging import Page, kept_query, page_number

ALSO_IN_PAGE = 50  # pairs a page lists, most similar first


def page_of_also_in(request, paragraph, param: str = "also_page", per_page: int | None = None) -> dict:
    """``also_in`` for the page ``param`` asks (a bad number is the first page, too large the last),
    with the ``Page`` and the query string its links keep."""
    per_page = per_page or ALSO_IN_PAGE
    number = page_number(request, param)
    found = also_in(paragraph, start=(number - 1) * per_page, limit=per_page)
    pages = max(1, -(-found["total"] // per_page))
    if number > pages:  # past the end: the last page
        number = pages
        found = also_in(paragraph, start=(number - 1) * per_page, limit=per_page)
    page = Page(found["pairs"], number, pages, found["total"], per_page)
    return {**found, "page": page, "param": param, "kept": kept_query(request, drop=(param,))}
