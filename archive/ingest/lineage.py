"""Store the lineage of every series: each resolution aligned with the one before it.

An alignment is recomputed only when either document's source fingerprint changed (or
it is missing), so a re-run on unchanged sources writes nothing. Each paragraph's
``origin`` (its earliest version) is then derived along the stored links.
"""

from __future__ import annotations

from django.db import transaction

from archive.lineage.align import LINK_MIN, align
from archive.models import Alignment, Document, Paragraph, ParagraphLink


def series_resolutions(series_id: int) -> list[Document]:
    return list(Document.objects.resolutions().filter(series_id=series_id).order_by("session", "symbol"))


def update_lineage() -> int:
    """Align consecutive resolutions of every series; returns how many alignments were (re)computed."""
    computed = 0
    series_ids = Document.objects.resolutions().exclude(series=None).values_list("series_id", flat=True).distinct()
    for series_id in series_ids:
        docs = series_resolutions(series_id)
        pairs = list(zip(docs, docs[1:]))
        with transaction.atomic():
            for old, new in pairs:
                computed += _ensure_alignment(old, new)
            # a resolution added between two others makes their alignment stale
            valid = {(old.id, new.id) for old, new in pairs}
            for stale in Alignment.objects.filter(new__series_id=series_id):
                if (stale.old_id, stale.new_id) not in valid:
                    stale.delete()
            _update_origins(docs)
    return computed


# Bump when the aligner's output changes, so that stored alignments are computed again.
ALIGNER_VERSION = f"2026-12-01:T{LINK_MIN}"


def _ensure_alignment(old: Document, new: Document) -> int:
    fingerprint = f"{ALIGNER_VERSION}:{old.source_sha256}:{new.source_sha256}"
    existing = Alignment.objects.filter(old=old, new=new).first()
    if existing and existing.fingerprint == fingerprint:
        return 0
    if existing:
        existing.delete()
    old_paras = list(old.paragraphs.body().order_by("position"))
    new_paras = list(new.paragraphs.body().order_by("position"))
    links = align(old_paras, new_paras)
    counts: dict[str, int] = {}
    changes: dict[str, int] = {}
    rows = []
    alignment = Alignment.objects.create(old=old, new=new, fingerprint=fingerprint)
    for group, link in enumerate(links):
        counts[link.status] = counts.get(link.status, 0) + 1
        if link.change:
            changes[link.change] = changes.get(link.change, 0) + 1
        for o in [old_paras[i] for i in link.old] or [None]:
            for n in [new_paras[j] for j in link.new] or [None]:
                rows.append(ParagraphLink(
                    alignment=alignment, position=len(rows), group=group, old_paragraph=o, new_paragraph=n,
                    status=link.status, moved=link.moved, score=round(link.score, 4),
                    similarity=link.similarity, change=link.change,
                    opening_changed=link.opening_changed, opening_shift=link.opening_shift or "",
                    diff=[list(op) for op in link.diff] if link.status not in ("new", "dropped", "unchanged") else [],
                ))
    ParagraphLink.objects.bulk_create(rows)
    alignment.counts, alignment.changes = counts, changes
    alignment.save(update_fields=["counts", "changes"])
    return 1


def _update_origins(docs: list[Document]) -> None:
    """Walk the series oldest first: a paragraph with a predecessor shares its origin."""
    origin: dict[int, int] = {}
    changed = []
    back: dict[int, int] = dict(
        ParagraphLink.objects.filter(alignment__new__in=docs, new_paragraph__isnull=False, old_paragraph__isnull=False)
        .order_by("-position")
        .values_list("new_paragraph_id", "old_paragraph_id")
    )
    for doc in docs:
        for p in Paragraph.objects.body().filter(document=doc).order_by("position").only("id", "origin"):
            previous = back.get(p.id)
            origin[p.id] = origin.get(previous, p.id) if previous else p.id
            if p.origin_id != origin[p.id]:
                p.origin_id = origin[p.id]
                changed.append(p)
    Paragraph.objects.bulk_update(changed, ["origin"], batch_size=500)
