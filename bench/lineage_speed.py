"""Benchmark: align two realistic 100-paragraph resolutions; the target is < 200 ms.

``python -m bench.lineage_speed [--runs N]``. The pair is built from resolution
76/141 (padded to 100 paragraphs with paragraphs of 78/180) and a mutated copy with
what negotiation does between sessions: word-level amendments, strengthened and
weakened openings, dropped and inserted paragraphs, a split, a merge and a preambular
paragraph moved to the operative part. A fixed seed keeps runs comparable. Parsing
is outside the timing: the aligner runs at ingest on already-parsed documents.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from archive.lineage.align import Para, align
from archive.parsing import parse_path
from archive.parsing.text import normalize
from scripts.django_env import setup_django

STRONGER = {"Encourages": "Urges", "Invites": "Encourages", "Calls upon": "Urges"}
WEAKER = {"Urges": "Calls upon", "Calls upon": "Encourages", "Encourages": "Invites"}
FILLERS = [
    "as appropriate",
    "in accordance with national legislation",
    "inter alia",
    "including migrant domestic workers",
    "at all levels",
    "where applicable",
]


def _paras(doc) -> list[Para]:
    return [Para(p.kind, p.text, p.number, p.opening) for p in doc.paragraphs]


def base_pair(akn: Path, size: int = 100, seed: int = 141) -> tuple[list[Para], list[Para]]:
    """(old, new): 76/141 (from the folder ``akn``) padded to ``size`` paragraphs, and its mutated successor."""
    rng = random.Random(seed)
    old = _paras(parse_path(akn / "A_RES_76_141.xml"))
    seen = {normalize(p.text) for p in old}
    later = [p for p in _paras(parse_path(akn / "A_RES_78_180.xml")) if normalize(p.text) not in seen]
    extra = [p for p in later if p.kind == "operative"]
    old = old[:-1] + extra[: size - len(old)] + old[-1:]
    for k, p in enumerate([p for p in old if p.kind == "operative"], 1):
        p.number = str(k)

    new = [Para(p.kind, p.text, p.number, p.opening) for p in old]
    for p in rng.sample(new, 15):  # word-level amendments
        words = p.text.split()
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(2, len(words))
            action = rng.choice(["insert", "delete", "replace"])
            if action == "insert":
                words[at:at] = rng.choice(FILLERS).split()
            elif action == "delete" and len(words) > 8:
                del words[at]
            else:
                words[at] = rng.choice(["strengthen", "promote", "ensure", "support"])
        p.text = " ".join(words)
    for p in rng.sample([p for p in new if p.opening in STRONGER], 4):  # openings
        table = STRONGER if rng.random() < 0.7 else WEAKER
        if p.opening in table:
            p.text = table[p.opening] + p.text[len(p.opening) :]
            p.opening = table[p.opening]
    for p in rng.sample(new[5:-5], 4):  # dropped
        new.remove(p)
    fresh = [p for p in later if p.kind == "preambular"][:5]  # inserted, in the preamble
    n_pp = sum(p.kind == "preambular" for p in new)
    for p in fresh:
        new.insert(rng.randrange(1, n_pp), Para(p.kind, p.text, None, p.opening))
    long_ops = [k for k, p in enumerate(new) if p.kind == "operative" and ", and to " in p.text]
    if long_ops:  # split at ", and "
        k = long_ops[0]
        head, tail = new[k].text.split(", and to ", 1)
        again = "Also " + new[k].opening[0].lower() + new[k].opening[1:]
        rest = new[k].text[len(new[k].opening) :].split(" to ", 1)[0]  # " Governments"
        new[k : k + 1] = [
            Para("operative", head + ";", None, new[k].opening),
            Para("operative", f"{again}{rest} to {tail}", None, again),
        ]
    shorts = [
        k
        for k in range(len(new) - 1)
        if new[k].kind == new[k + 1].kind == "operative" and len(new[k].text) < 250 and len(new[k + 1].text) < 250
    ]
    if shorts:  # merge two short neighbours
        k = shorts[-1]
        new[k : k + 2] = [
            Para("operative", new[k].text.rstrip(";.") + ", and " + new[k + 1].text, None, new[k].opening)
        ]
    pps = [k for k, p in enumerate(new) if p.kind == "preambular" and p.opening in ("Recognizing", "Stressing")]
    moved = new.pop(pps[len(pps) // 2])  # preambular -> operative, at the end
    verb = moved.opening[:-3] + "es"  # Recognizing -> Recognizes
    new.insert(len(new) - 1, Para("operative", verb + moved.text[len(moved.opening) :].rstrip(",") + ";", None, verb))
    for k, p in enumerate([p for p in new if p.kind == "operative"], 1):
        p.number = str(k)
    return old, new


def time_align(old, new, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run (CPU time is immune to a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        align(old, new)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args(argv)
    setup_django()
    from django.conf import settings

    old, new = base_pair(settings.BASE_DIR / "fixtures" / "akn")
    counts = Counter(link.status for link in align(old, new))
    times, cpu = time_align(old, new, args.runs)
    median = statistics.median(times)
    print(f"aligning {len(old)} -> {len(new)} paragraphs ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    print(
        f"median {median:.1f} ms over {args.runs} runs (min {min(times):.1f}, max {max(times):.1f}); "
        f"CPU median {statistics.median(cpu):.1f} ms; target < 200 ms: {'OK' if median < 200 else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main()
