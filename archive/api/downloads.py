"""Downloads: search results (paragraphs, footnotes), an instrument's citations and text mentions,
a comparison and a paragraph's history as CSV; a document as AKN4UN XML.

They live beside the JSON API because they take the same parameters and give the same
errors (JSON 400/404), only in the formats researchers' tools read.
"""

from __future__ import annotations

import re

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from archive.citing_queries import citing_paragraphs, text_mentions
from archive.export import csv as csv_export
from archive.export.akn import CONTENT_TYPE as AKN_CONTENT_TYPE
from archive.export.akn import document_akn as akn_xml
from archive.filters import describe, footnotes_for
from archive.language_views import localize_rows, localize_versions
from archive.models import Instrument
from archive.reading import get_document
from archive.search import languages
from archive.search.facets import COUNT_CAP, capped_count
from archive.search.ranking import RANK_CANDIDATES, ordered

from .lineage import compare_inputs, history_inputs, version_changes
from .params import language_param, search_inputs
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
    lang = language_param(request)
    matches = filterset.qs.search(q) if lang.code == "en" else languages.matching(filterset.qs, q, lang)
    total, capped = capped_count(matches)
    order = sort
    if sort == "relevance" and (not q.strip() or total > RANK_CANDIDATES):
        order = "oldest"
    if lang.code == "en":
        qs = ordered(matches, q, order)
    else:
        ids = "{" + ",".join(str(i) for i in matches.order_by().values_list("id", flat=True)[:RANK_CANDIDATES]) + "}"
        qs = languages.ordered(matches, q, order, ids, lang)

    def url(symbol: str, anchor: str) -> tuple[str, str]:
        return (request.build_absolute_uri(reverse("archive:paragraph", args=[symbol, anchor])),
                request.build_absolute_uri(reverse("api:paragraph", args=[symbol, anchor])))

    rows = csv_export.search_rows(qs, COUNT_CAP, url, lang.code)
    name = describe("paragraphs", q, filterset.form.cleaned_data) + ("" if lang.code == "en" else f"-{lang.code}")
    response = _csv_response(csv_export.stream(csv_export.SEARCH_COLUMNS, rows), name + ".csv")
    response["X-Archive-Order"] = order
    response["X-Archive-Rows"] = str(total)
    if capped:
        response["X-Archive-Truncated"] = f"first {COUNT_CAP} rows"
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
    lang = language_param(request)
    document = get_document(symbol)
    response = HttpResponse(akn_xml(document, request.build_absolute_uri("/"), lang.code), content_type=AKN_CONTENT_TYPE)
    suffix = "" if lang.code == "en" else f"-{lang.code}"
    response["Content-Disposition"] = f'inline; filename="{_filename(symbol)}{suffix}.xml"'
    return response


@api_view
def footnote_search_csv(request):
    """Every footnote the search matches (up to COUNT_CAP), oldest first: the search page's "in footnotes"."""
    q, filterset, _ = search_inputs(request)
    matches = footnotes_for(filterset).search(q)
    total, capped = capped_count(matches)

    def url(symbol: str, number: int) -> str:
        return request.build_absolute_uri(reverse("archive:document", args=[symbol])) + f"#fn{number}"

    rows = csv_export.footnote_rows(matches, COUNT_CAP, url)
    response = _csv_response(csv_export.stream(csv_export.FOOTNOTE_COLUMNS, rows),
                             describe("footnotes", q, filterset.form.cleaned_data) + ".csv")
    response["X-Archive-Rows"] = str(total)
    if capped:
        response["X-Archive-Truncated"] = f"first {COUNT_CAP} rows"
    return response


def _paragraph_url(request):
    def url(symbol: str, anchor: str) -> str:
        return request.build_absolute_uri(reverse("archive:paragraph", args=[symbol, anchor]))
    return url


@api_view
def instrument_mentions_csv(request, key):
    """Every paragraph naming the instrument in its text without a footnote."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("aliases"), key=key)
    rows = csv_export.mention_rows(instrument, text_mentions(instrument), _paragraph_url(request))
    return _csv_response(csv_export.stream(csv_export.MENTION_COLUMNS, rows),
                         f"{_filename(instrument.key)}-text-mentions.csv")


@api_view
def compare_csv(request, slug):
    """Two resolutions of a series aligned, one row per paragraph (or split/merge group)."""
    series, a, b, rows, _, only = compare_inputs(request, slug)
    lang = language_param(request)
    localize_rows(rows, lang)
    out = csv_export.compare_rows(rows, a, b, _paragraph_url(request))
    name = (f"compare-{_filename(a.symbol)}-{_filename(b.symbol)}{'-changes' if only else ''}"
            f"{'' if lang.code == 'en' else '-' + lang.code}.csv")
    return _csv_response(csv_export.stream(csv_export.COMPARE_COLUMNS, out), name)


@api_view
def history_csv(request, symbol, anchor):
    """Every version of a paragraph through its series, oldest first."""
    lang = language_param(request)
    document, paragraph, versions, _ = history_inputs(symbol, anchor)
    changes = {id(v): version_changes(prev, v) for prev, v in zip([None, *versions], versions)}
    localize_versions(versions, lang)  # the texts in the language; the changes column stays the English diff
    out = csv_export.history_rows(versions, _paragraph_url(request), lambda v: changes[id(v)])
    return _csv_response(csv_export.stream(csv_export.HISTORY_COLUMNS, out),
                         f"history-{_filename(document.symbol)}-{paragraph.anchor}"
                         f"{'' if lang.code == 'en' else '-' + lang.code}.csv")
