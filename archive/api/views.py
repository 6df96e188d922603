"""The read-only JSON API: plain Django views returning ``JsonResponse``.

No framework on purpose: the API is a handful of GET endpoints over querysets the HTML
pages already use (``archive.reading``, ``archive.citing_queries``, ``archive.search``),
and its contract is the hand-written OpenAPI schema in ``archive.api.schema``, which a
test holds every response to. Each view reads its rows in a fixed number of queries.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.db import DatabaseError
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from archive import search as engine
from archive import search_languages
from archive.citing_queries import MAX_NAME_QUERY, citing_paragraphs, instrument_index, text_mentions
from archive.citing_queries import SORTS as INSTRUMENT_SORTS
from archive.filters import footnotes_for
from archive.history import document_lineage
from archive.models import Citation, Document, Footnote, FootnoteReference, Instrument, Paragraph, Series, SeriesMember
from archive.reading import get_document

from . import lineage as lineage_api
from . import serializers as ser
from .languages import document_texts, paragraph_texts
from .params import ApiError, check_characters, choice, integer, language_param, page_links, search_inputs, text, window
from .schema import openapi

logger = logging.getLogger(__name__)


def error(status: int, detail: str, fields: dict | None = None) -> JsonResponse:
    titles = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}
    response = JsonResponse({"status": status, "error": titles.get(status, "Error"), "detail": detail,
                             "fields": fields or {}}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view):
    """GET/HEAD only; bad parameters → 400, missing → 404, a database timeout → 503; all as JSON."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error(405, "The API is read-only: use GET.")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            check_characters(request)
            if any("\x00" in str(v) for v in kwargs.values()):  # PostgreSQL refuses NUL: no such resource
                raise ApiError(404, "No resource has a NUL character in its identifier.")
            response = view(request, *args, **kwargs)
        except ApiError as exc:
            return error(exc.status, exc.detail, exc.fields)
        except Http404 as exc:
            return error(404, str(exc) or "Not found.")
        except DatabaseError as exc:  # statement timeout, server gone: not the client's fault, retry
            logger.warning("API %s: database error: %s", request.path, exc)
            response = error(503, "The database did not answer in time; try again.")
            response["Retry-After"] = "5"
            return response
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return wrapped


def ok(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api_view
def index(request):
    links = ser.Links(request)
    return ok({
        "title": "Resolution Archive API",
        "links": {
            "documents": links.abs(reverse("api:documents")),
            "series": links.abs(reverse("api:series_list")),
            "instruments": links.abs(reverse("api:instruments")),
            "search": links.abs(reverse("api:search")),
            "search_csv": links.abs(reverse("api:search_csv")),
            "schema": links.abs(reverse("api:schema")),
        },
    })


@api_view
def schema(request):
    return ok(openapi(request.build_absolute_uri("/").rstrip("/")))


@api_view
def document_list(request):
    """Documents in session order, filtered by session, kind and series."""
    limit, offset = window(request)
    qs = Document.objects.select_related("series").order_by("session", "kind", "symbol")
    if (session := integer(request, "session", 0, 1, 200)):
        qs = qs.filter(session=session)
    if (kind := choice(request, "kind", Document.Kind.values)):
        qs = qs.filter(kind=kind)
    if (series := text(request, "series", 200)):
        qs = qs.filter(series__slug=series)
    links = ser.Links(request)
    count = qs.count()
    nxt, prev = page_links(request, links, count, limit, offset)
    return ok({"count": count, "limit": limit, "offset": offset, "next": nxt, "previous": prev,
               "results": [ser.document_summary(d, links) for d in qs[offset : offset + limit]]})


def _markers(paragraph_ids) -> dict[int, list[tuple[int, int]]]:
    refs: dict[int, list[tuple[int, int]]] = {}
    for pid, number, offset in (FootnoteReference.objects.filter(paragraph_id__in=paragraph_ids)
                                .order_by("paragraph_id", "offset", "footnote__number")
                                .values_list("paragraph_id", "footnote__number", "offset")):
        refs.setdefault(pid, []).append((number, offset))
    return refs


def _footnotes(qs):
    return qs.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("instrument").order_by("position"))
    ).order_by("number")


@api_view
def document_detail(request, symbol):
    """A document with every paragraph (and its markers), footnote and citation."""
    document = get_document(symbol)
    paragraphs = list(document.paragraphs.order_by("position"))
    refs = _markers([p.id for p in paragraphs])
    footnotes = list(_footnotes(document.footnotes.all()))
    answered_by = list(document.answered_by.order_by("session", "symbol")) if document.is_resolution else []
    lineage = document_lineage(document, paragraphs) if document.is_resolution and document.series_id else {}
    texts = document_texts(document, language_param(request))
    return ok(ser.document_detail(document, paragraphs, refs, footnotes, answered_by, ser.Links(request), lineage,
                                  texts))


@api_view
def paragraph_detail(request, symbol, anchor):
    """One paragraph: its text, markers, the footnotes they point to, its neighbours."""
    lang = language_param(request)
    document = get_document(symbol)
    p = get_object_or_404(Paragraph.objects.select_related("parent", "reach"), document=document, anchor=anchor)
    links = ser.Links(request)
    texts = document_texts(document, lang, [p.id])
    refs = _markers([p.id])
    numbers = sorted({n for n, _ in refs.get(p.id, [])})
    footnotes = _footnotes(document.footnotes.filter(number__in=numbers))
    around = Paragraph.objects.filter(document=document).only("anchor", "position")
    previous = around.filter(position__lt=p.position).order_by("-position").first()
    following = around.filter(position__gt=p.position).order_by("position").first()
    anchors = {p.parent_id: p.parent.anchor} if p.parent_id else {}
    data = ser.paragraph(p, symbol, refs.get(p.id, []), anchors, links, texts.paragraphs.get(p.id))
    lineage = document_lineage(document, [p]) if document.is_resolution and document.series_id else {}
    data.update(
        lineage=lineage[p.id].as_api() if p.id in lineage else None,
        document=ser.document_summary(document, links),
        footnotes=[ser.footnote(f, links, shown=texts.footnote(f.id)) for f in footnotes],
        languages=texts.held,
        subitems=list(p.subitems.order_by("position").values_list("anchor", flat=True)),
        previous={"anchor": previous.anchor, "links": links.paragraph(symbol, previous.anchor)} if previous else None,
        next={"anchor": following.anchor, "links": links.paragraph(symbol, following.anchor)} if following else None,
        also_in=_also_in(p, links),
    )
    return ok(data)


def _also_in(p, links) -> dict:
    """Paragraphs of other documents with the same or nearly the same agreed language (at most 200)."""
    from archive.agreed.queries import also_in

    found = also_in(p)
    return {
        "documents": found["documents"], "paragraphs_total": found["total"], "boilerplate": found["boilerplate"],
        "paragraphs": [{"symbol": s.other_document.symbol, "anchor": s.other.anchor, "label": s.other.label,
                        "similarity": s.similarity, "match": s.match,
                        "links": links.paragraph(s.other_document.symbol, s.other.anchor)} for s in found["pairs"]],
    }


@api_view
def series_list(request):
    """Every series, with how many members it has and how many the archive holds."""
    from archive.series_index import SORTS, SeriesFilter

    limit, offset = window(request)
    qs = SeriesFilter(
        committee=text(request, "committee", 100), agenda_item=text(request, "agenda_item", 200),
        session=integer(request, "session", 0, 0, 200) or None,
        min_sessions=integer(request, "min_sessions", 0, 0, 100) or None,
        sort=choice(request, "sort", list(SORTS), "title"),
    ).queryset()
    links = ser.Links(request)
    count = qs.count()
    nxt, prev = page_links(request, links, count, limit, offset)
    page = list(qs[offset : offset + limit])
    members: dict[int, list[SeriesMember]] = {}
    for m in SeriesMember.objects.filter(series__in=page).in_order():
        members.setdefault(m.series_id, []).append(m)
    return ok({"count": count, "limit": limit, "offset": offset, "next": nxt, "previous": prev,
               "results": [ser.series_summary(s, members.get(s.id, []), links) for s in page]})


@api_view
def series_detail(request, slug):
    """A series and every member the archive knows of, held or not, in session order."""
    series = get_object_or_404(Series, slug=slug)
    members = list(SeriesMember.objects.filter(series=series).select_related("document").in_order())
    return ok(ser.series_detail(series, members, ser.Links(request)))


@api_view
def instrument_list(request):
    """Instruments cited by the archive, with the number of citing documents."""
    limit, offset = window(request)
    kind = choice(request, "kind", Instrument.Kind.values)
    sort = choice(request, "sort", list(INSTRUMENT_SORTS), "documents")
    q = text(request, "q", MAX_NAME_QUERY)
    qs = instrument_index(kind=kind, sort=sort, q=q)["instruments"].select_related("document")
    links = ser.Links(request)
    count = qs.count()
    nxt, prev = page_links(request, links, count, limit, offset)
    return ok({"count": count, "limit": limit, "offset": offset, "next": nxt, "previous": prev,
               "results": [ser.instrument_summary(i, links) for i in qs[offset : offset + limit]]})


@api_view
def instrument_detail(request, key):
    """An instrument, its aliases, and every citing footnote with the paragraphs that cite it."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("aliases").select_related("document"), key=key)
    links = ser.Links(request)
    data = ser.instrument_detail(instrument, citing_paragraphs(instrument), links)
    data["text_mentions"] = [ser.mention(m, links) for m in text_mentions(instrument)]
    return ok(data)


@api_view
def search(request):
    """The search page as JSON: same parameters, filters, ranking, facets and highlights."""
    q, filterset, sort = search_inputs(request)
    lang = language_param(request)
    page = integer(request, "page", 1, 1, engine.MAX_PAGE)
    if lang.code == "en":
        results = engine.run_search(filterset.qs, q, sort, page)
    else:
        results = search_languages.run_search(filterset.qs, q, sort, page, lang)
    links = ser.Links(request)
    rows = [h.paragraph for h in results.hits]
    shown = paragraph_texts([p.id for p in rows], lang)
    refs = _markers([p.id for p in rows])
    anchors = dict(Paragraph.objects.filter(id__in={p.parent_id for p in rows if p.parent_id}).values_list("id", "anchor"))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v != ""}

    def at(n: int) -> str:
        return links.abs(f"{request.path}?{urlencode({**kept, 'page': n})}")

    match = engine.document_for_query(q)
    return ok({
        "query": q,
        "language": lang.code,
        "sort": sort,
        "filters": {k: request.GET[k] for k in filterset.filters if request.GET.get(k, "") != ""},
        "count": results.total,
        "count_capped": results.total_capped,
        "page": results.page,
        "pages": results.pages,
        "page_size": engine.PAGE_SIZE,
        "next": at(results.page + 1) if results.page < results.pages else None,
        "previous": at(results.page - 1) if results.page > 1 else None,
        "document": ser.document_ref(match, links) if match else None,
        "results": [
            {"document": ser.document_ref(h.paragraph.document, links),
             "paragraph": ser.paragraph(h.paragraph, h.paragraph.document.symbol, refs.get(h.paragraph.id, []), anchors,
                                        links, shown.get(h.paragraph.id)),
             "headline": str(h.headline)}
            for h in results.hits
        ],
        "facets": {name: [{"value": f.value, "label": f.label, "count": f.count} for f in facets]
                   for name, facets in results.facets.items()},
        "instruments": [ser.instrument_ref(i, links) for i in results.instruments],
        "links": {
            "html": links.abs(f"{reverse('archive:search')}?{urlencode(kept)}"),
            "csv": links.abs(f"{reverse('api:search_csv')}?{urlencode(kept)}"),
        },
    })


@api_view
def footnote_search(request):
    """The search page "in footnotes" as JSON: footnotes matching the words, with what they cite and where."""
    q, filterset, _ = search_inputs(request)
    page = integer(request, "page", 1, 1, engine.MAX_PAGE)
    results = engine.run_footnote_search(footnotes_for(filterset), q, page)
    links = ser.Links(request)
    footnotes = {f.id: f for f in _footnotes(Footnote.objects.filter(id__in=[h.footnote.id for h in results.hits]))}
    kept = {k: v for k, v in request.GET.items() if k != "page" and v != ""}

    def at(n: int) -> str:
        return links.abs(f"{request.path}?{urlencode({**kept, 'page': n})}")

    return ok({
        "query": q, "count": results.total, "count_capped": results.total_capped, "page": results.page,
        "pages": results.pages, "page_size": engine.PAGE_SIZE,
        "next": at(results.page + 1) if results.page < results.pages else None,
        "previous": at(results.page - 1) if results.page > 1 else None,
        "results": [{
            "document": ser.document_ref(h.footnote.document, links),
            "footnote": ser.footnote(footnotes[h.footnote.id], links),
            "paragraphs": [{"anchor": p.anchor, "label": p.label, "links": links.paragraph(h.footnote.document.symbol, p.anchor)}
                           for p in h.paragraphs],
            "headline": str(h.headline),
        } for h in results.hits],
        "links": {"html": links.abs(f"{reverse('archive:search')}?{urlencode({**kept, 'in': 'footnotes'})}"),
                  "csv": links.abs(f"{reverse('api:footnote_search_csv')}?{urlencode(kept)}")},
    })


@api_view
def compare(request, slug):
    """Two resolutions of a series aligned paragraph by paragraph (the compare page's parameters)."""
    return ok(lineage_api.compare_json(request, slug))


@api_view
def paragraph_history(request, symbol, anchor):
    """Every version of a paragraph through its series, oldest first, each with its changes."""
    return ok(lineage_api.history_json(request, symbol, anchor))


@api_view
def not_found(request, rest=""):
    """Unknown API paths answer in JSON; a path missing its final slash is redirected (APPEND_SLASH)."""
    try:
        match = resolve(request.path + "/")
    except Resolver404:
        match = None
    if (match is not None and match.namespace == "api" and not match.url_name.startswith("not_found")
            and not request.path.endswith("/")):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    raise ApiError(404, f"Nothing at {request.path}. The API starts at {request.build_absolute_uri(reverse('api:index'))}.")
