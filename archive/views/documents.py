from django.http import Http404

from archive.citations.formal import citation_prefix
from archive.documents.assembly import assemble, get_document
from archive.documents.languages import (
    language_context,
    language_links,
    localize_citing,
    parallel,
    requested,
    with_lang,
)
from archive.documents.page import document_page, english_html, paragraph_view
from archive.models import Document, DocumentVersion, Paragraph, SeriesMember
from archive.pages.citing import page_of_citations, page_of_mentions
from archive.pages.parameters import checked_parameters
from archive.parsing.languages import LANGUAGES
from archive.series import timeline
from archive.series.documents_not_held import not_held_page
from archive.views.rendering import render


@checked_parameters
def document_detail(request, symbol):
    """A resolution or report: metadata, paragraphs with footnote markers, footnotes. A document
    the archive knows of but does not hold (a member of a series, or a cited symbol) gets a short
    page that says so, links its official copy and lists what in the archive cites it."""
    try:
        document = get_document(symbol)
    except Http404:
        context = not_held_page(symbol)
        if context is None:
            raise
        context["cited"] = page_of_citations(request, context["instrument"])
        context["mentions"] = page_of_mentions(request, context["mentions"])
        context["annexes"] = [
            (annex, page_of_citations(request, annex, param=f"annex{annex.pk}_page")) for annex in context["annexes"]
        ]
        # the page's citing footnotes and paragraphs in the language asked for, as on an instrument's page
        lang = requested(request)
        for cited in [context["cited"], *(c for _, c in context["annexes"])]:
            localize_citing(cited.sessions, lang)
        context.update(lang=lang, **language_links(request, lang, list(LANGUAGES)))
        return render(request, "archive/not_held.html", context)
    held = DocumentVersion.objects.languages(document)
    languages = language_context(request, document, requested(request), held)
    page = document_page(document, lang=languages["lang"], held_languages=held)
    return render(request, "archive/document.html", {**page, **languages})


@checked_parameters
def source_detail(request, symbol):
    """How the shown text was read: its source, and what ingest reported the source lacks or garbles."""
    from archive.documents.source_report import source_files

    document = get_document(symbol)
    files = source_files(document)
    return render(
        request,
        "archive/source.html",
        {"document": document, "files": files, "groups": files[0].groups, "total": files[0].total},
    )


@checked_parameters
def paragraph_detail(request, symbol, anchor):
    """The permalink target: one paragraph with its document header, footnotes and neighbours."""
    from archive.pages.also_in import page_of_also_in

    document = get_document(symbol)
    held = DocumentVersion.objects.languages(document)
    languages = language_context(request, document, requested(request), held)
    doc = assemble(document, languages["lang"], held)
    here = doc.paragraph(anchor)
    if here is None:
        raise Http404(f"No paragraph {anchor} in {symbol}")
    index = next(i for i, p in enumerate(doc.paragraphs) if p is here)
    paragraph = here.paragraph
    base = document.get_absolute_url()
    return render(
        request,
        "archive/paragraph.html",
        {
            **languages,
            "parallel": parallel(paragraph, english_html(here, base), document)
            if len(languages["languages"]) > 1
            else [],
            "also_in": page_of_also_in(request, paragraph),
            "document": document,
            "view": paragraph_view(here, base, with_lang(base, doc.language.code)),
            "footnotes": doc.footnotes_of(here),
            "cite_prefix": citation_prefix(document, doc.title, doc.title_language),
            "previous": doc.paragraphs[index - 1] if index > 0 else None,
            "next": doc.paragraphs[index + 1] if index + 1 < len(doc.paragraphs) else None,
        },
    )


@checked_parameters
def session_index(request):
    return render(request, "archive/sessions.html", {"sessions": timeline.session_index()})


SESSION_PAGE = 100  # documents to a session page

VOTE_CHOICES = {"in_favour": "voted in favour", "against": "voted against", "abstaining": "abstained"}


@checked_parameters
def session_detail(request, session):
    """A session's documents; ``?state=Türkiye&vote=against`` keeps the resolutions a Member State voted so on."""
    from django.db.models.functions import Length
    from django.http import Http404

    from archive.parsing.member_states import name_table

    qs = Document.objects.filter(session=session)
    not_held = list(
        SeriesMember.objects.not_held()
        .filter(session=session)
        .select_related("series")
        .order_by("kind_order", Length("number"), "number", "symbol")
    )
    if not not_held and not qs.exists():
        raise Http404(f"No documents of session {session}")
    table = name_table()
    raw_state, vote = request.GET.get("state", "").strip(), request.GET.get("vote", "").strip()
    errors, state = [], ""
    if raw_state or vote:
        state = table.lookup(raw_state) if raw_state else ""
        if not raw_state:
            errors.append("Choose a Member State to filter by its vote.")
        elif state is None:
            errors.append(f"{raw_state[:100]!r} is not the name of a Member State.")
        if vote not in VOTE_CHOICES:
            errors.append("Vote must be in favour, against or abstaining.")
    filtered = bool((raw_state or vote) and not errors)
    if filtered:
        qs = qs.voted(state, vote)
    from archive.pages.paging import kept_query, paginate

    page = paginate(request, qs.listed().in_number_order(), SESSION_PAGE)
    documents = page.items
    recorded = Document.objects.filter(session=session, metadata__member_states__has_key="in_favour").count()
    return render(
        request,
        "archive/session.html",
        {
            "session": session,
            "documents": documents,
            "errors": errors,
            "filtered": filtered,
            "state": state or raw_state,
            "vote": vote,
            "votes": VOTE_CHOICES,
            "states": table.member_states,
            "recorded": recorded,
            "not_held": not_held,
            "results": page,
            "kept": kept_query(request),
        },
        status=400 if errors else 200,
    )


@checked_parameters
def also_in_compare(request, symbol, anchor, other_id):
    """A paragraph and one paragraph of another document that shares its language, side by side."""
    from django.shortcuts import get_object_or_404

    from archive.agreed.queries import compare_context

    document = get_document(symbol)
    paragraph = get_object_or_404(Paragraph, document=document, anchor=anchor)
    other = get_object_or_404(Paragraph.objects.select_related("document"), id=other_id)
    paragraph.document = document
    lang = requested(request)
    context = compare_context(paragraph, other, lang)
    if context["pair"] is None:
        raise Http404("These two paragraphs do not share agreed language")
    return render(
        request,
        "archive/also_in_compare.html",
        {
            "paragraph": paragraph,
            "other": other,
            "lang": lang,
            **context,
            **language_links(request, lang, context["held"]),
        },
    )
