"""Stable paragraph ids and the flat (old id, new id, status) rows a lineage is stored as.

Indices into a parse are not stable across re-parses or useful to a reader, so rows
name paragraphs by their anchors, the archive's one paragraph id (``op5`` and ``op41a``
by number, ``pp12`` by ordinal among preambular paragraphs, which are unnumbered). The
same rows are the unit of the hand-checked golden files and of the agreement measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archive.documents.anchors import paragraph_anchors

from .align import Link, ParaLike


def para_ids(paragraphs: Sequence[ParaLike]) -> list[str]:
    """The paragraphs' anchors: ``pp1``.. for preambular paragraphs, ``op5`` / ``op41a`` for numbered ones."""
    return [anchor for anchor, _ in paragraph_anchors(paragraphs)]


def link_rows(links: Iterable[Link], old_ids: Sequence[str], new_ids: Sequence[str]) -> list[dict]:
    """One row per (old, new) pair: a split gives two rows sharing ``group``.

    This is the shape meant for persistence (one row per paragraph link): ``old`` or
    ``new`` is None for new / dropped paragraphs.
    """
    rows = []
    for g, link in enumerate(links):
        olds = [old_ids[i] for i in link.old] or [None]
        news = [new_ids[j] for j in link.new] or [None]
        for o in olds:
            for n in news:
                rows.append(
                    {
                        "group": g,
                        "old": o,
                        "new": n,
                        "status": link.status,
                        "moved": link.moved,
                        "score": link.score,
                        "opening_changed": link.opening_changed,
                        "opening_shift": link.opening_shift,
                    }
                )
    return rows


def pair_set(rows: Iterable[dict]) -> set[tuple]:
    return {(r["old"], r["new"], r["status"]) for r in rows}


def agreement(golden: Iterable[dict], computed: Iterable[dict]) -> tuple[float, list[tuple], list[tuple]]:
    """Share of golden (old, new, status) pairs the computed alignment reproduces.

    Returns (agreement, golden pairs missed, computed pairs not in the golden data).
    """
    g, c = pair_set(golden), pair_set(computed)
    hit = len(g & c)
    return (hit / len(g) if g else 1.0), sorted(g - c, key=str), sorted(c - g, key=str)
