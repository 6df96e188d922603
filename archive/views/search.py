import logging

from django.db.utils import OperationalError
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from psycopg.errors import QueryCanceled

from archive import search as engine
from archive import search_languages
from archive.documents.languages import requested
from archive.filters import ParagraphFilter, footnotes_for, typed_symbol
from archive.models import Paragraph
from archive.parsing.languages import LANGUAGES

logger = logging.getLogger(__name__)

SORTS = dict(zip(engine.SORTS, ["Relevance", "Oldest first", "Newest first", "Most widely used language"]))
SCOPES = {"paragraphs": "Paragraphs", "footnotes": "Footnotes"}


def search(request):
    """Paragraph search with filters, facets and highlights; symbols go straight to their document."""
    q = engine.clean_query(request.GET.get("q", ""))
    errors = []
    if len(q) > engine.MAX_QUERY_LENGTH:
        errors.append(f"The query is longer than {engine.MAX_QUERY_LENGTH} characters.")
    document = engine.document_for_query(q) if not errors else None
    if document is not None:
        return redirect(document)
    filterset = ParagraphFilter(request.GET, queryset=Paragraph.objects.body())
    if not filterset.is_valid():
        errors.extend(f"{filterset.filters[name].label}: {' '.join(msgs)}" for name, msgs in filterset.errors.items())
    sort = request.GET.get("sort", "relevance")
    if sort not in SORTS:
        errors.append("Sort must be relevance, oldest or newest.")
    scope = request.GET.get("in", "paragraphs")
    if scope not in SCOPES:
        errors.append("Search in paragraphs or footnotes.")
    page_param = request.GET.get("page", "1")
    if not (page_param.isascii() and page_param.isdigit()) or len(page_param) > 6:  # not "²", which int() refuses
        errors.append("Page must be a whole number.")
    lang = requested(request)
    if request.GET.get("lang", "en").strip().lower() not in LANGUAGES:
        errors.append("Language must be one of " + ", ".join(LANGUAGES) + ".")
    context = {"q": q, "filter": filterset, "sorts": SORTS, "sort": sort, "errors": errors,
               "lang": lang, "search_languages": LANGUAGES.values(),
               "scopes": SCOPES, "scope": scope,
               # a symbol the archive does not hold ("72/149"): say so and link the official copy
               "not_held": typed_symbol(q) if document is None and engine.SYMBOL_RE.match(q) else ""}
    if errors:
        context["filters_active"] = sum(1 for k, v in request.GET.items() if v and k not in ("q", "in", "page"))
        return render(request, "archive/search.html", context, status=400)
    kept = {k: v for k, v in request.GET.items() if k != "page" and v != ""}
    context["filters_active"] = sum(1 for k in kept if k not in ("q", "in"))
    if scope == "footnotes" and lang.code != "en":
        context["errors"] = [f"Footnotes are searched in English only; {lang.name} searches the paragraphs."]
        return render(request, "archive/search.html", context, status=400)
    if scope == "footnotes":
        try:
            footnote_results = engine.run_footnote_search(footnotes_for(filterset), q, int(page_param))
        except OperationalError as e:
            return _cancelled(request, context, e)
        context.update(footnote_results=footnote_results, kept=urlencode(kept))
        return render(request, "archive/search.html", context)
    try:
        if lang.code == "en":
            results = engine.run_search(filterset.qs, q, sort, int(page_param))
        else:
            results = search_languages.run_search(filterset.qs, q, sort, int(page_param), lang)
    except OperationalError as e:
        return _cancelled(request, context, e)
    context.update(results=results, kept=urlencode(kept), facet_links=_facet_links(kept, results), rank_all=engine.RANK_ALL,
                   suggestion_params=urlencode({**kept, "q": results.suggestion}) if results.suggestion else "")
    return render(request, "archive/search.html", context)


def _cancelled(request, context, error: OperationalError):
    """A search stopped by the statement timeout: 503 with the form and a message, not a 500."""
    if not isinstance(error.__cause__, QueryCanceled):
        raise error  # the database is away: archive.middleware answers 503
    logger.warning("search cancelled by the statement timeout: %r", context["q"])
    context["errors"] = ["This search took too long and was stopped. Try fewer or more specific words, "
                         "or narrow it with the filters."]
    response = render(request, "archive/search.html", context, status=503)
    response["Retry-After"] = "5"
    return response


def _facet_links(kept: dict, results) -> dict:
    """Each facet value as a link that adds (or replaces) that filter, other parameters kept."""
    params = {"session": ("session_from", "session_to"), "kind": ("kind",), "opening": ("opening",)}
    links = {}
    for name, facets in results.facets.items():
        links[name] = []
        for f in facets:
            new = dict(kept)
            for p in params[name]:
                new[p] = f.value
            links[name].append((f, urlencode(new)))
    return links
