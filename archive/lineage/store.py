"""Derive stage: the lineage of every series, each resolution aligned with the one before it.

Reads: the held resolutions of every series in session order, their body paragraphs, and each
document's source fingerprint. Writes: an ``Alignment`` per consecutive pair with its
``ParagraphLink`` rows (recomputed only when either document's fingerprint changed, or when it
is missing; an alignment between resolutions no longer consecutive is deleted), then each
body paragraph's ``origin`` (its earliest version) along the stored links. A re-run on
unchanged sources writes nothing.
"""

from __future__ import annotations

from django.db import transaction

from archive.lineage.align import LINK_MIN, align
from archive.models import Alignment, Document, Paragraph, ParagraphLink


def series_resolutions(series_id: int) -> list[Document]:
    return list(Document.objects.resolutions().filter(series_id=series_id).order_by("session", "symbol"))


def update_lineage() -> int:
    """Align consecutive resolutions of every series; returns how many alignments were (re)computed.

    The alignments to compute are found first; many (a whole corpus) are aligned in worker
    processes (alignment is pure CPU work), then written here, series by series."""
    plans = []
    # order_by: the model's default ordering would make distinct() return one row per document
    series_ids = (
        Document.objects.resolutions()
        .exclude(series=None)
        .order_by("series_id")
        .values_list("series_id", flat=True)
        .distinct()
    )
    existing = {(a.old_id, a.new_id): a for a in Alignment.objects.only("id", "old_id", "new_id", "fingerprint")}
    for series_id in series_ids:
        docs = series_resolutions(series_id)
        pairs = list(zip(docs, docs[1:]))
        todo = [(old, new) for old, new in pairs if _stale(existing.get((old.id, new.id)), old, new)]
        plans.append((series_id, docs, pairs, todo))
    work = [(old, new) for _, _, _, todo in plans for old, new in todo]
    aligned = _align_all(work)
    computed = 0
    for series_id, docs, pairs, todo in plans:
        with transaction.atomic():
            for old, new in todo:
                computed += _ensure_alignment(old, new, aligned.get((old.id, new.id)))
            # a resolution added between two others makes their alignment stale
            valid = {(old.id, new.id) for old, new in pairs}
            for stale in Alignment.objects.filter(new__series_id=series_id):
                if (stale.old_id, stale.new_id) not in valid:
                    stale.delete()
            if todo or _origins_missing(docs):
                _update_origins(docs)
    return computed


# Bump when the aligner's output changes, so that stored alignments are computed again.
ALIGNER_VERSION = f"2026-12-01:T{LINK_MIN}"
PARALLEL_FROM = 20  # alignments: below this, worker processes cost more than they save


def _fingerprint(old: Document, new: Document) -> str:
    return f"{ALIGNER_VERSION}:{old.source_fingerprint}:{new.source_fingerprint}"


def _stale(existing: Alignment | None, old: Document, new: Document) -> bool:
    return existing is None or existing.fingerprint != _fingerprint(old, new)


def _origins_missing(docs: list[Document]) -> bool:
    return Paragraph.objects.body().filter(document__in=docs, origin__isnull=True).exists()


def _paragraphs(doc: Document) -> list[Paragraph]:
    return list(doc.paragraphs.body().order_by("position").defer("search"))


def _align_pair(args):
    old_paras, new_paras = args
    return align(old_paras, new_paras)


def _align_all(work: list[tuple[Document, Document]]) -> dict[tuple[int, int], tuple]:
    """(old id, new id) -> (old paragraphs, new paragraphs, links), aligned in parallel when many."""
    import multiprocessing
    import os

    from django.db import connections

    if not work:
        return {}
    paras: dict[int, list[Paragraph]] = {}
    for doc_id, p in (
        (p.document_id, p)
        for p in Paragraph.objects.body()
        .filter(document__in={d.id for pair in work for d in pair})
        .order_by("document_id", "position")
        .defer("search")
    ):
        paras.setdefault(doc_id, []).append(p)
    inputs = [(paras.get(old.id, []), paras.get(new.id, [])) for old, new in work]
    workers = min(os.cpu_count() or 1, 4)
    if len(work) >= PARALLEL_FROM and workers >= 2:
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_align_pair, inputs, chunksize=8)
    else:
        results = [_align_pair(i) for i in inputs]
    return {(old.id, new.id): (i[0], i[1], links) for (old, new), i, links in zip(work, inputs, results)}


def _ensure_alignment(old: Document, new: Document, aligned: tuple | None = None) -> int:
    fingerprint = _fingerprint(old, new)
    existing = Alignment.objects.filter(old=old, new=new).first()
    if existing and existing.fingerprint == fingerprint:
        return 0
    if existing:
        existing.delete()
    if aligned is None:
        old_paras, new_paras = _paragraphs(old), _paragraphs(new)
        links = align(old_paras, new_paras)
    else:
        old_paras, new_paras, links = aligned
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
                rows.append(
                    ParagraphLink(
                        alignment=alignment,
                        position=len(rows),
                        group=group,
                        old_paragraph=o,
                        new_paragraph=n,
                        status=link.status,
                        moved=link.moved,
                        score=round(link.score, 4),
                        similarity=link.similarity,
                        change=link.change,
                        opening_changed=link.opening_changed,
                        opening_shift=link.opening_shift or "",
                        diff=[list(op) for op in link.diff]
                        if link.status not in ("new", "dropped", "unchanged")
                        else [],
                    )
                )
    ParagraphLink.objects.bulk_create(rows, batch_size=2000)
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
