from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from archive.citations.queries import instrument_index, mentions_of
from archive.documents.languages import language_links, localize_citing, requested
from archive.models import Instrument
from archive.pages.citing import page_of_citations, page_of_mentions
from archive.pages.parameters import checked_parameters
from archive.parsing.languages import LANGUAGES
from archive.views.rendering import render

INSTRUMENTS_PAGE = 100


@checked_parameters
def instrument_list(request):
    """Instruments cited by the archive, filterable by kind, sorted by citing documents."""
    from archive.pages.paging import kept_query, paginate

    context = instrument_index(
        kind=request.GET.get("kind", ""), sort=request.GET.get("sort", "documents"), q=request.GET.get("q", "")
    )
    page = paginate(request, context["instruments"], INSTRUMENTS_PAGE)
    context.update(instruments=page.items, results=page, kept=kept_query(request))
    return render(request, "archive/instruments.html", context)


@checked_parameters
def instrument_detail(request, key):
    """An instrument and everything citing it. A UN document the archive does not hold has one
    page, at its symbol (/documents/<symbol>/), which lists the same citations: this one redirects,
    keeping the query string (the language, the pages of its lists)."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("aliases"), key=key)
    if instrument.is_unheld_document:
        url = reverse("archive:document", args=[instrument.key])
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    lang = requested(request)
    cited = page_of_citations(request, instrument)
    localize_citing(cited.sessions, lang)  # the page's entries only
    return render(
        request,
        "archive/instrument.html",
        {
            "instrument": instrument,
            "cited": cited,
            "mentions": page_of_mentions(request, mentions_of(instrument, listed=True)),
            "lang": lang,
            **language_links(request, lang, list(LANGUAGES)),
        },
    )
