"""Stable paragraph ids and the flat (old id, new id, status) rows a lineage is stored as.

Indices into a parse are not stable across re-parses or useful to a reader, so rows
name paragraphs the way a delegate would: ``op5`` and ``sub41(a)`` by number, ``pp12``
by ordinal among preambular paragraphs (they are unnumbered). The same rows are the
unit of the hand-checked golden files and of the agreement measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .align import Link, ParaLike

_PREFIX = {"operative": "op", "subparagraph": "sub", "report": "para", "heading": "h"}


def para_ids(paragraphs: Sequence[ParaLike]) -> list[str]:
    """``pp1``.. for preambular paragraphs, ``op5`` / ``sub41(a)`` for numbered ones."""
    ids, pp = [], 0
    for i, p in enumerate(paragraphs):
        if p.kind == "preambular":
            pp += 1
            ids.append(f"pp{pp}")
        elif p.number:
            ids.append(f"{_PREFIX.get(p.kind, p.kind)}{p.number}")
        else:
            ids.append(f"{_PREFIX.get(p.kind, p.kind)}#{i + 1}")
    return ids


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
                rows.append({
                    "group": g, "old": o, "new": n, "status": link.status,
                    "moved": link.moved, "score": link.score,
                    "opening_changed": link.opening_changed, "opening_shift": link.opening_shift,
                })
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
