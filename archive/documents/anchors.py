"""The identifiers of a document's parts, one scheme for every reader.

A paragraph's anchor (``pp12``, ``op5``, ``op41a``, ``p36a``, ``summary``, ``s3``) is its
fragment on the HTML page, the last part of its permalink and of its API resource, the
``eId`` of its element in the AKN export, and the id a lineage row names it by. It is
made from what the document prints (the number, or the ordinal among paragraphs of its
kind when unnumbered), so it survives a re-parse. A footnote marker's id (``fnref13``,
``fnref13-2`` for the footnote's second marker) is the target of the footnote's link back.

Pure Python: the ingest stores the anchors; pages and exports read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class Numbered(Protocol):
    kind: str  # preambular | operative | subparagraph | report | heading
    number: str | None


def paragraph_anchors(paragraphs: Sequence[Numbered]) -> list[tuple[str, int]]:
    """(anchor, ordinal among paragraphs of its kind) for every paragraph of one document, in order."""
    in_resolution = any(p.kind in ("preambular", "operative") for p in paragraphs)
    seen: dict[str, int] = {}
    counters: dict[str, int] = {}
    out = []
    for p in paragraphs:
        counters[p.kind] = counters.get(p.kind, 0) + 1
        ordinal = counters[p.kind]
        compact = (p.number or "").replace("(", "").replace(")", "").replace(" ", "").lower()
        if p.kind == "preambular":
            base = f"pp{ordinal}"
        elif p.kind == "operative":
            base = f"op{compact or ordinal}"
        elif p.kind == "subparagraph":
            base = ("op" if in_resolution else "p") + (compact or str(ordinal))
        elif p.kind == "report":
            base = f"p{compact}" if compact else ("summary" if ordinal == 1 else f"text{ordinal}")
        else:
            base = f"s{ordinal}"
        anchor = base
        if anchor in seen:
            seen[base] += 1
            anchor = f"{base}-{seen[base]}"
        else:
            seen[base] = 1
        out.append((anchor, ordinal))
    return out


def marker_ids(document_refs: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int, int], str]:
    """Ids for every marker of a document, ``(paragraph, offset, footnote number)`` in reading order:
    fnref13, then fnref13-2 for the footnote's second marker."""
    seen: dict[int, int] = {}
    ids = {}
    for key in document_refs:
        number = key[2]
        seen[number] = seen.get(number, 0) + 1
        ids[key] = f"fnref{number}" if seen[number] == 1 else f"fnref{number}-{seen[number]}"
    return ids
