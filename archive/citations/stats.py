"""How well footnotes resolve to instruments: the share resolved, by kind, and wrong merges.

A footnote is resolved when at least one of its citations is an instrument of a
definite kind (treaty, resolution, document, publication, web), not "other"; a Treaty
Series or "Ibid., vol." footnote only when a treaty is among them. A wrong merge is one
instrument record reached by two different Treaty Series (volume, number) keys.

Two scopes: ``citation_stats`` counts the documents as loaded (74/127 once, shown from
its XML); ``source_citation_stats`` counts every source file of the default collection
as parsed, without a database (74/127 twice: its text and its XML).
"""

from __future__ import annotations

import re

from archive.models import Citation, Document, Footnote

TREATY_RE = re.compile(r"Treaty Series|^Ibid\., vols?\.", re.IGNORECASE)


def cites_an_instrument(kinds: set[str]) -> bool:
    """A footnote is resolved when any of its citations is of a definite kind, not "other"."""
    return bool(kinds - {"other"})


def citation_stats() -> dict:
    rows = []
    unresolved = []
    kinds_by_footnote: dict[int, set[str]] = {}
    for fid, kind in Citation.objects.values_list("footnote_id", "instrument__kind"):
        kinds_by_footnote.setdefault(fid, set()).add(kind)
    for doc in Document.objects.order_by("session", "symbol"):
        notes = list(Footnote.objects.filter(document=doc, text_missing=False).order_by("number"))
        resolved = treaty = treaty_ok = 0
        for f in notes:
            kinds = kinds_by_footnote.get(f.id, set())
            ok = cites_an_instrument(kinds)
            resolved += ok
            if TREATY_RE.search(f.text):
                treaty += 1
                treaty_ok += "treaty" in kinds
            if not ok:
                unresolved.append((doc.symbol, f.number, f.text))
        rows.append(
            {
                "document": doc.symbol,
                "footnotes": len(notes),
                "resolved": resolved,
                "treaty_or_ibid": treaty,
                "treaty_resolved": treaty_ok,
            }
        )
    merges = {}
    for inst_id, key in (
        Citation.objects.filter(cited_key__startswith="UNTS:").values_list("instrument_id", "cited_key").distinct()
    ):
        merges.setdefault(inst_id, set()).add(key)
    wrong = {i: keys for i, keys in merges.items() if len(keys) > 1}
    return {"rows": rows, "unresolved": unresolved, "wrong_merges": wrong}


def format_stats(stats: dict) -> str:
    lines = [
        f"{'document':<14} {'footnotes':>9} {'resolved':>9} {'share':>7} {'TS/Ibid':>8} {'TS resolved':>12}",
        "-" * 64,
    ]
    totals = {"footnotes": 0, "resolved": 0, "treaty_or_ibid": 0, "treaty_resolved": 0}
    for r in stats["rows"]:
        share = r["resolved"] / r["footnotes"] if r["footnotes"] else 1
        lines.append(
            f"{r['document']:<14} {r['footnotes']:>9} {r['resolved']:>9} {share:>7.1%} {r['treaty_or_ibid']:>8} {r['treaty_resolved']:>12}"
        )
        for k in totals:
            totals[k] += r[k]
    share = totals["resolved"] / totals["footnotes"] if totals["footnotes"] else 1
    lines.append("-" * 64)
    lines.append(
        f"{'all':<14} {totals['footnotes']:>9} {totals['resolved']:>9} {share:>7.1%} {totals['treaty_or_ibid']:>8} {totals['treaty_resolved']:>12}"
    )
    lines.append(f"wrong merges (one instrument, two Treaty Series keys): {len(stats['wrong_merges'])}")
    if stats["unresolved"]:
        lines.append("unresolved footnotes:")
        lines += [f"  {s} fn. {n}: {t[:110]}" for s, n, t in stats["unresolved"]]
    return "\n".join(lines)


def source_citation_stats() -> dict:
    """Every English source file of the default collection, parsed and resolved as ingest does (the other
    languages' footnotes are not resolved: they cite what the English footnote of their number cites)."""
    from archive.citations.resolve import resolve_document
    from archive.ingest.sources import default_collection
    from archive.parsing import parse_path

    rows, unresolved = [], []
    for src in default_collection().sources:
        doc = parse_path(src.path, src.given)
        if doc.language != "en":
            continue
        resolved_by_number = resolve_document(doc)
        notes = [f for f in doc.footnotes if f.text]
        ok = 0
        for f in sorted(notes, key=lambda f: f.number):
            kinds = {c.kind for c in resolved_by_number.get(f.number, [])}
            if cites_an_instrument(kinds):
                ok += 1
            else:
                unresolved.append((src.given, f.number, f.text))
        rows.append({"document": src.given, "footnotes": len(notes), "resolved": ok})
    return {"rows": rows, "unresolved": unresolved}


def format_source_stats(stats: dict) -> str:
    width = max(len(r["document"]) for r in stats["rows"])
    lines = [f"{'source file':<{width}} {'footnotes':>9} {'resolved':>9} {'share':>7}", "-" * (width + 28)]
    total = ok = 0
    for r in stats["rows"]:
        share = r["resolved"] / r["footnotes"] if r["footnotes"] else 1
        lines.append(f"{r['document']:<{width}} {r['footnotes']:>9} {r['resolved']:>9} {share:>7.1%}")
        total, ok = total + r["footnotes"], ok + r["resolved"]
    lines.append("-" * (width + 28))
    lines.append(f"{'all':<{width}} {total:>9} {ok:>9} {ok / total if total else 1:>7.1%}")
    return "\n".join(lines)
