"""Time the search page end to end against a naive baseline, on the corpus of a *bench* database.

    ARCHIVE_DB_NAME=archive_bench python -m bench.search_speed [--runs N] [--naive-runs N] [--warmup N]
                                                               [--no-naive] [--only CLASS,...] [--statements]

Build the corpus first (``python -m bench.generate_corpus``). Prints the corpus counts and a
table of p50/p95 in milliseconds (``bench.search_timing``), with the load average.
"""

from __future__ import annotations

import argparse
import os
import sys

from scripts.django_env import setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each query on the real page (min 20)")
    parser.add_argument(
        "--naive-runs", type=int, default=20, help="timed runs of each query on the naive baseline (min 20)"
    )
    parser.add_argument(
        "--warmup", type=int, default=None, help="runs discarded before timing (default: bench.search_timing.WARMUP)"
    )
    parser.add_argument("--no-naive", action="store_true", help="time the real page only")
    parser.add_argument("--only", help="comma-separated query classes to run (default: all)")
    parser.add_argument(
        "--statements",
        action="store_true",
        help="also print each statement of one search per class: EXPLAIN ANALYZE time and buffers",
    )
    args = parser.parse_args(argv)
    if args.runs < 20 or (not args.no_naive and args.naive_runs < 20):
        parser.error("at least 20 timed runs per query")
    setup_django()
    from django.core.management import call_command

    from bench.search_timing import WARMUP, corpus_counts, format_statements, format_table, query_classes, run_benchmark
    from bench.synthetic_corpus import check_bench_database

    try:
        check_bench_database()
    except ValueError as e:
        parser.error(str(e).replace("write a benchmark corpus into", "benchmark"))
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages it times (DEBUG off) name hashed files
    counts = corpus_counts()
    if not counts["paragraphs (searchable)"]:
        parser.error("the bench database is empty: run python -m bench.generate_corpus first")
    classes = query_classes()
    if args.only:
        names = {c[0] for c in classes}  # a class's own name may hold a comma ("50,000-match word")
        wanted = {args.only.strip()} if args.only.strip() in names else {w.strip() for w in args.only.split(",")}
        classes = [c for c in classes if c[0] in wanted]
        if not classes:
            parser.error(f"no such class; the classes are: {', '.join(c[0] for c in query_classes())}")
    for label, n in counts.items():
        print(f"{label:>45}: {n:,}")
    print()
    before = os.getloadavg()
    timings = run_benchmark(
        args.runs,
        args.naive_runs,
        args.warmup if args.warmup is not None else WARMUP,
        naive=not args.no_naive,
        classes=classes,
        progress=lambda m: print(m, file=sys.stderr, flush=True),
    )
    print(format_table(timings))
    if args.statements:
        print()
        print(format_statements(classes))
    after = os.getloadavg()
    print(
        f"{os.cpu_count()} CPUs; load average (1 min) {before[0]:.2f} before, {after[0]:.2f} after: "
        "other work on the machine inflates these times"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
