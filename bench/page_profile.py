"""One page, where its time goes: each SQL statement's time, the view's CPU apart from the render's,
and the functions that cost the most CPU (cProfile), with the settings ``bench.corpus`` crawls with.

    .venv/bin/python -m bench.page_profile /documents/A/RES/70/1/ [--db archive_bench_corpus] [--runs 20] [--top 30]

Run it on a database loaded by ``bench.corpus``; the page is requested a few times first (the
template and query caches warm), then ``--runs`` times for each figure. CPU is this process's
(Django, templates, decoding rows); the statements' times are wall times, the database's own.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--db", default="archive_bench_corpus")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--top", type=int, default=30, help="Functions listed by their own CPU time.")
    args = ap.parse_args()
    from scripts.django_env import setup_django

    setup_django(ARCHIVE_DB_NAME=args.db, DEBUG="0", PAGE_CACHE="0")
    import django.template.backends.django as backend
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    client = Client()
    for _ in range(3):
        if client.get(args.url).status_code != 200:
            sys.exit(f"{args.url} does not answer 200")

    statements: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - t0) * 1000, sql))

    renders: list[float] = []
    render = backend.Template.render

    def timed_render(self, *a, **k):
        c0 = time.process_time()
        try:
            return render(self, *a, **k)
        finally:
            renders.append((time.process_time() - c0) * 1000)

    backend.Template.render = timed_render
    per_statement: dict[int, list[float]] = {}
    cpu, wall, rendered = [], [], []
    for _ in range(args.runs):
        statements.clear()
        renders.clear()
        c0, t0 = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(timed):
            client.get(args.url)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
        rendered.append(sum(renders))
        for i, (ms, _) in enumerate(statements):
            per_statement.setdefault(i, []).append(ms)
    backend.Template.render = render
    print(f"{'ms (median)':>11}  statement")
    for i, (_, sql) in enumerate(statements):
        print(f"{statistics.median(per_statement[i]):>11.2f}  {' '.join(sql.split())[:150]}")
    sql_ms = sum(statistics.median(v) for v in per_statement.values())
    print(
        f"\n{len(statements)} statements, {sql_ms:.1f} ms; CPU {statistics.median(cpu):.1f} ms, of which the render "
        f"{statistics.median(rendered):.1f}; wall {statistics.median(wall):.1f} ms (medians of {args.runs} runs)"
    )
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for _ in range(args.runs):
        client.get(args.url)
    profile.disable()
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
