"""Derive stage: every series, registry and detected, with its members held or not, and the
links between reports and resolutions.

Reads: the series registry (``fixtures/series.json``), every held resolution's title, agenda
item, committee and the preambular paragraphs that recall resolutions (for detection), the
held documents of each series, their paragraphs and footnotes. Writes: ``Series`` (registry
series with what is known of their beginning; detected series found by
``archive.series.detect``; detected series no longer found are deleted), ``Document.series``
of resolutions detection places, ``SeriesMember`` (a series' rows replaced in one
transaction when they differ), ``Document.answers`` for held reports, and a
``series_conflict`` anomaly on a held document whose text disagrees with the registry.
An unchanged archive writes nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from django.db import transaction

from archive.ingest.sources import SERIES_REGISTRY
from archive.models import Document, FootnoteReference, Paragraph, Series, SeriesMember
from archive.series.detect import DetectedSeries, Resolution, detect_series
from archive.series.discover import Fact, TextParagraph, report_facts, resolution_facts
from archive.series.members import HeldDocument, merge_members
from archive.series.registry import Member, SeriesEntry, load_registry

CONFLICT = "series_conflict"


def update_series(registry_path=SERIES_REGISTRY) -> int:
    """Detect series, then rewrite the members of every series; returns how many member rows were written.

    Every series' documents and stored members are read in two queries and compared in Python;
    only the series whose members changed are written, together."""
    registry = {entry.slug: entry for entry in load_registry(registry_path)}
    for entry in registry.values():
        _save_if_changed(
            Series.objects.filter(slug=entry.slug).first() or Series(slug=entry.slug),
            title=entry.title,
            began=entry.began,
            began_source=entry.began_source,
            detected=False,
        )
    found = {d.slug: d for d in _detect(registry)}
    docs: dict[int, list[Document]] = defaultdict(list)
    held = (
        Document.objects.exclude(series=None)
        .order_by("series_id", "session", "kind", "symbol")
        .only("id", "symbol", "kind", "session", "adopted", "anomalies", "answers", "series")
    )
    for doc in held:
        docs[doc.series_id].append(doc)
    stored: dict[int, list[SeriesMember]] = defaultdict(list)
    for member in SeriesMember.objects.order_by():
        stored[member.series_id].append(member)
    with transaction.atomic():
        replaced: dict[int, list[SeriesMember]] = {}
        for series in Series.objects.all():
            entry = _with_chain(registry.get(series.slug), series, found.get(series.slug))
            rows = _update_one(series, entry, docs[series.id], stored[series.id], read_facts=not series.detected)
            if rows is not None:
                replaced[series.id] = rows
        rows = [row for one in replaced.values() for row in one]
        if replaced:
            SeriesMember.objects.filter(series_id__in=list(replaced)).delete()
            SeriesMember.objects.bulk_create(rows, batch_size=2000)
        _summarise()
    return len(rows)


def _save_if_changed(obj, **values) -> bool:
    if obj.pk and all(getattr(obj, k) == v for k, v in values.items()):
        return False
    for k, v in values.items():
        setattr(obj, k, v)
    obj.save()
    return True


def _detect(registry: dict[str, SeriesEntry]) -> list[DetectedSeries]:
    """Run detection over every held resolution and persist its series and placements."""
    registry_symbols = {m.symbol: e.slug for e in registry.values() for m in e.members if m.symbol}
    recalls: dict[int, list[str]] = defaultdict(list)
    for doc_id, text in (
        Paragraph.objects.filter(document__kind="resolution", kind="preambular", text__contains="resolution")
        .order_by("document_id", "position")
        .values_list("document_id", "text")
    ):
        recalls[doc_id].append(text)
    rows = list(
        Document.objects.resolutions().values(
            "id",
            "symbol",
            "session",
            "number",
            "title",
            "series_id",
            "series__slug",
            "series__detected",
            "metadata__committee",
            "metadata__agenda_item_name",
        )
    )
    resolutions, ids = [], {}
    for r in rows:
        registry_slug = registry_symbols.get(r["symbol"]) or (
            r["series__slug"] if r["series_id"] and not r["series__detected"] else ""
        )
        resolutions.append(
            Resolution(
                r["symbol"],
                r["session"],
                r["number"] or r["symbol"].removeprefix("A/RES/"),
                r["title"],
                r["metadata__agenda_item_name"] or "",
                r["metadata__committee"] or "",
                recalls.get(r["id"], []),
                registry_slug,
            )
        )
        ids[r["symbol"]] = r
    found = detect_series(resolutions, reserved_slugs=set(registry))
    with transaction.atomic():
        existing = {s.slug: s for s in Series.objects.all()}
        keep = set(registry)
        place: dict[int, int] = {}
        new = [
            Series(slug=d.slug, title=d.title, detected=True, signals=d.signals)
            for d in found
            if not d.registry_slug and d.slug not in existing
        ]
        existing.update({s.slug: s for s in Series.objects.bulk_create(new, batch_size=1000)})
        for d in found:
            series = existing.get(d.slug)
            if series is None:  # a registry series not in the registry loaded
                continue
            if not d.registry_slug:
                _save_if_changed(series, title=d.title, detected=True, signals=d.signals)
            keep.add(d.slug)
            for m in d.members:
                place[ids[m.symbol]["id"]] = series.pk
        Series.objects.filter(detected=True).exclude(slug__in=keep).delete()
        moved = []
        for r in rows:
            want = place.get(r["id"])
            if want is None and r["series_id"] and not r["series__detected"]:
                continue  # a registry placement detection did not group stays as given
            if r["series_id"] != want:
                moved.append(Document(id=r["id"], series_id=want))
        Document.objects.bulk_update(moved, ["series"], batch_size=500)
    return found


def _with_chain(entry: SeriesEntry | None, series: Series, detected: DetectedSeries | None) -> SeriesEntry | None:
    """The registry entry (if any) plus the members a recalling chain names that are not held."""
    if detected is None or not detected.not_held:
        return entry
    out = SeriesEntry(
        series.slug, series.title, series.began, series.began_source, list(entry.members) if entry else []
    )
    known = {m.symbol for m in out.members}
    for n in detected.not_held:
        if n.symbol in known:
            continue
        member = Member(kind="resolution", session=n.session, symbol=n.symbol)
        member.add_source("symbol", f"named in the recalling chain of {n.named_by}")
        out.members.append(member)
    return out


def _summarise() -> None:
    """Each series' committee, agenda item, sessions and counts, for the index and its filters."""
    held: dict[int, list] = defaultdict(list)
    for sid, committee, agenda in (
        Document.objects.resolutions()
        .exclude(series=None)
        .values_list("series_id", "metadata__committee", "metadata__agenda_item_name")
    ):
        held[sid].append((committee or "", agenda or ""))
    spans: dict[int, list] = defaultdict(list)
    for sid, session, kind in SeriesMember.objects.values_list("series_id", "session", "kind"):
        spans[sid].append((session, kind))
    for series in Series.objects.all():
        docs = held.get(series.id, [])
        members = spans.get(series.id, [])
        sessions = [s for s, _ in members]
        _save_if_changed(
            series,
            committee=_most_common([c for c, _ in docs]),
            agenda_item=_most_common([a for _, a in docs]),
            first_session=min(sessions) if sessions else None,
            last_session=max(sessions) if sessions else None,
            held_count=len(docs),
            member_count=sum(1 for _, k in members if k == "resolution"),
        )


def _most_common(values: list[str]) -> str:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0][:500] if counted else ""


def _update_one(
    series: Series,
    entry: SeriesEntry | None,
    docs: list[Document],
    stored: list[SeriesMember],
    read_facts: bool = True,
) -> list[SeriesMember] | None:
    """The series' member rows when they differ from ``stored`` (None when they do not); the
    anomalies and report links of its held documents are written here when they changed."""
    held = [
        HeldDocument(d.symbol, d.kind, d.session, d.adopted, _facts(d, series.title) if read_facts else [])
        for d in docs
    ]
    members, conflicts = merge_members(entry, held)
    by_symbol = {d.symbol: d for d in docs}
    rows = [
        SeriesMember(
            series=series,
            kind=m.kind,
            kind_order=0 if m.kind == "report" else 1,
            session=m.session,
            symbol=m.symbol,
            number=m.number,
            adopted=m.adopted,
            year=m.year,
            document=by_symbol.get(m.symbol),
            takes_note_of=m.takes_note_of,
            requests_session=m.requests_session,
            answers=m.answers,
            note=m.note,
            sources=m.sources,
        )
        for m in members
    ]
    by_doc = defaultdict(list)
    for c in conflicts:
        by_doc[c.symbol].append({"code": CONFLICT, "message": c.message, "line": None})
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
    if _member_tuples(stored) == _member_tuples(rows):
        return None
    return rows


_MEMBER_FIELDS = (
    "kind",
    "session",
    "symbol",
    "number",
    "adopted",
    "year",
    "document_id",
    "takes_note_of",
    "requests_session",
    "answers",
    "note",
    "sources",
)


def _member_tuples(rows) -> list[tuple]:
    """Rows as compared: JSON with its keys sorted (PostgreSQL's jsonb keeps its own key order)."""
    return sorted(tuple(json.dumps(getattr(r, f), sort_keys=True, default=str) for f in _MEMBER_FIELDS) for r in rows)


def _facts(doc: Document, series_title: str):
    paragraphs = list(
        Paragraph.objects.body()
        .filter(document=doc)
        .order_by("position")
        .only("id", "kind", "opening", "text", "number", "ordinal", "document_id")
    )
    notes = defaultdict(list)
    for pid, text in (
        FootnoteReference.objects.filter(paragraph__document=doc)
        .order_by("paragraph__position", "offset")
        .values_list("paragraph_id", "footnote__text")
    ):
        notes[pid].append(text)
    texts = [TextParagraph(p.kind, p.opening, p.text, p.label, notes.get(p.id, ())) for p in paragraphs]
    if doc.is_resolution:
        return resolution_facts(texts)
    facts = report_facts(texts, series_title)
    if doc.metadata.get("answers"):  # given by the manifest where the text does not say
        facts.insert(0, Fact("answers", doc.metadata["answers"], "the manifest"))
    return facts
