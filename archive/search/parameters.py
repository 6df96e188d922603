"""What a search request may ask, read and checked once for the search page, its CSV and the API.

A query is cleaned (control characters become spaces) and may be at most ``MAX_QUERY_LENGTH``
characters; a query that is a document symbol goes to that document. ``read_search`` checks
every parameter of a search (query, filters, sort, scope, page, language: ``read_lang``, as every page reads it) and returns them
with the errors found, each naming its parameter, so that a bad value is a message and a 400,
never a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.http import QueryDict

from archive.documents.languages import LanguageError, read_lang
from archive.filters import ParagraphFilter
from archive.models import Document, Paragraph
from archive.parsing.languages import LANGUAGES, REFERENCE, Language
from archive.query_string import distinct_values, quoted_values

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_QUERY_LENGTH = 200
STATEMENT_TIMEOUT_MS = 3_000

SORTS = ("relevance", "oldest", "newest", "widest")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """The query as searched: control characters (NUL among them, which PostgreSQL refuses) become spaces."""
    return CONTROL_CHARS.sub(" ", raw).strip()


SYMBOL_RE = re.compile(r"^\s*(?:(A/RES/)?(\d{1,3}/\d{1,4})|(A/\d{1,3}/\d{1,4}))\s*$", re.IGNORECASE)


def document_for_query(q: str) -> Document | None:
    """A query that is a document symbol or number goes straight to that document."""
    m = SYMBOL_RE.match(q or "")
    if not m:
        return None
    symbol = f"A/RES/{m.group(2)}" if m.group(2) else m.group(3).upper()
    return Document.objects.filter(symbol=symbol).only("symbol").first()


SCOPES = {"paragraphs": "Paragraphs", "footnotes": "Footnotes"}
MAX_PAGE_DIGITS = 6  # a page beyond the last shows the last; beyond this it is refused
# what a search reads of a request: its own parameters and the filters'
PARAMETERS = ("q", "sort", "in", "page", "lang", *ParagraphFilter.base_filters)
SEARCH_PARAMETERS = tuple(p for p in PARAMETERS if p != "lang")  # lang: checked by its own reader, read_lang


def repeated(params: QueryDict, names=PARAMETERS) -> dict[str, list[str]]:
    """An error for each of ``names`` given more than once with different values: taking one of them would
    silently widen or narrow the search (``q=women&q=``, read as its last value, searched everything). The
    same value twice is one value. A plain mapping (``read_search`` is given one in code) holds one value a name."""
    errors = {}
    for name in names:
        values = distinct_values(params, name)
        if len(values) > 1:
            errors[name] = [
                f"{name} is given more than once, with different values ({quoted_values(values)}): give it once."
            ]
    return errors


# what the form's "Filters and sort" panel holds: every parameter a search reads but these
OUTSIDE_PANEL = ("q", "in", "page", "lang")


def filters_active(params) -> int:
    """How many of the panel's filters and sort a request sets (the language is chosen beside the query)."""
    return sum(1 for k, v in params.items() if v and k not in OUTSIDE_PANEL)


@dataclass
class SearchRequest:
    """A search's parameters as read: the query, the filters (a bound ``ParagraphFilter``), the sort,
    the scope (paragraphs or footnotes), the page and the language; ``errors`` per parameter."""

    q: str
    filterset: ParagraphFilter
    sort: str
    scope: str
    page: int
    lang: Language
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        return [m for msgs in self.errors.values() for m in msgs]


def read_search(params: QueryDict) -> SearchRequest:
    """Every parameter of a search checked once, as the search page, its downloads and the API read them.

    Absent parameters take their defaults (relevance, paragraphs, page 1, English); a value that is
    given must be valid, an empty one included, and given once (``repeated``)."""
    errors: dict[str, list[str]] = {}
    q = clean_query(params.get("q", ""))
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = [f"The query is longer than {MAX_QUERY_LENGTH} characters."]
    filterset = ParagraphFilter(params, queryset=Paragraph.objects.body())
    if not filterset.is_valid():
        for name, msgs in filterset.errors.items():
            errors[name] = [f"{filterset.filters[name].label}: {' '.join(msgs)}"]
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        errors["sort"] = ["Sort must be " + ", ".join(SORTS[:-1]) + f" or {SORTS[-1]}."]
    scope = params.get("in", "paragraphs")
    if scope not in SCOPES:
        errors["in"] = ["Search in paragraphs or footnotes."]
    page_param = params.get("page", "1")
    # isascii: not "²" or "٣", which isdigit() accepts and int() refuses or reads
    if not (page_param.isascii() and page_param.isdigit()) or len(page_param) > MAX_PAGE_DIGITS:
        errors["page"] = ["Page must be a whole number."]
    try:
        lang = read_lang(params)
    except LanguageError as e:
        lang, errors["lang"] = LANGUAGES[REFERENCE], [str(e)]
    for name, messages in repeated(params, SEARCH_PARAMETERS).items():
        errors[name] = messages + errors.get(name, [])
    return SearchRequest(
        q=q,
        filterset=filterset,
        sort=sort if sort in SORTS else "relevance",
        scope=scope if scope in SCOPES else "paragraphs",
        page=max(1, int(page_param)) if "page" not in errors else 1,
        lang=lang,
        errors=errors,
    )
