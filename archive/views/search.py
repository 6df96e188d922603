import logging

from django.db.utils import OperationalError
from django.shortcuts import redirect
from django.utils.http import urlencode
from psycopg.errors import QueryCanceled

from archive.documents.typed_symbols import typed_symbol
from archive.filters import FORM_FIELDS, footnotes_for, release, select_choices
from archive.parsing.languages import LANGUAGES
from archive.search import footnotes, languages, paragraphs, parameters
from archive.views.rendering import render
from archive.views.search_rows import facets_html, hits_html, language_options_html, options_html

logger = logging.getLogger(__name__)

SORTS = dict(zip(parameters.SORTS, ["Relevance", "Oldest first", "Newest first", "Most widely used language"]))
# the form's fixed option lists, as the cached ``options_html`` takes them (tuples, built once)
LANGUAGE_CHOICES = tuple(LANGUAGES.values())
SCOPE_CHOICES = tuple(parameters.SCOPES.items())
SORT_CHOICES = tuple(SORTS.items())


def search(request):
    """Paragraph or footnote search with filters, facets and highlights; symbols go straight to their document."""
    asked = parameters.read_search(request.GET)
    try:
        return _answer(request, asked)
    finally:
        release(asked.filterset)  # its cycles broken: freed now, not by the collector within a later request


def _answer(request, asked: parameters.SearchRequest):
    q, filterset, lang = asked.q, asked.filterset, asked.lang
    document = parameters.document_for_query(q) if not asked.errors else None
    if document is not None:  # in the language searched
        return redirect(document.get_absolute_url() + ("" if lang.code == "en" else f"?lang={lang.code}"))
    context = {
        "q": q,
        "filter": filterset,
        "sort": asked.sort,
        "errors": asked.messages,
        "lang": lang,
        "scope": asked.scope,
        **_form(request.GET, asked),
        # a symbol the archive does not hold ("72/149"): say so and link the official copy
        "not_held": typed_symbol(q) if parameters.SYMBOL_RE.match(q) else "",
    }
    if asked.errors:
        context["filters_active"] = parameters.filters_active(request.GET)
        return render(request, "archive/search.html", context, status=400)
    kept = {k: v for k, v in request.GET.items() if k != "page" and v != ""}
    context["filters_active"] = parameters.filters_active(request.GET)
    if asked.scope == "footnotes":
        try:
            footnote_results = footnotes.run_footnote_search(footnotes_for(filterset), q, asked.page, lang)
        except OperationalError as e:
            return _cancelled(request, context, e)
        context.update(
            footnote_results=footnote_results,
            kept=urlencode(kept),
            page_beyond=asked.page if asked.page > footnote_results.page else None,
        )
        return render(request, "archive/search.html", context)
    try:
        if lang.code == "en":
            results = paragraphs.run_search(filterset.qs, q, asked.sort, asked.page)
        else:
            results = languages.run_search(filterset.qs, q, asked.sort, asked.page, lang)
    except OperationalError as e:
        return _cancelled(request, context, e)
    context.update(
        results=results,
        hits_html=hits_html(results.hits, lang),
        kept=urlencode(kept),
        facets_html=facets_html(kept, results.facets),
        page_beyond=asked.page if asked.page > results.page else None,
        rank_all=paragraphs.RANK_ALL,
        suggestion_params=urlencode({**kept, "q": results.suggestion}) if results.suggestion else "",
    )
    return render(request, "archive/search.html", context)


def _form(params, asked: parameters.SearchRequest) -> dict:
    """The form's values as given (a filter not given is empty) and its selects' options, the chosen one selected."""
    selects = {
        name: options_html(select_choices(name), params.get(name)) for name in ("doc_kind", "kind", "has_footnotes")
    }
    return {
        "filter_values": {name: params.get(name, "") for name in FORM_FIELDS},
        "options": {
            "lang": language_options_html(LANGUAGE_CHOICES, asked.lang.code),
            "in": options_html(SCOPE_CHOICES, asked.scope),
            "sort": options_html(SORT_CHOICES, asked.sort),
            **selects,
        },
    }


def _cancelled(request, context, error: OperationalError):
    """A search stopped by the statement timeout: 503 with the form and a message, not a 500."""
    if not isinstance(error.__cause__, QueryCanceled):
        raise error  # the database is away: archive.middleware answers 503
    logger.warning("search cancelled by the statement timeout: %r", context["q"])
    context["errors"] = [
        "This search took too long and was stopped. Try fewer or more specific words, or narrow it with the filters."
    ]
    response = render(request, "archive/search.html", context, status=503)
    response["Retry-After"] = "5"
    return response
