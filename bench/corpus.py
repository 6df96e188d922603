"""The whole General Assembly corpus: ingest time (first load, re-run) and one page of each kind.

    .venv/bin/python -m bench.corpus [--corpus ../shared/corpus/akn] [--db archive_bench_corpus] [--runs 20] [--skip-load]

Loads the default collection and the corpus (``manage.py ingest --with-default --timings``) into its
own database (``ARCHIVE_DB_NAME``; the archive's own is never touched), runs the same command again
(unchanged sources), prints both with each stage's wall and CPU seconds, the load average and the
rows each run wrote (PostgreSQL's counters: the re-run should write none), then requests one page
of each kind ``--runs`` times through Django's test client with the production settings'
middleware (no cache) and prints a table: bytes, p50/p95 ms, CPU ms and statements, with the
load average (each address must answer 200). The bench database is emptied
first, so that the first load is one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path.cwd()  # run from the checkout root: python -m bench.corpus
# beside the checkout (/work/main), or beside the folder of worktrees (/work/wt/<name>)
DEFAULT_CORPUS = next(
    (
        p
        for p in (ROOT.parent / "shared" / "corpus" / "akn", ROOT.parent.parent / "shared" / "corpus" / "akn")
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "corpus" / "akn",
)


def ingest(db: str, corpus: str) -> list[dict]:
    """The first load and the re-run, each in its own process as a user runs it: seconds, the
    summary line, each stage's figures (``ingest --timings``), the load average before and after,
    and the rows the run inserted, updated or deleted (PostgreSQL's own counters for the database)."""
    env = {**os.environ, "ARCHIVE_DB_NAME": db, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    empty(db)
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    runs = []
    for label in ("first load", "re-run (unchanged)"):
        rows_before = rows_written(db)
        load_before = os.getloadavg()[0]
        t0 = time.monotonic()
        done = subprocess.run(
            [*manage, "ingest", "--with-default", corpus, "--timings"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - t0
        lines = done.stdout.strip().splitlines() or [done.stderr[-200:]]
        runs.append(
            {
                "label": label,
                "seconds": seconds,
                "summary": lines[-1],
                "stages": lines[:-1],
                "load": (load_before, os.getloadavg()[0]),
                "rows": rows_written(db) - rows_before,
                "errors": done.stderr.count("error:"),
            }
        )
    return runs


def empty(db: str) -> None:
    """Drop every table of the bench database (never the archive's own)."""
    from django.db import connection

    if db == "archive" or connection.settings_dict["NAME"] != db:
        sys.exit(f"refusing to empty {connection.settings_dict['NAME']!r}: give the bench its own database (--db)")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()


def rows_written(db: str) -> int:
    """Rows inserted, updated and deleted in the database so far (counters of finished sessions)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = %s", [db])
        (n,) = cursor.fetchone()
    connection.close()
    return int(n)


def pages() -> list[tuple[str, str]]:
    """One address of each kind, chosen from what the database holds: for the pages whose cost grows
    with what cites or shares them, the worst case (the most cited instrument page and not-held
    document, the paragraph with the most "also in" pairs)."""
    from django.db.models import Count

    from archive.models import Document, Instrument, Series, SharedLanguage

    biggest = Document.objects.resolutions().annotate(n=Count("paragraphs")).filter(n__lte=150).order_by("-n").first()
    largest = Document.objects.resolutions().annotate(n=Count("paragraphs")).order_by("-n").first()
    shared = SharedLanguage.objects.values("paragraph").annotate(n=Count("id")).order_by("-n", "paragraph").first()
    series = Series.objects.filter(detected=True).order_by("-held_count").first()
    session = Document.objects.values_list("session", flat=True).order_by("-session").first()
    # a UN document the archive does not hold has its page at /documents/<symbol>/ (its instrument URL redirects)
    cited = Instrument.objects.with_citing_stats().filter(documents__gt=0).ordered("documents")
    instrument = next((i for i in cited.iterator() if not i.is_unheld_document), None)
    unheld = next((i for i in cited.iterator() if i.is_unheld_document), None)
    out = [
        ("home", "/"),
        ("sessions", "/sessions/"),
        (f"session {session}", f"/sessions/{session}/"),
        ("series index", "/series/"),
        ("instruments index", "/instruments/"),
        ("search", "/search/?q=migrant+workers"),
        ("search, widest sort", "/search/?q=women&sort=widest"),
    ]
    if series:
        out.append((f"series ({series.held_count} held)", series.get_absolute_url()))
    if biggest:
        out.append((f"document ({biggest.n} paragraphs)", biggest.get_absolute_url()))
    if largest:
        out.append((f"document ({largest.n} paragraphs)", largest.get_absolute_url()))
    if shared:
        from archive.models import Paragraph

        paragraph = Paragraph.objects.select_related("document").get(pk=shared["paragraph"])
        out.append((f"paragraph ({shared['n']} also-in pairs)", paragraph.get_absolute_url()))
    if instrument:
        out.append((f"instrument (cited in {instrument.documents})", instrument.get_absolute_url()))
    if unheld:
        out.append((f"not held (cited in {unheld.documents})", f"/documents/{unheld.key}/"))
    out.append(("API series list", "/api/series/"))
    return out


def crawl(runs: int) -> list[tuple[str, str, int, float, float, float, int]]:
    """Each page ``runs`` times: bytes, p50 and p95 wall ms, median CPU ms of this process (Python:
    Django, templates, decoding rows; not the database server's) and the statements it runs. Every
    address must answer 200: a redirect or an error timed would be a figure of another page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for label, url in pages():
        times, cpu, size, statements = [], [], 0, 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                c0, t0 = time.process_time(), time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            if r.status_code != 200:
                sys.exit(f"{url} answered {r.status_code}, not 200: the crawl times pages, not redirects or errors")
            size, statements = len(r.content), len(queries)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        rows.append((label, url, size, statistics.median(times), p95, statistics.median(cpu), statements))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--db", default="archive_bench_corpus")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--skip-load", action="store_true", help="Crawl the database as it is.")
    args = ap.parse_args()
    from scripts.django_env import setup_django

    # every page built: the figures are the uncached ones
    setup_django(ARCHIVE_DB_NAME=args.db, DEBUG="0", PAGE_CACHE="0")
    if not args.skip_load:
        if not Path(args.corpus).is_dir():
            sys.exit(f"no corpus folder {args.corpus}")
        runs = ingest(args.db, args.corpus)
        print(f"{'ingest':<20} {'seconds':>8} {'load avg':>11} {'rows written':>13}  summary")
        for r in runs:
            print(
                f"{r['label']:<20} {r['seconds']:>8.1f} {r['load'][0]:>5.1f}-{r['load'][1]:<5.1f} {r['rows']:>13,}  {r['summary']}"
            )
        for r in runs:
            print(
                f"\n{r['label']}, by stage (cpu: this process; workers: its worker processes; the database "
                f"server's CPU is in neither)"
            )
            print("\n".join(r["stages"]))
        print()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    load = os.getloadavg()
    print(f"{'page':<30} {'KB':>7} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7} {'stmts':>5}  address")
    for label, url, size, p50, p95, cpu, statements in crawl(args.runs):
        print(f"{label:<30} {size / 1024:>7.1f} {p50:>8.1f} {p95:>8.1f} {cpu:>7.1f} {statements:>5}  {url}")
    print(f"load average {load[0]:.2f} before the crawl, {os.getloadavg()[0]:.2f} after; {args.runs} runs a page")


if __name__ == "__main__":
    main()
