from django.http import Http404
from django.shortcuts import get_object_or_404

from archive.documents.assembly import get_document
from archive.documents.languages import (
    language_context,
    language_links,
    localize_rows,
    localize_versions,
    requested,
)
from archive.lineage import queries as lineage
from archive.models import Document, DocumentVersion, Paragraph, Series
from archive.pages.charts import bar_chart
from archive.pages.parameters import checked_parameters
from archive.parsing.languages import LANGUAGES
from archive.series import timeline
from archive.views.rendering import render

STATUS_ORDER = ["unchanged", "amended", "moved", "new", "dropped", "split", "merged"]


@checked_parameters
def series_detail(request, slug):
    """The series: every member known, held or not, in session order, and how it changed from
    one held resolution to the next (a step across members not held says so)."""
    series = get_object_or_404(Series, slug=slug)
    members = timeline.members(series)
    steps = timeline.steps(series, members)
    # a step across a gap is labelled with both ends: its counts are not one resolution's changes
    labels = [(f"{s.old.number}→{s.new.number}" if s.across_gap else s.new.number or s.new.symbol) for s in steps]
    counts = [s.alignment.counts for s in steps]
    chart = (
        bar_chart(
            "Paragraphs kept, amended, new and dropped at each held resolution, against the previous held one",
            labels,
            {
                "kept": [c.get("unchanged", 0) + c.get("moved", 0) for c in counts],
                "amended": [c.get("amended", 0) + c.get("split", 0) + c.get("merged", 0) for c in counts],
                "new": [c.get("new", 0) for c in counts],
                "dropped": [c.get("dropped", 0) for c in counts],
            },
            stacked=True,
        )
        if steps
        else None
    )
    held = [m for m in members if m.held]
    return render(
        request,
        "archive/series.html",
        {
            "series": series,
            "members": members,
            "steps": steps,
            "chart": chart,
            "gaps": [s for s in steps if s.across_gap],
            "held_count": len(held),
            "not_held_count": len(members) - len(held),
            "before_first": timeline.earlier_not_held(series, held[0].session, members) if held else [],
        },
    )


@checked_parameters
def compare(request, slug):
    """Any two resolutions of a series side by side, aligned, with diffs; ?changes=1 shows only changes."""
    series = get_object_or_404(Series, slug=slug)
    resolutions = list(Document.objects.resolutions().filter(series=series).order_by("session"))
    by_symbol = {d.symbol: d for d in resolutions}
    if len(resolutions) < 2:
        raise Http404("This series has fewer than two resolutions.")
    a = by_symbol.get(request.GET.get("from", ""), resolutions[-2])
    b = by_symbol.get(request.GET.get("to", ""), resolutions[-1])
    if a.session > b.session:
        a, b = b, a
    rows, counts = lineage.compare(a, b)
    lang = requested(request)
    localize_rows(rows, lang)
    only_changes = request.GET.get("changes") == "1"
    substantive = request.GET.get("substantive") == "1"  # editorial changes set aside too
    shown = [r for r in rows if r.status != "unchanged"] if only_changes or substantive else rows
    if substantive:
        shown = [r for r in shown if r.change not in ("unchanged", "editorial")]
    changes = {c: sum(1 for r in rows if r.change == c) for c in ("editorial", "opening")}
    missing = timeline.missing_between(series.id, a.session, b.session)
    return render(
        request,
        "archive/compare.html",
        {
            "series": series,
            "resolutions": resolutions,
            "a": a,
            "b": b,
            "rows": shown,
            "counts": [(s, counts.get(s, 0)) for s in STATUS_ORDER],
            "only_changes": only_changes,
            "substantive": substantive,
            "changes": changes,
            "openings_changed": sum(1 for r in rows if r.opening_change),
            "missing": missing,
            "gap_text": timeline.gap_text(missing),
            "lang": lang,
            **language_links(request, lang, _held_by_either(a, b), _compare_params(request, a, b)),
        },
    )


def _held_by_either(a: Document, b: Document) -> list[str]:
    """The languages a comparison has: those either resolution is held in (the other side is then
    shown in English, labelled)."""
    held = set(DocumentVersion.objects.languages(a)) | set(DocumentVersion.objects.languages(b))
    return [c for c in LANGUAGES if c in held]


def _compare_params(request, a: Document, b: Document) -> dict:
    """What says which comparison a page is: its pair, and the change filters the reader chose."""
    params = {"from": a.symbol, "to": b.symbol}
    for name in ("changes", "substantive"):
        if request.GET.get(name) == "1":
            params[name] = "1"
    return params


@checked_parameters
def paragraph_history(request, symbol, anchor):
    """Every version of a paragraph through its series, each with its diff from the one before."""
    document = get_document(symbol)
    paragraph = get_object_or_404(Paragraph.objects.select_related("document"), document=document, anchor=anchor)
    versions, dropped = lineage.versions(paragraph)
    first_member_missing = timeline.earlier_not_held(document.series, versions[0].paragraph.document.session)
    newest_first = request.GET.get("order") == "newest"
    languages = language_context(request, document, requested(request))
    localize_versions(versions, languages["lang"])
    return render(
        request,
        "archive/history.html",
        {
            "document": document,
            "paragraph": paragraph,
            "dropped": dropped,
            "newest_first": newest_first,
            "versions": list(reversed(versions)) if newest_first else versions,
            "first": versions[0].paragraph,
            "earlier_missing": first_member_missing,
            "began_before": bool(document.series and document.series.began),
            **languages,
        },
    )
