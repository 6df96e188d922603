"""Figures about the archive's holdings, for the home page."""

from django.db.models import Count, Q

from archive.charts import bar_chart
from archive.models import Document, Footnote, Instrument, Paragraph
from archive.timeline import not_held_by_session


def archive_overview() -> dict:
    documents = list(
        Document.objects.only("symbol", "kind", "session", "title", "number", "adopted", "distributed")
        .annotate(
            preambular=Count("paragraphs", filter=Q(paragraphs__kind="preambular"), distinct=True),
            operative=Count("paragraphs", filter=Q(paragraphs__kind="operative"), distinct=True),
            notes=Count("footnotes", filter=Q(footnotes__text_missing=False), distinct=True),
        )
        .order_by("session", "kind", "symbol")
    )
    by_session: dict[int, list] = {}
    for doc in documents:
        by_session.setdefault(doc.session, []).append(doc)
    missing = not_held_by_session()
    sessions = [
        {"session": s, "documents": by_session.get(s, []), "not_held": missing.get(s, []),
         "resolutions": sum(d.is_resolution for d in by_session.get(s, [])),
         "reports": sum(not d.is_resolution for d in by_session.get(s, []))}
        for s in sorted(set(by_session) | set(missing))
    ]
    resolutions = [d for d in documents if d.is_resolution]
    chart = bar_chart(
        "How the series grew: paragraphs and footnotes per resolution",
        [d.number or d.symbol for d in resolutions],
        {"preambular": [d.preambular for d in resolutions], "operative": [d.operative for d in resolutions],
         "footnotes": [d.notes for d in resolutions]},
        stacked=False,
    ) if resolutions else None
    return {
        "sessions": sessions,
        "chart": chart,
        "counts": {
            "resolutions": len(resolutions),
            "reports": len(documents) - len(resolutions),
            "not_held": sum(len(v) for v in missing.values()),
            "paragraphs": Paragraph.objects.body().count(),
            "footnotes": Footnote.objects.filter(text_missing=False).count(),
            "instruments": Instrument.objects.count(),
        },
    }
