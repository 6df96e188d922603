"""The query parameters of the open-data endpoints, as django-ninja schemas.

Declared once here, they are validated by ninja (a wrong type, a value out of range, an
empty or unknown enum value is a 400 naming the parameter) and described in the generated
OpenAPI schema. One paging scheme for every list and search: ``page`` and ``page_size``.
"""

from __future__ import annotations

import math
from typing import Literal

from django.http import QueryDict
from django.utils.http import urlencode
from ninja import Field, Schema

from archive.citations.queries import MAX_NAME_QUERY
from archive.citations.queries import SORTS as INSTRUMENT_SORTS
from archive.documents.languages import read_lang
from archive.filters import SEARCHABLE_KINDS, ParagraphFilter
from archive.models import Document, Instrument, Paragraph
from archive.parsing.languages import LANGUAGES
from archive.search import parameters
from archive.series.index import SORTS as SERIES_SORTS

from .errors import ApiError

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = parameters.PAGE_SIZE
MAX_PAGE = 10_000
DEEPEST_SEARCH_RESULT = parameters.MAX_PAGE * parameters.PAGE_SIZE  # the search ranks no deeper than this


def literal(values) -> object:
    return Literal[tuple(values)]


LanguageCode = literal(LANGUAGES)
DocumentKind = literal(Document.Kind.values)
InstrumentKind = literal(Instrument.Kind.values)
ParagraphKind = literal(Paragraph.Kind.values)
SearchableKind = literal(k for k, _ in SEARCHABLE_KINDS)
SearchSort = literal(parameters.SORTS)


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Results per page (at most {MAX_PAGE_SIZE})."
    )


class Language(Schema):
    lang: LanguageCode = Field(  # type: ignore[valid-type]
        "en",
        description="Official language: ar, zh, en, fr, ru, es, in lower case and given once (as every page "
        "reads it). Texts (and titles, footnotes) in that language where the archive holds the document in it; "
        "anchors, numbers, citations and lineage stay the English ones.",
    )

    def language(self, request):
        """The language, read as every page reads it (``read_lang``): ninja has checked the value, and
        takes the last of two; two different values are refused (``LanguageError``, a JSON 400)."""
        return read_lang(request.GET)


class DocumentListParams(Paging):
    session: int = Field(None, ge=1, le=200, description="General Assembly session.")
    kind: DocumentKind = Field(None, description="Resolution or report.")  # type: ignore[valid-type]
    series: str = Field(None, max_length=200, description="Series slug.")


class SeriesListParams(Paging):
    committee: str = Field("", max_length=100, description="Main Committee, e.g. Third Committee.")
    agenda_item: str = Field("", max_length=200, description="Words of the agenda item's name.")
    session: int = Field(
        None,
        ge=0,
        le=200,
        description="A session in which the series has a member (resolution or report, held or not).",
    )
    min_sessions: int = Field(
        None, ge=0, le=100, description="At least so many sessions spanned, from its first member to its last."
    )
    sort: literal(SERIES_SORTS) = Field("title", description="Order of the list.")  # type: ignore[valid-type]


class InstrumentListParams(Paging):
    q: str = Field(
        "",
        max_length=MAX_NAME_QUERY,
        description="Words of the title, or a whole part of the key or an alias ('2237', '55/25').",
    )
    kind: InstrumentKind = Field(None, description="Kind of instrument.")  # type: ignore[valid-type]
    sort: literal(INSTRUMENT_SORTS) = Field("documents", description="Order.")  # type: ignore[valid-type]


class SearchFilters(Schema):
    """The search page's parameters (``archive.filters.ParagraphFilter`` gives them their meaning)."""

    q: str = Field(
        "",
        max_length=parameters.MAX_QUERY_LENGTH,
        description='Words, "quoted phrases", OR, -word; empty lists everything.',
    )
    session_from: int = Field(None, ge=1, le=200, description="Earliest session.")
    session_to: int = Field(None, ge=1, le=200, description="Latest session.")
    doc_kind: DocumentKind = Field(None, description="Resolutions or reports.")  # type: ignore[valid-type]
    kind: SearchableKind = Field(  # type: ignore[valid-type]
        None, description="Paragraph kind (a kind brings its sub-items)."
    )
    opening: str = Field("", max_length=100, description="Opening phrase, e.g. 'Calls upon' (case-insensitive).")
    cites: str = Field(
        "", max_length=300, description="Instrument key (or an alias): paragraphs whose footnotes cite it."
    )
    has_footnotes: Literal["yes", "no"] = Field(None, description="Only paragraphs with (or without) markers.")
    document: str = Field("", max_length=100, description="Only paragraphs of this document (74/127 or A/RES/74/127).")
    also_in: int = Field(
        None, ge=1, le=100_000, description="Only paragraphs whose language stands in at least so many documents."
    )
    sort: SearchSort = Field("relevance", description="Order of the results.")  # type: ignore[valid-type]

    def inputs(self, request) -> tuple[str, ParagraphFilter, str]:
        """(query, filterset, sort), checked by the search's own reading of its parameters
        (``archive.search.parameters.read_search``, as the search page reads them); a parameter of the
        request given twice with different values is refused as the page refuses it (ninja reads the last)."""
        given = QueryDict(mutable=True)
        for name, value in self.model_dump().items():
            if (name in ("q", "sort") or name in ParagraphFilter.base_filters) and value not in (None, ""):
                given[name] = str(value)
        asked = parameters.read_search(given)
        errors = {**parameters.repeated(request.GET, (*parameters.SEARCH_PARAMETERS, "page_size")), **asked.errors}
        if errors:
            raise ApiError(400, " ".join(m for messages in errors.values() for m in messages), errors)
        return asked.q, asked.filterset, asked.sort


class SearchParams(SearchFilters, Paging, Language):
    in_: Literal["paragraphs", "footnotes"] = Field(
        "paragraphs", alias="in", description="Search paragraphs, or footnotes (answered by /api/search/footnotes/)."
    )


class FootnoteSearchParams(SearchFilters, Paging, Language):
    pass


class DownloadSearchParams(SearchFilters, Language):
    pass


class CompareParams(Language):
    from_: str = Field(
        "",
        alias="from",
        max_length=100,
        description="Earlier resolution of the series (74/127 or A/RES/74/127); the last but one by default.",
    )
    to: str = Field("", max_length=100, description="Later resolution of the series; the last by default.")
    changes: Literal["0", "1"] = Field("0", description="1: only the rows that changed.")


CompareDownloadParams = CompareParams  # the compare's CSV takes the JSON's parameters


def refuse_offsets(request) -> None:
    """The lists were paged with limit/offset once: say what replaced them rather than ignore them."""
    old = [name for name in ("limit", "offset") if name in request.GET]
    if old:
        raise ApiError(
            400,
            "Lists and searches are paged with page and page_size (at most "
            f"{MAX_PAGE_SIZE}); {' and '.join(old)} are not accepted.",
            {name: ["use page and page_size"] for name in old},
        )


def check_search_depth(paging: Paging) -> None:
    if paging.page * paging.page_size > DEEPEST_SEARCH_RESULT:
        raise ApiError(
            400,
            f"The search lists its first {DEEPEST_SEARCH_RESULT:,} results: page × page_size must not exceed that.",
            {"page": ["too deep"]},
        )


class Pager:
    """``count``, ``page``, ``pages``, ``next`` and ``previous`` of one page, the other parameters kept."""

    def __init__(self, request, links, count: int, page: int, page_size: int, pages: int | None = None):
        self.request, self.links = request, links
        self.count, self.page, self.page_size = count, page, page_size
        self.pages = pages if pages is not None else max(1, math.ceil(count / page_size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def url(self, page: int) -> str:
        params = {k: v for k, v in self.request.GET.items() if k not in ("page", "page_size") and v != ""}
        params["page"] = page
        if self.page_size != DEFAULT_PAGE_SIZE:
            params["page_size"] = self.page_size
        return self.links.abs(f"{self.request.path}?{urlencode(params)}")

    def as_dict(self, results: list) -> dict:
        return {
            "count": self.count,
            "page": self.page,
            "pages": self.pages,
            "page_size": self.page_size,
            "next": self.url(self.page + 1) if self.page < self.pages else None,
            "previous": self.url(min(self.page - 1, self.pages)) if self.page > 1 else None,
            "results": results,
        }
