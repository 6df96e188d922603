"""Figures about the archive's holdings, for the home page."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from archive.models import Document, Footnote, Instrument, Paragraph, Series, SeriesMember
from archive.pages.charts import bar_chart
from archive.series.timeline import not_held_by_session


def featured_series() -> Series | None:
    """The series the home page follows: the registry's first (the whole GA corpus has hundreds)."""
    return Series.objects.filter(detected=False).order_by("id").first()


def _count(rows) -> Coalesce:
    """How many of ``rows`` belong to the outer document, as a subquery."""
    counted = rows.filter(document=OuterRef("pk")).order_by().values("document").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def archive_overview() -> dict:
    """Counts of everything held; the timeline and chart of the featured series only, so that the
    page stays one series long however many documents are loaded."""
    featured = featured_series()
    documents = list(
        Document.objects.filter(series=featured)
        .only("symbol", "kind", "session", "title", "number", "adopted", "distributed")
        .annotate(  # counted per document in subqueries: joining both tables multiplies their rows
            preambular=_count(Paragraph.objects.filter(kind="preambular")),
            operative=_count(Paragraph.objects.filter(kind="operative")),
            notes=_count(Footnote.objects.filter(text_missing=False)),
        )
        .order_by("session", "kind", "symbol")
    )
    by_session: dict[int, list] = {}
    for doc in documents:
        by_session.setdefault(doc.session, []).append(doc)
    missing = not_held_by_session(featured)
    sessions = [
        {
            "session": s,
            "documents": by_session.get(s, []),
            "not_held": missing.get(s, []),
            "resolutions": sum(d.is_resolution for d in by_session.get(s, [])),
            "reports": sum(not d.is_resolution for d in by_session.get(s, [])),
        }
        for s in sorted(set(by_session) | set(missing))
    ]
    resolutions = [d for d in documents if d.is_resolution]
    chart = (
        bar_chart(
            "How the series grew: paragraphs and footnotes per resolution",
            [d.number or d.symbol for d in resolutions],
            {
                "preambular": [d.preambular for d in resolutions],
                "operative": [d.operative for d in resolutions],
                "footnotes": [d.notes for d in resolutions],
            },
            stacked=False,
        )
        if resolutions
        else None
    )
    kinds = Document.objects.aggregate(
        resolutions=Count("id", filter=Q(kind="resolution")), reports=Count("id", filter=Q(kind="report"))
    )
    return {
        "featured": featured,
        "series_count": Series.objects.count(),
        "sessions": sessions,
        "chart": chart,
        "counts": {
            "resolutions": kinds["resolutions"],
            "reports": kinds["reports"],
            **SeriesMember.objects.not_held().aggregate(
                not_held=Count("id"),
                resolutions_not_held=Count("id", filter=Q(kind="resolution")),
                reports_not_held=Count("id", filter=Q(kind="report")),
            ),
            "paragraphs": Paragraph.objects.body().count(),
            "footnotes": Footnote.objects.filter(text_missing=False).count(),
            "instruments": Instrument.objects.count(),
        },
    }
