"""Queries behind the instrument pages: who cites what, by session."""

from __future__ import annotations

from django.db.models import Count, Max, Min

from archive.models import Citation, FootnoteReference, Instrument

SORTS = {"documents": "-documents", "title": "title", "first": "first_session", "last": "-last_session"}


def instrument_index(kind: str = "", sort: str = "documents") -> dict:
    qs = Instrument.objects.annotate(
        documents=Count("citations__footnote__document", distinct=True),
        first_session=Min("citations__footnote__document__session"),
        last_session=Max("citations__footnote__document__session"),
    )
    kinds = [k for k, _ in Instrument.Kind.choices]
    if kind in kinds:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    if sort not in SORTS:
        sort = "documents"
    return {"instruments": qs.order_by(SORTS[sort], "title"), "kind": kind, "sort": sort,
            "kinds": Instrument.Kind.choices}


def citing_paragraphs(instrument: Instrument) -> list[dict]:
    """Every citing footnote with the paragraphs that reference it, grouped by session in order."""
    citations = list(
        Citation.objects.filter(instrument=instrument)
        .select_related("footnote__document")
        .order_by("footnote__document__session", "footnote__document__symbol", "footnote__number")
    )
    refs = (
        FootnoteReference.objects.filter(footnote__in=[c.footnote_id for c in citations])
        .select_related("paragraph__document")
        .order_by("paragraph__position")
    )
    by_footnote: dict[int, list] = {}
    for r in refs:
        by_footnote.setdefault(r.footnote_id, []).append(r.paragraph)
    sessions: dict[int, list] = {}
    for c in citations:
        sessions.setdefault(c.footnote.document.session, []).append(
            {"citation": c, "document": c.footnote.document, "paragraphs": by_footnote.get(c.footnote_id, [])}
        )
    return [{"session": s, "entries": entries} for s, entries in sessions.items()]
