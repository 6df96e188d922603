"""Derive stage: the lineage of every series, each resolution aligned with the one before it.

Reads: the held resolutions of every series in session order, their body paragraphs, and each
document's source fingerprint. Writes: an ``Alignment`` per consecutive pair with its
``ParagraphLink`` rows (recomputed only when either document's fingerprint changed, or when it
is missing; an alignment between resolutions no longer consecutive is deleted), then each
body paragraph's ``ParagraphOrigin`` (its earliest version) along the stored links. A re-run on
unchanged sources writes nothing.

At corpus scale (thousands of alignments, a few hundred thousand links) the cost is in moving
rows, not in aligning: paragraphs are read as plain values and handed to the worker processes
as such, links are written with one COPY, and origins with one INSERT from arrays (a first one,
into an empty table, with its foreign keys set aside: they are checked once, not row by row).
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from archive.db.bulk_load import constraints_set_aside
from archive.lineage.align import LINK_MIN, Link, Para, align
from archive.models import Alignment, Document, Paragraph, ParagraphLink, ParagraphOrigin

# Bump when the aligner's output changes, so that stored alignments are computed again.
ALIGNER_VERSION = f"2026-12-01:T{LINK_MIN}"
PARALLEL_FROM = 20  # alignments: below this, worker processes cost more than they save
BULK_FROM = 20  # alignments of a first load: from this many, links are copied with the constraints set aside

_LINK_COLUMNS = (
    "alignment_id",
    "position",
    "group",
    "old_paragraph_id",
    "new_paragraph_id",
    "status",
    "moved",
    "score",
    "similarity",
    "change",
    "opening_changed",
    "opening_shift",
    "diff",
)
_NO_DIFF = ("new", "dropped", "unchanged")  # statuses stored without a word diff


@dataclass(frozen=True)
class Resolution:
    """A held resolution of a series, as lineage needs it."""

    id: int
    series_id: int
    fingerprint: str


def series_resolutions(series_id: int) -> list[Document]:
    return list(Document.objects.resolutions().filter(series_id=series_id).order_by("session", "symbol"))


def update_lineage() -> int:
    """Align consecutive resolutions of every series; returns how many alignments were (re)computed.

    The alignments to compute are found first; many (a whole corpus) are aligned in worker
    processes (alignment is pure CPU work), then written in one transaction: stale alignments
    deleted, new ones created, their links copied, and the origins of the series touched."""
    by_series: dict[int, list[Resolution]] = defaultdict(list)
    for doc_id, series_id, fp in (
        Document.objects.resolutions()
        .exclude(series=None)
        .order_by("series_id", "session", "symbol")
        .values_list("id", "series_id", "source_fingerprint")
    ):
        by_series[series_id].append(Resolution(doc_id, series_id, fp))
    existing = {
        (old, new): (aid, fp)
        for aid, old, new, fp in Alignment.objects.values_list("id", "old_id", "new_id", "fingerprint")
    }
    valid: set[tuple[int, int]] = set()
    todo: list[tuple[Resolution, Resolution]] = []
    touched: set[int] = set()  # series whose origins may change
    for series_id, docs in by_series.items():
        for old, new in zip(docs, docs[1:]):
            valid.add((old.id, new.id))
            have = existing.get((old.id, new.id))
            if have is None or have[1] != _fingerprint(old, new):
                todo.append((old, new))
                touched.add(series_id)
    recomputed = {(old.id, new.id) for old, new in todo}
    stale = [aid for pair, (aid, _) in existing.items() if pair not in valid or pair in recomputed]
    stale_series = set(
        Document.objects.filter(alignments_to__id__in=stale).exclude(series=None).values_list("series_id", flat=True)
    )
    touched |= stale_series & by_series.keys()
    touched |= _series_missing_origins()
    if not todo and not stale and not touched:
        return 0
    aligned = _align_all(todo)
    with transaction.atomic():
        if stale:
            # links go with their alignment (fast-deleted: ParagraphLink has no signals)
            Alignment.objects.filter(id__in=stale).delete()
        _write_alignments(todo, aligned, first=not existing)
        _update_origins([by_series[s] for s in sorted(touched) if s in by_series])
    return len(todo)


def _fingerprint(old: Resolution, new: Resolution) -> str:
    return f"{ALIGNER_VERSION}:{old.fingerprint}:{new.fingerprint}"


def _series_missing_origins() -> set[int]:
    """Series with a body paragraph of a held resolution whose origin was never set."""
    return set(
        Paragraph.objects.body()
        .filter(document__kind="resolution", lineage_origin__isnull=True)
        .exclude(document__series=None)
        .order_by()
        .values_list("document__series_id", flat=True)
        .distinct()
    )


# ---- aligning, in worker processes when many ---------------------------------------------------

_inputs: list[tuple[list[Para], list[Para]]] = []  # set before the workers fork: they read it, nothing is pickled


def _align_index(i: int) -> list[Link]:
    old, new = _inputs[i]
    return align(old, new)


def _paragraphs(doc_ids: set[int]) -> dict[int, list[tuple[int, Para]]]:
    """Each document's body paragraphs in order, as (id, plain paragraph): what the aligner reads."""
    out: dict[int, list[tuple[int, Para]]] = defaultdict(list)
    rows = (
        Paragraph.objects.body()
        .filter(document__in=doc_ids)
        .order_by("document_id", "position")
        .values_list("document_id", "id", "kind", "text", "number", "opening")
    )
    for doc_id, pid, kind, text, number, opening in rows.iterator(chunk_size=5000):
        out[doc_id].append((pid, Para(kind, text, number, opening)))
    return out


def _align_all(work: list[tuple[Resolution, Resolution]]) -> list[tuple[list[int], list[int], list[Link]]]:
    """For each pair of ``work``: (old paragraph ids, new paragraph ids, links), in parallel when many."""
    import multiprocessing
    import os

    from django.db import connections

    global _inputs
    if not work:
        return []
    paras = _paragraphs({d.id for pair in work for d in pair})
    ids = [([i for i, _ in paras.get(old.id, ())], [i for i, _ in paras.get(new.id, ())]) for old, new in work]
    _inputs = [([p for _, p in paras.get(old.id, ())], [p for _, p in paras.get(new.id, ())]) for old, new in work]
    try:
        workers = min(os.cpu_count() or 1, 4)
        if len(work) >= PARALLEL_FROM and workers >= 2:
            connections.close_all()
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_align_index, range(len(work)), chunksize=8)
        else:
            results = [_align_index(i) for i in range(len(work))]
    finally:
        _inputs = []
    return [(old_ids, new_ids, links) for (old_ids, new_ids), links in zip(ids, results)]


# ---- writing ------------------------------------------------------------------------------------


def link_rows(alignment_id: int, old_ids: list[int], new_ids: list[int], links: list[Link]) -> list[tuple]:
    """The ``ParagraphLink`` rows of one alignment, in ``_LINK_COLUMNS`` order: one per (old, new)
    pair, so that a split or merge gives several rows sharing its group."""
    rows: list[tuple] = []
    for group, link in enumerate(links):
        diff = json.dumps([list(op) for op in link.diff] if link.status not in _NO_DIFF else [])
        score = round(link.score, 4)
        for o in [old_ids[i] for i in link.old] or [None]:
            for n in [new_ids[j] for j in link.new] or [None]:
                rows.append(
                    (
                        alignment_id,
                        len(rows),
                        group,
                        o,
                        n,
                        link.status,
                        link.moved,
                        score,
                        link.similarity,
                        link.change,
                        link.opening_changed,
                        link.opening_shift or "",
                        diff,
                    )
                )
    return rows


def _tally(links: list[Link]) -> tuple[dict[str, int], dict[str, int]]:
    counts: dict[str, int] = {}
    changes: dict[str, int] = {}
    for link in links:
        counts[link.status] = counts.get(link.status, 0) + 1
        if link.change:
            changes[link.change] = changes.get(link.change, 0) + 1
    return counts, changes


def _write_alignments(work: list[tuple[Resolution, Resolution]], aligned: list[tuple], first: bool = False) -> None:
    """One ``Alignment`` per pair (created together), then every link with one COPY; the ``first``
    alignments stored (a first load) fill the link table with its constraints set aside."""
    if not work:
        return
    made = []
    for (old, new), (_, _, links) in zip(work, aligned):
        counts, changes = _tally(links)
        made.append(
            Alignment(old_id=old.id, new_id=new.id, fingerprint=_fingerprint(old, new), counts=counts, changes=changes)
        )
    made = Alignment.objects.bulk_create(made, batch_size=1000)
    columns = ", ".join(f'"{c}"' for c in _LINK_COLUMNS)
    bulk = first and len(work) >= BULK_FROM and not ParagraphLink.objects.exists()
    aside = constraints_set_aside(ParagraphLink._meta.db_table) if bulk else nullcontext()
    with aside, connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {ParagraphLink._meta.db_table} ({columns}) FROM STDIN") as copy:
            for alignment, (old_ids, new_ids, links) in zip(made, aligned):
                for row in link_rows(alignment.id, old_ids, new_ids, links):
                    copy.write_row(row)


ORIGINS_SQL = f"""
INSERT INTO {ParagraphOrigin._meta.db_table} (paragraph_id, origin_id)
SELECT * FROM unnest(%s::bigint[], %s::bigint[])
ON CONFLICT (paragraph_id) DO UPDATE SET origin_id = EXCLUDED.origin_id
"""
BULK_ORIGINS_FROM = 1000  # origins written into an empty table: from this many, its constraints are set aside


def _update_origins(series: list[list[Resolution]]) -> int:
    """Walk each series oldest first: a paragraph with a predecessor shares its origin.

    Reads every touched series' links and paragraphs (with their stored origins) in two queries
    and writes the origins that differ in one statement; returns how many paragraphs changed."""
    docs = [d.id for resolutions in series for d in resolutions]
    if not docs:
        return 0
    back: dict[int, int] = {}  # new paragraph -> its first old paragraph (in link order)
    for new_id, old_id in (
        ParagraphLink.objects.filter(alignment__new__in=docs, new_paragraph__isnull=False, old_paragraph__isnull=False)
        .order_by("-alignment_id", "-position")
        .values_list("new_paragraph_id", "old_paragraph_id")
        .iterator(chunk_size=10000)
    ):
        back[new_id] = old_id
    by_doc: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for doc_id, pid, origin_id in (
        Paragraph.objects.body()
        .filter(document__in=docs)
        .with_origin()
        .order_by("document_id", "position")
        .values_list("document_id", "id", "origin_id")
        .iterator(chunk_size=10000)
    ):
        by_doc[doc_id].append((pid, origin_id))
    origin: dict[int, int] = {}
    ids, origins = [], []
    for doc_id in docs:  # series by series, each in session order
        for pid, stored in by_doc.get(doc_id, ()):
            previous = back.get(pid)
            here = origin[pid] = origin.get(previous, pid) if previous else pid
            if stored != here:
                ids.append(pid)
                origins.append(here)
    if ids:
        table = ParagraphOrigin._meta.db_table
        bulk = len(ids) >= BULK_ORIGINS_FROM and not ParagraphOrigin.objects.exists()
        with constraints_set_aside(table) if bulk else nullcontext(), connection.cursor() as cursor:
            cursor.execute(ORIGINS_SQL, [ids, origins])
    return len(ids)
