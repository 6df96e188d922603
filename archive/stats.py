"""Figures about the archive's holdings, for the home page."""

from django.db.models import Count, Q

from archive.models import Document, Footnote, Instrument, Paragraph


def archive_overview() -> dict:
    sessions = (
        Document.objects.values("session")
        .annotate(
            resolutions=Count("id", filter=Q(kind="resolution")),
            reports=Count("id", filter=Q(kind="report")),
        )
        .order_by("session")
    )
    by_session: dict[int, list] = {}
    for doc in Document.objects.only("symbol", "kind", "session", "title").order_by("session", "kind", "symbol"):
        by_session.setdefault(doc.session, []).append(doc)
    return {
        "sessions": [dict(s, documents=by_session.get(s["session"], [])) for s in sessions],
        "counts": {
            "resolutions": Document.objects.resolutions().count(),
            "reports": Document.objects.reports().count(),
            "paragraphs": Paragraph.objects.body().count(),
            "footnotes": Footnote.objects.count(),
            "instruments": Instrument.objects.count(),
        },
    }
