"""One page of a list that can grow: ``?page=N`` read leniently (a bad or too large number
is the first or the last page, never an error), and the query string the page links keep."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.http import urlencode


@dataclass
class Page:
    items: list
    page: int
    pages: int
    count: int
    per_page: int

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.count)


HUGE_PAGE = 10**9  # any number of more digits than a page number needs: past every last page


def page_number(request, param: str = "page") -> int:
    """The page asked for: a whole number (ASCII digits; however many, past the end is the last page),
    else 1."""
    raw = request.GET.get(param, "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return int(raw) if len(raw) < 10 else HUGE_PAGE


def paginate(request, items, per_page: int, count: int | None = None, param: str = "page") -> Page:
    """``items`` a QuerySet or a list; ``count`` when already known (saves a query); ``param`` the query
    parameter of the page number (a page with two lists pages each under its own)."""
    total = (
        count
        if count is not None
        else (items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items))
    )
    pages = max(1, -(-total // per_page))
    number = min(max(1, page_number(request, param)), pages)
    start = (number - 1) * per_page
    return Page(list(items[start : start + per_page]), number, pages, total, per_page)


def kept_query(request, drop: tuple[str, ...] = ("page",)) -> str:
    """The current query string without ``page``: what the page links add their number to."""
    return urlencode([(k, v) for k, values in request.GET.lists() if k not in drop for v in values if v != ""])
