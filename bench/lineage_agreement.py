"""How closely the paragraph aligner reproduces the hand-checked golden alignments.

``.venv/bin/python -m bench.lineage_agreement [-v]`` prints one row per golden file in
``tests/lineage/golden/``: its (old, new, status) pairs, the share the aligner
reproduces, the golden pairs it misses and the pairs it computes that the golden file
does not hold. ``-v`` lists those pairs. A figure, not a test: the test suite asserts
only the floor (``tests/lineage/test_align.py``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from django.conf import settings

from archive.lineage.align import align
from archive.lineage.pairs import agreement, link_rows, para_ids
from archive.parsing import parse_path
from scripts.django_env import setup_django


def _session_order(path: Path) -> tuple[int, ...]:
    """align_62_132__72_149.json -> (62, 132, 72, 149): files in series order."""
    return tuple(int(n) for n in re.findall(r"\d+", path.stem))


def measure(path: Path, root: Path) -> dict:
    """One golden file's agreement; its sources are named relative to the checkout ``root``."""
    golden = json.loads(path.read_text())
    old = parse_path(root / golden["old"]["source"]).paragraphs
    new = parse_path(root / golden["new"]["source"]).paragraphs
    rows = link_rows(align(old, new), para_ids(old), para_ids(new))
    score, missed, extra = agreement(golden["pairs"], rows)
    pairs = len({(r["old"], r["new"], r["status"]) for r in golden["pairs"]})
    return {
        "name": path.name,
        "step": f"{golden['old']['symbol']} -> {golden['new']['symbol']}",
        "pairs": pairs,
        "hit": pairs - len(missed),
        "score": score,
        "missed": missed,
        "extra": extra,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list the missed and extra pairs")
    args = ap.parse_args(argv)
    setup_django()
    golden = settings.BASE_DIR / "tests" / "lineage" / "golden"
    results = [measure(p, settings.BASE_DIR) for p in sorted(golden.glob("align_*.json"), key=_session_order)]
    if not results:
        sys.exit(f"no golden alignments in {golden}")

    head = f"{'golden file':<28} {'step':<30} {'pairs':>5} {'agreement':>9} {'missed':>6} {'extra':>5}"
    print(head)
    print("-" * len(head))
    for r in results:
        print(
            f"{r['name']:<28} {r['step']:<30} {r['pairs']:>5} {r['score']:>9.1%} "
            f"{len(r['missed']):>6} {len(r['extra']):>5}"
        )
    pairs, hit = sum(r["pairs"] for r in results), sum(r["hit"] for r in results)
    print("-" * len(head))
    print(
        f"{'all':<28} {'':<30} {pairs:>5} {hit / pairs:>9.1%} "
        f"{sum(len(r['missed']) for r in results):>6} {sum(len(r['extra']) for r in results):>5}"
    )
    if args.verbose:
        for r in results:
            if r["missed"] or r["extra"]:
                print(f"\n{r['step']}")
                for pair in r["missed"]:
                    print("  golden, not computed:", pair)
                for pair in r["extra"]:
                    print("  computed, not golden:", pair)


if __name__ == "__main__":
    main()
