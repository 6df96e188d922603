"""Downloads: search results (paragraphs, footnotes), an instrument's citations and text mentions,
a comparison and a paragraph's history as CSV; a document as AKN4UN XML.

They live beside the JSON API because they take the same parameters and give the same
errors (JSON 400/404), only in the formats researchers' tools read; they are operations of
the same django-ninja API, so the OpenAPI schema describes them too.
"""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from archive.citations.queries import citing_paragraphs, text_mentions
from archive.documents.assembly import get_document
from archive.documents.languages import localize, localize_citing, localize_rows, localize_versions
from archive.export import csv as csv_export
from archive.export.akn import CONTENT_TYPE as AKN_CONTENT_TYPE
from archive.export.akn import document_akn as akn_xml
from archive.export.filenames import FileName
from archive.filters import describe, footnotes_for
from archive.models import Instrument
from archive.parsing.languages import Language as OfficialLanguage
from archive.search import languages
from archive.search.facets import COUNT_CAP, capped_count
from archive.search.ranking import RANK_CANDIDATES, ordered

from . import schemas as out
from . import serializers as ser
from .lineage import compare_inputs, history_inputs, version_changes
from .params import CompareDownloadParams, DownloadSearchParams, Language
from .views import ANCHOR, KEY, SLUG, SYMBOL

CSV_TYPE = "text/csv; charset=utf-8"
router = Router()


def download(path: str, name: str, operation_id: str, summary: str, content_type: str = "text/csv", errors=(400, 404)):
    """A GET operation answering a file: its media type in the schema, its errors in JSON."""
    errors = (*errors, 414, 503)
    described = {
        400: "Invalid parameter.",
        404: "No such resource.",
        414: "Request line too long.",
        503: "The database timed out; retry.",
    }
    return router.get(
        path,
        url_name=name,
        operation_id=operation_id,
        summary=summary,
        response={s: out.Error for s in errors},
        openapi_extra={
            "responses": {
                200: {"description": "OK", "content": {content_type.split(";")[0]: {"schema": {"type": "string"}}}},
                **{s: {"description": described[s]} for s in errors},
            }
        },
    )


def _csv_response(rows, name: FileName) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type=CSV_TYPE)
    response["Content-Disposition"] = name.header()
    return response


def _paragraph_url(request, lang: OfficialLanguage | None = None):
    """A paragraph's page, in ``lang`` where its document is held in it (as the pages and the API link it)."""
    links = ser.Links(request, lang)

    def url(symbol: str, anchor: str) -> str:
        return links.paragraph(symbol, anchor)["html"]

    return url


@download("search.csv", "search_csv", "searchCsv", "Search results as CSV (all matches up to the cap)", errors=(400,))
def search_csv(request, params: Query[DownloadSearchParams]):
    """Every paragraph the search matches (up to COUNT_CAP), with the search page's filters and sort.

    Relevance ranks the first ``RANK_CANDIDATES`` matches only (see ``archive.search``);
    a larger result is listed in document order instead, and the ``X-Archive-Order``
    header says which order the file is in.
    """
    q, filterset, sort = params.inputs(request)
    lang = params.language(request)
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

    links = ser.Links(request, lang)

    def url(symbol: str, anchor: str) -> tuple[str, str]:
        found = links.paragraph(symbol, anchor)
        return found["html"], found["self"]

    rows = csv_export.search_rows(qs, COUNT_CAP, url, lang.code)
    name = describe("paragraphs", q, filterset.form.cleaned_data, lang.code)
    response = _csv_response(csv_export.stream(csv_export.SEARCH_COLUMNS, rows), name)
    response["X-Archive-Order"] = order
    response["X-Archive-Rows"] = str(total)
    if capped:
        response["X-Archive-Truncated"] = f"first {COUNT_CAP} rows"
    return response


@download(
    "instruments/{path:key}/citations.csv",
    "instrument_citations_csv",
    "instrumentCitationsCsv",
    "An instrument's citing paragraphs as CSV",
)
def instrument_citations_csv(request, params: Query[Language], key: str = KEY):
    """Every paragraph citing an instrument, oldest session first; footnotes and paragraphs in ``lang``
    where their documents have it (the ``language`` column says which)."""
    instrument = get_object_or_404(Instrument, key=key)
    sessions = citing_paragraphs(instrument)
    lang = params.language(request)
    localize_citing(sessions, lang)
    localize([p for s in sessions for e in s["entries"] for p in e["paragraphs"]], lang)
    rows = csv_export.citation_rows(instrument, sessions, _paragraph_url(request, lang))
    return _csv_response(
        csv_export.stream(csv_export.CITATION_COLUMNS, rows),
        FileName((instrument.key, "citations"), "csv", language=lang.code),
    )


@download(
    "documents/{symbol:symbol}/akn.xml", "document_akn", "documentAkn", "A document as AKN4UN XML", AKN_CONTENT_TYPE
)
def document_akn(request, params: Query[Language], symbol: str = SYMBOL):
    """The document in AKN4UN XML (see ``archive.export.akn``)."""
    lang = params.language(request)
    document = get_document(symbol)
    response = HttpResponse(
        akn_xml(document, request.build_absolute_uri("/"), lang.code), content_type=AKN_CONTENT_TYPE
    )
    response["Content-Disposition"] = FileName((symbol,), "xml", language=lang.code).header("inline")
    return response


@download(
    "search/footnotes.csv", "footnote_search_csv", "searchFootnotesCsv", "Footnote search results as CSV", errors=(400,)
)
def footnote_search_csv(request, params: Query[DownloadSearchParams]):
    """Every footnote the search matches (up to COUNT_CAP), oldest first: the search page's "in footnotes";
    in another language, the footnotes whose text in it matches, with that text."""
    q, filterset, _ = params.inputs(request)
    lang = params.language(request)
    footnotes = footnotes_for(filterset)
    matches = footnotes.search(q) if lang.code == "en" else languages.matching(footnotes, q, lang)
    total, capped = capped_count(matches)

    links = ser.Links(request, lang)

    def url(symbol: str, number: int) -> str:
        return links.document(symbol)["html"] + f"#fn{number}"

    rows = csv_export.footnote_rows(matches, COUNT_CAP, url, lang.code)
    response = _csv_response(
        csv_export.stream(csv_export.FOOTNOTE_COLUMNS, rows),
        describe("footnotes", q, filterset.form.cleaned_data, lang.code),
    )
    response["X-Archive-Rows"] = str(total)
    if capped:
        response["X-Archive-Truncated"] = f"first {COUNT_CAP} rows"
    return response


@download(
    "instruments/{path:key}/mentions.csv",
    "instrument_mentions_csv",
    "instrumentMentionsCsv",
    "The paragraphs naming an instrument without a footnote, as CSV",
)
def instrument_mentions_csv(request, key: str = KEY):
    """Every paragraph naming the instrument in its text without a footnote."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("aliases"), key=key)
    rows = csv_export.mention_rows(instrument, text_mentions(instrument), _paragraph_url(request))
    return _csv_response(
        csv_export.stream(csv_export.MENTION_COLUMNS, rows), FileName((instrument.key, "text-mentions"), "csv")
    )


@download("series/{slug:slug}/compare.csv", "compare_csv", "compareCsv", "A comparison as CSV")
def compare_csv(request, params: Query[CompareDownloadParams], slug: str = SLUG):
    """Two resolutions of a series aligned, one row per paragraph (or split/merge group)."""
    series, a, b, rows, _, only = compare_inputs(slug, params)
    lang = params.language(request)
    localize_rows(rows, lang)
    out = csv_export.compare_rows(rows, a, b, _paragraph_url(request, lang))
    name = FileName(("compare", a.symbol, b.symbol, "changes" if only else ""), "csv", language=lang.code)
    return _csv_response(csv_export.stream(csv_export.COMPARE_COLUMNS, out), name)


@download(
    "documents/{symbol:symbol}/para/{anchor:anchor}/history.csv",
    "history_csv",
    "paragraphHistoryCsv",
    "A paragraph's history as CSV",
)
def history_csv(request, params: Query[Language], symbol: str = SYMBOL, anchor: str = ANCHOR):
    """Every version of a paragraph through its series, oldest first."""
    lang = params.language(request)
    document, paragraph, versions, _ = history_inputs(symbol, anchor)
    changes = {id(v): version_changes(prev, v) for prev, v in zip([None, *versions], versions)}
    localize_versions(versions, lang)  # the texts in the language; the changes column stays the English diff
    out = csv_export.history_rows(versions, _paragraph_url(request, lang), lambda v: changes[id(v)])
    return _csv_response(
        csv_export.stream(csv_export.HISTORY_COLUMNS, out),
        FileName(("history", document.symbol, paragraph.anchor), "csv", language=lang.code),
    )
