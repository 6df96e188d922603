"""The read-only JSON API: django-ninja operations over the querysets the HTML pages use.

Parameters are declared in ``archive.api.params``, answers in ``archive.api.schemas``; the
OpenAPI schema at ``/api/schema/`` is generated from both. Each operation reads its rows in
a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Path, Query, Router

from archive.citations.queries import citing_paragraphs, instrument_index, text_mentions
from archive.documents.assembly import assemble, get_document, shown_references
from archive.filters import footnotes_for
from archive.models import Citation, Document, Footnote, FootnoteReference, Instrument, Paragraph, Series, SeriesMember
from archive.search import languages
from archive.search.footnotes import run_footnote_search
from archive.search.paragraphs import run_search
from archive.search.parameters import document_for_query

from . import lineage as lineage_api
from . import schemas as out
from . import serializers as ser
from .languages import footnote_texts, paragraph_texts
from .params import (
    CompareParams,
    DocumentListParams,
    FootnoteSearchParams,
    InstrumentListParams,
    Language,
    Pager,
    SearchParams,
    SeriesListParams,
    check_search_depth,
    refuse_offsets,
)

router = Router(by_alias=True)

# Real identifiers of the default collection: generic tools (schemathesis) start from them.
SYMBOL = Path(..., example="A/RES/80/185", description="Document symbol, slashes unescaped: A/RES/80/185.")
ANCHOR = Path(..., example="op1", description="Paragraph anchor: op5, pp12, op41a, op4.1.")
KEY = Path(..., example="UNTS:2220:39481", description="Instrument key, as in the instrument's links.")
SLUG = Path(..., example="violence-against-women-migrant-workers", description="Series slug.")
ERRORS = {400: out.Error, 404: out.Error, 414: out.Error, 503: out.Error}


@router.get(
    "api/",
    operation_id="index",
    response={200: out.Index, **ERRORS},
    url_name="index",
    summary="Entry point: links to every collection",
)
def index(request):
    links = ser.Links(request)
    return {
        "title": "Resolution Archive API",
        "links": {
            "documents": links.abs(reverse("api:documents")),
            "series": links.abs(reverse("api:series_list")),
            "instruments": links.abs(reverse("api:instruments")),
            "search": links.abs(reverse("api:search")),
            "search_csv": links.abs(reverse("api:search_csv")),
            "schema": links.abs(reverse("api:schema")),
        },
    }


@router.get(
    "api/documents/",
    operation_id="listDocuments",
    response={200: out.DocumentPage, **ERRORS},
    url_name="documents",
    summary="Documents (resolutions and reports)",
)
def document_list(request, params: Query[DocumentListParams]):
    """Documents in session order, filtered by session, kind and series."""
    refuse_offsets(request)
    qs = Document.objects.select_related("series").order_by("session", "kind", "symbol")
    if params.session:
        qs = qs.filter(session=params.session)
    if params.kind:
        qs = qs.filter(kind=params.kind)
    if params.series:
        qs = qs.filter(series__slug=params.series)
    links = ser.Links(request)
    pager = Pager(request, links, qs.count(), params.page, params.page_size)
    rows = qs[pager.offset : pager.offset + params.page_size]
    return pager.as_dict([ser.document_summary(d, links) for d in rows])


def _markers(paragraph_ids) -> dict[int, list[tuple[int, int]]]:
    refs: dict[int, list[tuple[int, int]]] = {}
    for pid, number, offset in (
        FootnoteReference.objects.filter(paragraph_id__in=paragraph_ids)
        .order_by("paragraph_id", "offset", "footnote__number")
        .values_list("paragraph_id", "footnote__number", "offset")
    ):
        refs.setdefault(pid, []).append((number, offset))
    return refs


def _footnotes(qs):
    return qs.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("instrument").order_by("position"))
    ).order_by("number")


# The paragraph routes first: a symbol may hold "/", so the document route would take "…/paragraphs/op1".
@router.get(
    "api/documents/{symbol:symbol}/paragraphs/{anchor:anchor}/history/",
    operation_id="getParagraphHistory",
    response={200: out.History, **ERRORS},
    url_name="history",
    summary="Every version of a paragraph",
)
def paragraph_history(request, params: Query[Language], symbol: str = SYMBOL, anchor: str = ANCHOR):
    """Every version of a paragraph through its series, oldest first, each with its changes; texts in ``lang``."""
    return lineage_api.history_json(request, symbol, anchor, params.language(request))


@router.get(
    "api/documents/{symbol:symbol}/paragraphs/{anchor:anchor}/",
    operation_id="getParagraph",
    response={200: out.ParagraphDetail, **ERRORS},
    url_name="paragraph",
    summary="A paragraph with its footnotes",
)
def paragraph_detail(request, params: Query[Language], symbol: str = SYMBOL, anchor: str = ANCHOR):
    """One paragraph of the document's assembly: its text, markers, the footnotes they point to (with
    every marker of the document pointing to them), its neighbours."""
    doc = assemble(get_document(symbol), params.language(request))
    here = doc.paragraph(anchor)
    if here is None:
        raise Http404(f"No paragraph {anchor} in {doc.document.symbol}.")
    index = doc.paragraphs.index(here)
    previous = doc.paragraphs[index - 1] if index > 0 else None
    following = doc.paragraphs[index + 1] if index + 1 < len(doc.paragraphs) else None
    links = ser.Links(request, params.language(request))
    data = ser.assembled_paragraph(here, symbol, links)
    data.update(
        lineage=here.lineage.as_api() if here.lineage else None,
        document=ser.document_summary(doc.document, links),
        footnotes=[ser.assembled_footnote(f, links, shown_references(f.number, doc)) for f in doc.footnotes_of(here)],
        languages=doc.languages,
        subitems=[p.anchor for p in doc.paragraphs if p.paragraph.parent_id == here.paragraph.id],
        previous={"anchor": previous.anchor, "links": links.paragraph(symbol, previous.anchor)} if previous else None,
        next={"anchor": following.anchor, "links": links.paragraph(symbol, following.anchor)} if following else None,
        also_in=_also_in(here.paragraph, links),
    )
    return data


@router.get(
    "api/documents/{symbol:symbol}/",
    operation_id="getDocument",
    response={200: out.DocumentDetail, **ERRORS},
    url_name="document",
    summary="A document with its paragraphs, footnotes and citations",
)
def document_detail(request, params: Query[Language], symbol: str = SYMBOL):
    """A document with every paragraph (and its markers), footnote and citation: its assembly."""
    lang = params.language(request)
    return ser.document_detail(assemble(get_document(symbol), lang), ser.Links(request, lang))


def _also_in(p, links) -> dict:
    """Paragraphs of other documents with the same or nearly the same agreed language (at most 200)."""
    from archive.agreed.queries import also_in

    found = also_in(p)
    return {
        "documents": found["documents"],
        "paragraphs_total": found["total"],
        "boilerplate": found["boilerplate"],
        "paragraphs": [
            {
                "symbol": s.other_document.symbol,
                "anchor": s.other.anchor,
                "label": s.other.label,
                "similarity": s.similarity,
                "match": s.match,
                "links": links.paragraph(s.other_document.symbol, s.other.anchor),
            }
            for s in found["pairs"]
        ],
    }


@router.get(
    "api/series/",
    operation_id="listSeries",
    response={200: out.SeriesPage, **ERRORS},
    url_name="series_list",
    summary="Series of resolutions",
)
def series_list(request, params: Query[SeriesListParams]):
    """Every series, with how many members it has and how many the archive holds."""
    from archive.series.index import SeriesFilter

    refuse_offsets(request)
    qs = SeriesFilter(
        committee=params.committee,
        agenda_item=params.agenda_item,
        session=params.session or None,
        min_sessions=params.min_sessions or None,
        sort=params.sort,
    ).queryset()
    links = ser.Links(request)
    pager = Pager(request, links, qs.count(), params.page, params.page_size)
    page = list(qs[pager.offset : pager.offset + params.page_size])
    members: dict[int, list[SeriesMember]] = {}
    for m in SeriesMember.objects.filter(series__in=page).in_order():
        members.setdefault(m.series_id, []).append(m)
    return pager.as_dict([ser.series_summary(s, members.get(s.id, []), links) for s in page])


@router.get(
    "api/series/{slug:slug}/compare/",
    operation_id="compare",
    response={200: out.Comparison, **ERRORS},
    url_name="compare",
    summary="Two resolutions of a series aligned",
)
def compare(request, params: Query[CompareParams], slug: str = SLUG):
    """Two resolutions of a series aligned paragraph by paragraph (the compare page's parameters)."""
    return lineage_api.compare_json(request, slug, params)


@router.get(
    "api/series/{slug:slug}/",
    operation_id="getSeries",
    response={200: out.SeriesDetail, **ERRORS},
    url_name="series",
    summary="A series and every member known, held or not",
)
def series_detail(request, slug: str = SLUG):
    """A series and every member the archive knows of, held or not, in session order."""
    series = get_object_or_404(Series, slug=slug)
    members = list(SeriesMember.objects.filter(series=series).select_related("document").in_order())
    return ser.series_detail(series, members, ser.Links(request))


@router.get(
    "api/instruments/",
    operation_id="listInstruments",
    response={200: out.InstrumentPage, **ERRORS},
    url_name="instruments",
    summary="Cited instruments",
)
def instrument_list(request, params: Query[InstrumentListParams]):
    """Instruments cited by the archive, with the number of citing documents."""
    refuse_offsets(request)
    qs = instrument_index(kind=params.kind or "", sort=params.sort, q=params.q)["instruments"].select_related(
        "document"
    )
    links = ser.Links(request)
    pager = Pager(request, links, qs.count(), params.page, params.page_size)
    rows = qs[pager.offset : pager.offset + params.page_size]
    return pager.as_dict([ser.instrument_summary(i, links) for i in rows])


@router.get(
    "api/instruments/{path:key}/",
    operation_id="getInstrument",
    response={200: out.InstrumentDetail, **ERRORS},
    url_name="instrument",
    summary="An instrument with every citing paragraph",
)
def instrument_detail(request, key: str = KEY):
    """An instrument, its aliases, and every citing footnote with the paragraphs that cite it."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("aliases").select_related("document"), key=key)
    links = ser.Links(request)
    data = ser.instrument_detail(instrument, citing_paragraphs(instrument), links)
    data["text_mentions"] = [ser.mention(m, links) for m in text_mentions(instrument)]
    return data


def _links(request, links, kept: dict, scope: str = "") -> dict:
    html = {**kept, "in": scope} if scope else kept
    csv = "api:footnote_search_csv" if scope == "footnotes" else "api:search_csv"
    return {
        "html": links.abs(f"{reverse('archive:search')}?{urlencode(html)}"),
        "csv": links.abs(f"{reverse(csv)}?{urlencode(kept)}"),
    }


def _kept(request) -> dict:
    return {k: v for k, v in request.GET.items() if k not in ("page", "page_size", "in") and v != ""}


@router.get(
    "api/search/",
    operation_id="search",
    response={200: out.SearchResults, 302: None, **ERRORS},
    url_name="search",
    summary="Paragraph search (the search page's parameters)",
)
def search(request, params: Query[SearchParams]):
    """The search page as JSON: same parameters, filters, ranking, facets and highlights; identical texts
    grouped (``same_text``). ``in=footnotes`` is answered by the footnote search (a redirect)."""
    refuse_offsets(request)
    q, filterset, sort = params.inputs(request)
    if params.in_ == "footnotes":
        query = {k: v for k, v in request.GET.items() if k != "in"}
        return HttpResponseRedirect(f"{reverse('api:footnote_search')}?{urlencode(query)}")
    check_search_depth(params)
    lang = params.language(request)
    if lang.code == "en":
        results = run_search(filterset.qs, q, sort, params.page, page_size=params.page_size)
    else:
        results = languages.run_search(filterset.qs, q, sort, params.page, lang, page_size=params.page_size)
    links = ser.Links(request, lang)
    rows = [h.paragraph for h in results.hits]
    shown = paragraph_texts([p.id for p in rows], lang)
    refs = _markers([p.id for p in rows])
    anchors = dict(
        Paragraph.objects.filter(id__in={p.parent_id for p in rows if p.parent_id}).values_list("id", "anchor")
    )
    kept = _kept(request)
    match = document_for_query(q)
    pager = Pager(request, links, results.total, results.page, params.page_size, results.pages)
    hits = [
        {
            "document": ser.document_ref(h.paragraph.document, links),
            "paragraph": ser.paragraph(
                h.paragraph,
                h.paragraph.document.symbol,
                refs.get(h.paragraph.id, []),
                anchors,
                links,
                shown.get(h.paragraph.id),
            ),
            "headline": str(h.headline),
            "same_text": [
                {"symbol": r.symbol, "anchor": r.anchor, "label": r.label, "links": links.paragraph(r.symbol, r.anchor)}
                for r in h.same_text
            ],
        }
        for h in results.hits
    ]
    return {
        **pager.as_dict(hits),
        "query": q,
        "language": lang.code,
        "sort": sort,
        "filters": {k: str(v) for k, v in filterset.data.items()},
        "count_capped": results.total_capped,
        "approximate": results.approximate,
        "ranked": results.ranked,
        "pages_approximate": results.pages_approximate,
        "requested_page": params.page,
        "suggestion": results.suggestion or None,
        "document": ser.document_ref(match, links) if match else None,
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in facets]
            for name, facets in results.facets.items()
        },
        "instruments": [ser.instrument_ref(i, links) for i in results.instruments],
        "links": {
            **_links(request, links, kept),
            "suggestion": links.abs(f"{reverse('archive:search')}?{urlencode({**kept, 'q': results.suggestion})}")
            if results.suggestion
            else None,
        },
    }


@router.get(
    "api/search/footnotes/",
    operation_id="searchFootnotes",
    response={200: out.FootnoteSearchResults, **ERRORS},
    url_name="footnote_search",
    summary='Footnote search (the search page\'s "in footnotes")',
)
def footnote_search(request, params: Query[FootnoteSearchParams]):
    """Footnotes matching the words (in ``lang``: its footnote texts and their stemming), with what they cite
    and the paragraphs pointing to them."""
    refuse_offsets(request)
    check_search_depth(params)
    q, filterset, _ = params.inputs(request)
    lang = params.language(request)
    results = run_footnote_search(footnotes_for(filterset), q, params.page, lang, page_size=params.page_size)
    links = ser.Links(request, lang)
    footnotes = {f.id: f for f in _footnotes(Footnote.objects.filter(id__in=[h.footnote.id for h in results.hits]))}
    where = ser.references(
        FootnoteReference.objects.filter(footnote__in=list(footnotes))
        .order_by("paragraph__position", "offset")
        .values_list("footnote_id", "paragraph__anchor", "offset")
    )
    shown = footnote_texts(list(footnotes), lang)
    pager = Pager(request, links, results.total, results.page, params.page_size, results.pages)
    hits = [
        {
            "document": ser.document_ref(h.footnote.document, links),
            "footnote": ser.footnote(
                footnotes[h.footnote.id], links, where.get(h.footnote.id, []), shown.get(h.footnote.id)
            ),
            "paragraphs": [
                {"anchor": p.anchor, "label": p.label, "links": links.paragraph(h.footnote.document.symbol, p.anchor)}
                for p in h.paragraphs
            ],
            "headline": str(h.headline),
        }
        for h in results.hits
    ]
    return {
        **pager.as_dict(hits),
        "query": q,
        "language": lang.code,
        "count_capped": results.total_capped,
        "requested_page": params.page,
        "links": _links(request, links, _kept(request), "footnotes"),
    }
