"""Reading and checking query parameters; a bad one is a 400 with a message, never a 500.

Shared by the JSON views and the CSV downloads, so that ``/api/search/?…`` and
``/search.csv?…`` accept exactly the same parameters as the search page.
"""

from __future__ import annotations

import re

from django.utils.http import urlencode

from archive.filters import ParagraphFilter
from archive.search.parameters import read_search

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000


class ApiError(Exception):
    """An error the client can fix (400) or a missing resource (404)."""

    def __init__(self, status: int, detail: str, fields: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.fields = fields or {}


def check_characters(request) -> None:
    """PostgreSQL refuses NUL in text: refuse it here, as a 400, for every parameter."""
    bad = sorted({k for k, values in request.GET.lists() if "\x00" in k or any("\x00" in v for v in values)})
    if bad:
        raise ApiError(400, "Parameters must not contain NUL characters.", {k.replace("\x00", ""): ["NUL character"] for k in bad})


def integer(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not re.fullmatch(r"\d{1,9}", raw.strip()):
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}.", {name: ["not a whole number"]})
    value = int(raw)
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be from {low} to {high}.", {name: [f"out of range {low}–{high}"]})
    return value


def choice(request, name: str, choices, default: str = "") -> str:
    value = request.GET.get(name, "")
    if value == "":
        return default
    if value not in choices:
        raise ApiError(400, f"{name} must be one of: {', '.join(choices)}.", {name: ["not a valid choice"]})
    return value


def language_param(request):
    """``?lang=``: one of ar, zh, en, fr, ru, es (English when absent); anything else is a 400."""
    from archive.parsing.languages import LANGUAGES

    return LANGUAGES[choice(request, "lang", list(LANGUAGES), "en")]


def text(request, name: str, max_length: int) -> str:
    value = request.GET.get(name, "")
    if len(value) > max_length:
        raise ApiError(400, f"{name} is longer than {max_length} characters.", {name: ["too long"]})
    return value


def window(request) -> tuple[int, int]:
    """limit/offset of a list: limit 1–100 (20 by default)."""
    return integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), integer(request, "offset", 0, 0, MAX_OFFSET)


def page_links(request, links, count: int, limit: int, offset: int) -> tuple[str | None, str | None]:
    """next/previous of a limit/offset list, the other parameters kept."""
    def at(o: int) -> str:
        params = {k: v for k, v in request.GET.items() if k not in ("limit", "offset")}
        params.update(limit=limit, offset=o)
        return links.abs(f"{request.path}?{urlencode(params)}")

    nxt = at(offset + limit) if offset + limit < count else None
    prev = at(max(0, offset - limit)) if offset > 0 else None
    return nxt, prev


def search_inputs(request) -> tuple[str, ParagraphFilter, str]:
    """The search page's parameters, checked by the search's own reading of them: (q, filterset, sort)."""
    check_characters(request)
    asked = read_search(request.GET)
    fields = {name: msgs for name, msgs in asked.errors.items() if name in ("q", "sort") or name in asked.filterset.filters}
    if fields:
        raise ApiError(400, " ".join(m for msgs in fields.values() for m in msgs), fields)
    return asked.q, asked.filterset, asked.sort
