from django.http import Http404
from django.shortcuts import get_object_or_404, render

from archive import history
from archive.charts import bar_chart
from archive.models import Alignment, Document, Paragraph, Series
from archive.reading import get_document

STATUS_ORDER = ["unchanged", "amended", "moved", "new", "dropped", "split", "merged"]


def series_detail(request, slug):
    """The series: its resolutions in session order with the reports between them, and how it changed."""
    series = get_object_or_404(Series, slug=slug)
    documents = history.series_documents(series.id)
    alignments = list(Alignment.objects.filter(new__series=series).select_related("old", "new").order_by("new__session"))
    labels = [a.new.number or a.new.symbol for a in alignments]
    chart = bar_chart(
        "Paragraphs kept, amended, new and dropped at each resolution", labels,
        {
            "kept": [a.counts.get("unchanged", 0) + a.counts.get("moved", 0) for a in alignments],
            "amended": [a.counts.get("amended", 0) + a.counts.get("split", 0) + a.counts.get("merged", 0) for a in alignments],
            "new": [a.counts.get("new", 0) for a in alignments],
            "dropped": [a.counts.get("dropped", 0) for a in alignments],
        },
        stacked=True,
    ) if alignments else None
    return render(request, "archive/series.html", {
        "series": series, "documents": documents, "alignments": alignments, "chart": chart,
        "resolutions": [d for d in documents if d.is_resolution],
    })


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
    rows, counts = history.compare(a, b)
    only_changes = request.GET.get("changes") == "1"
    shown = [r for r in rows if r.status != "unchanged"] if only_changes else rows
    return render(request, "archive/compare.html", {
        "series": series, "resolutions": resolutions, "a": a, "b": b, "rows": shown,
        "counts": [(s, counts.get(s, 0)) for s in STATUS_ORDER], "only_changes": only_changes,
        "openings_changed": sum(1 for r in rows if r.opening_change),
    })


def paragraph_history(request, symbol, anchor):
    """Every version of a paragraph through its series, each with its diff from the one before."""
    document = get_document(symbol)
    paragraph = get_object_or_404(Paragraph.objects.select_related("document"), document=document, anchor=anchor)
    versions, dropped = history.versions(paragraph)
    newest_first = request.GET.get("order") == "newest"
    return render(request, "archive/history.html", {
        "document": document, "paragraph": paragraph, "dropped": dropped, "newest_first": newest_first,
        "versions": list(reversed(versions)) if newest_first else versions, "first": versions[0].paragraph,
    })
