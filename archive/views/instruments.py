from django.shortcuts import get_object_or_404, redirect, render

from archive.citations.queries import citing_paragraphs, instrument_index, text_mentions
from archive.documents.languages import language_links, localize_citing, requested
from archive.models import Instrument
from archive.pages.citing import page_of_citations, page_of_mentions
from archive.pages.parameters import refuses_nul
from archive.parsing.languages import LANGUAGES

INSTRUMENTS_PAGE = 100


@refuses_nul
def instrument_list(request):
    """Instruments cited by the archive, filterable by kind, sorted by citing documents."""
    from archive.pages.paging import kept_query, paginate

    context = instrument_index(
        kind=request.GET.get("kind", ""), sort=request.GET.get("sort", "documents"), q=request.GET.get("q", "")
    )
    page = paginate(request, context["instruments"], INSTRUMENTS_PAGE)
    context.update(instruments=page.items, results=page, kept=kept_query(request))
    return render(request, "archive/instruments.html", context)


@refuses_nul
def instrument_detail(request, key):
    """An instrument and everything citing it. A UN document the archive does not hold has one
    page, at its symbol (/documents/<symbol>/), which lists the same citations: this one redirects."""
    instrument = get_object_or_404(Instrument.objects.prefetch_related("aliases"), key=key)
    if instrument.is_unheld_document:
        return redirect("archive:document", instrument.key, permanent=True)
    sessions = citing_paragraphs(instrument)
    lang = requested(request)
    cited = page_of_citations(request, sessions)
    localize_citing(cited.sessions, lang)  # the page's entries only
    documents = {e["document"].symbol for s in sessions for e in s["entries"]}
    mentions = text_mentions(instrument)
    mentions_page, mentions_kept = page_of_mentions(request, mentions)
    return render(
        request,
        "archive/instrument.html",
        {
            "instrument": instrument,
            "sessions": sessions,
            "cited": cited,
            "documents": documents,
            "mentions": mentions,
            "mentions_page": mentions_page,
            "mentions_kept": mentions_kept,
            "mention_documents": {m["document"].symbol for m in mentions},
            "lang": lang,
            **language_links(request, lang, list(LANGUAGES)),
        },
    )
