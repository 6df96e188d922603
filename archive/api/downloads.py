"""Downloads: search results and an instrument's citations as CSV, a document as AKN4UN XML.

They live beside the JSON API because they take the same parameters and give the same
errors (JSON 400/404), only in the formats researchers' tools read.
"""

from __future__ import annotations

import re

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from archive import search as engine
from archive.citing_queries import citing_paragraphs
from archive.export import csv as csv_export
from archive.export.akn import CONTENT_TYPE as AKN_CONTENT_TYPE
from archive.export.akn import document_akn as akn_xml
from archive.models import Instrument
from archive.reading import get_document

from .params import search_inputs
from .views import api_view

CSV_TYPE = "text/csv; charset=utf-8"


def _filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:100] or "export"


def _csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@api_view
def search_csv(request):
    """Every paragraph the search matches (up to COUNT_CAP), with the search page's filters and sort.

    Relevance ranks the first ``RANK_CANDIDATES`` matches only (see ``archive.search``);
    a larger result is listed in document order instead, and the ``X-Archive-Order``
    header says which order the file is in.
    """
    q, filterset, sort = search_inputs(request)
    matches = filterset.qs.search(q)
    total, capped = engine.capped_count(matches)
    order = sort
    if sort == "relevance" and (not q.strip() or total > engine.RANK_CANDIDATES):
        order = "oldest"
    qs = engine.ordered(matches, q, order)

    def url(symbol: str, anchor: str) -> tuple[str, str]:
        return (request.build_absolute_uri(reverse("archive:paragraph", args=[symbol, anchor])),
                request.build_absolute_uri(reverse("api:paragraph", args=[symbol, anchor])))

    rows = csv_export.search_rows(qs, engine.COUNT_CAP, url)
    response = _csv_response(csv_export.stream(csv_export.SEARCH_COLUMNS, rows),
                             f"search-{_filename(q) if q else 'all'}.csv")
    response["X-Archive-Order"] = order
    response["X-Archive-Rows"] = str(total)
    if capped:
        response["X-Archive-Truncated"] = f"first {engine.COUNT_CAP} rows"
    return response


@api_view
def instrument_citations_csv(request, key):
    """Every paragraph citing an instrument, oldest session first."""
    instrument = get_object_or_404(Instrument, key=key)
    sessions = citing_paragraphs(instrument)

    def url(symbol: str, anchor: str) -> str:
        return request.build_absolute_uri(reverse("archive:paragraph", args=[symbol, anchor]))

    rows = csv_export.citation_rows(instrument, sessions, url)
    return _csv_response(csv_export.stream(csv_export.CITATION_COLUMNS, rows),
                         f"{_filename(instrument.key)}-citations.csv")


@api_view
def document_akn(request, symbol):
    """The document in AKN4UN XML (see ``archive.export.akn``)."""
    document = get_document(symbol)
    response = HttpResponse(akn_xml(document, request.build_absolute_uri("/")), content_type=AKN_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{_filename(symbol)}.xml"'
    return response
