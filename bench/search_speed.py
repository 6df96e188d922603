"""python manage.py bench_search [--runs N] [--naive-runs N] [--warmup N] [--no-naive]

Times the search page end to end against a naive baseline on the corpus of a bench database
(see generate_corpus); prints the corpus counts and a table of p50/p95 in milliseconds.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from archive.bench.generate import check_bench_database
from archive.bench.search_bench import corpus_counts, format_table, query_classes, run_benchmark


class Command(BaseCommand):
    help = "Benchmark the search page against a naive baseline (on a database whose name contains 'bench')."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed runs of each query on the real page (min 20).")
        parser.add_argument("--naive-runs", type=int, default=20, help="Timed runs of each query on the naive baseline (min 20).")
        parser.add_argument("--warmup", type=int, default=3, help="Runs discarded before timing.")
        parser.add_argument("--no-naive", action="store_true", help="Time the real page only.")
        parser.add_argument("--only", help="Comma-separated query classes to run (default: all).")

    def handle(self, *args, **o):
        try:
            check_bench_database()
        except ValueError as e:
            raise CommandError(str(e).replace("write a benchmark corpus into", "benchmark")) from None
        if o["runs"] < 20 or (not o["no_naive"] and o["naive_runs"] < 20):
            raise CommandError("at least 20 timed runs per query")
        counts = corpus_counts()
        if not counts["paragraphs (searchable)"]:
            raise CommandError("the bench database is empty: run generate_corpus first")
        for label, n in counts.items():
            self.stdout.write(f"{label:>45}: {n:,}")
        self.stdout.write("")
        before = os.getloadavg()
        classes = query_classes()
        if o["only"]:
            wanted = {w.strip() for w in o["only"].split(",")}
            classes = [c for c in classes if c[0] in wanted]
            if not classes:
                raise CommandError(f"no such class; the classes are: {', '.join(c[0] for c in query_classes())}")
        timings = run_benchmark(o["runs"], o["naive_runs"], o["warmup"], naive=not o["no_naive"], classes=classes,
                                progress=lambda m: self.stderr.write(m))
        self.stdout.write(format_table(timings))
        after = os.getloadavg()
        self.stdout.write(
            f"{os.cpu_count()} CPUs; load average (1 min) {before[0]:.2f} before, {after[0]:.2f} after: "
            "other work on the machine inflates these times"
        )
