"""Derive stage: every series' members, held or not, and the links between reports and resolutions.

Reads: the series registry (``fixtures/series.json``), the held documents of each series,
their paragraphs and footnotes. Writes: ``Series`` (created for registry series, with what
is known of their beginning), ``SeriesMember`` (all rows of a series replaced in one
transaction: cheap, and always whole), ``Document.answers`` for held reports, and a
``series_conflict`` anomaly on a held document whose text disagrees with the registry.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from archive.models import Document, FootnoteReference, Paragraph, Series, SeriesMember
from archive.series.discover import Fact, TextParagraph, report_facts, resolution_facts
from archive.series.members import HeldDocument, merge_members
from archive.series.registry import SeriesEntry, load_registry

from .sources import SERIES_REGISTRY

CONFLICT = "series_conflict"


def update_series(registry_path=SERIES_REGISTRY) -> int:
    """Rewrite the members of every series; returns how many members were written."""
    registry = {entry.slug: entry for entry in load_registry(registry_path)}
    for entry in registry.values():
        series, _ = Series.objects.update_or_create(slug=entry.slug, defaults={
            "title": entry.title, "began": entry.began, "began_source": entry.began_source})
        # the registry overrides the title: a held member belongs to its series whatever it is called
        symbols = [m.symbol for m in entry.members if m.symbol]
        Document.objects.filter(symbol__in=symbols).exclude(series=series).update(series=series)
    written = 0
    for series in Series.objects.all():
        written += _update_one(series, registry.get(series.slug))
    return written


def _update_one(series: Series, entry: SeriesEntry | None) -> int:
    docs = list(Document.objects.filter(series=series).order_by("session", "kind", "symbol"))
    held = [HeldDocument(d.symbol, d.kind, d.session, d.adopted, _facts(d, series.title)) for d in docs]
    members, conflicts = merge_members(entry, held)
    by_symbol = {d.symbol: d for d in docs}
    rows = [
        SeriesMember(
            series=series, kind=m.kind, kind_order=0 if m.kind == "report" else 1, session=m.session,
            symbol=m.symbol, number=m.number, adopted=m.adopted, year=m.year,
            document=by_symbol.get(m.symbol), takes_note_of=m.takes_note_of,
            requests_session=m.requests_session, answers=m.answers, note=m.note, sources=m.sources,
        )
        for m in members
    ]
    by_doc = defaultdict(list)
    for c in conflicts:
        by_doc[c.symbol].append({"code": CONFLICT, "message": c.message, "line": None})
    with transaction.atomic():
        SeriesMember.objects.filter(series=series).delete()
        SeriesMember.objects.bulk_create(rows)
        for doc in docs:
            kept = [a for a in doc.anomalies if a.get("code") != CONFLICT]
            if kept + by_doc.get(doc.symbol, []) != doc.anomalies:
                doc.anomalies = kept + by_doc.get(doc.symbol, [])
                doc.save(update_fields=["anomalies"])
        for m in members:
            if m.kind == "report" and m.held:
                report = by_symbol[m.symbol]
                target = by_symbol.get(m.answers)
                if report.answers_id != (target.id if target else None):
                    report.answers = target
                    report.save(update_fields=["answers"])
    return len(rows)


def _facts(doc: Document, series_title: str):
    paragraphs = list(Paragraph.objects.body().filter(document=doc).order_by("position")
                      .only("id", "kind", "opening", "text", "number", "ordinal", "document_id"))
    notes = defaultdict(list)
    for pid, text in (FootnoteReference.objects.filter(paragraph__document=doc)
                      .order_by("paragraph__position", "offset").values_list("paragraph_id", "footnote__text")):
        notes[pid].append(text)
    texts = [TextParagraph(p.kind, p.opening, p.text, p.label, notes.get(p.id, ())) for p in paragraphs]
    if doc.is_resolution:
        return resolution_facts(texts)
    facts = report_facts(texts, series_title)
    if doc.metadata.get("answers"):  # given by the manifest where the text does not say
        facts.insert(0, Fact("answers", doc.metadata["answers"], "the manifest"))
    return facts
