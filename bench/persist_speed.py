"""The write stages alone: parse a collection once, then time persist and citations into an emptied database.

    .venv/bin/python -m bench.persist_speed [--corpus ../shared/corpus/akn] [--db archive_bench_persist] [--cache FILE]

Parses the default collection (and ``--corpus`` when given) with the ingest's own stages, keeps
what they made in ``--cache`` (a pickle: the next run skips the parse), drops every table of the
bench database (never the archive's own), migrates it, and runs the persist and citations stages
as ``manage.py ingest`` does. Prints each stage's wall seconds, CPU seconds of this process and of
its worker processes, the CPU seconds of the database server (the embedded server's backends,
read from /proc; "-" for a server elsewhere) and the load average, so that the cost PostgreSQL
pays for search vectors and indexes is counted as well as Python's.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path


def server_cpu() -> float | None:
    """CPU seconds of the embedded server and of the backends it has reaped (None: not the embedded one)."""
    from django.conf import settings

    pgdata = settings.DATABASES["default"].get("PGDATA")
    if not pgdata or not (Path(pgdata) / "postmaster.pid").exists():
        return None
    pid = (Path(pgdata) / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def parsed_run(corpus: str | None, cache: Path | None):
    from django.conf import settings

    from archive.ingest import pipeline
    from archive.ingest.sources import collection_from_paths, default_collection

    if cache and cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f), []
    collection = default_collection(settings.UPLOAD_ROOT)
    if corpus:
        collection = collection.extended(collection_from_paths([corpus]))
    run = pipeline.Run(collection, pipeline.IngestResult())
    times = []
    for stage in pipeline.STAGES:
        if stage.name in ("sources", "parse", "choose"):
            clock = pipeline._Clock()
            times.append((clock.stop(stage.name, stage.run(run)), None))
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            pickle.dump(run, f, protocol=pickle.HIGHEST_PROTOCOL)
    return run, times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="a folder of sources loaded with the default collection")
    ap.add_argument("--db", default="archive_bench_persist")
    ap.add_argument("--cache", type=Path, help="where the parsed collection is kept between runs")
    args = ap.parse_args()
    from scripts.django_env import setup_django

    setup_django(ARCHIVE_DB_NAME=args.db, DEBUG="0")
    from django.core.management import call_command
    from django.db import connection

    from archive.ingest import pipeline
    from archive.page_cache import version_held

    if args.db == "archive" or connection.settings_dict["NAME"] != args.db:
        sys.exit(f"refusing to empty {connection.settings_dict['NAME']!r}: give the bench its own database (--db)")
    run, rows = parsed_run(args.corpus, args.cache)
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    for stage in pipeline.STAGES:
        if stage.name not in ("persist", "citations"):
            continue
        connection.close()
        before = server_cpu()
        clock = pipeline._Clock()
        with version_held():
            note = stage.run(run)
        timing = clock.stop(stage.name, note)
        connection.close()
        time.sleep(0.5)  # the backends of the closed connections exit and are counted
        after = server_cpu()
        rows.append((timing, None if before is None or after is None else after - before))
    print(f"{'stage':<10} {'wall s':>7} {'cpu s':>7} {'workers':>8} {'server':>7} {'load':>5}  what it did")
    for t, server in rows:
        shown = f"{server:>7.1f}" if server is not None else f"{'-':>7}"
        print(f"{t.name:<10} {t.wall:>7.1f} {t.cpu:>7.1f} {t.workers_cpu:>8.1f} {shown} {t.load:>5.1f}  {t.note}")
    if run.result.errors:
        print(f"{len(run.result.errors)} errors, the first: {run.result.errors[0]}")


if __name__ == "__main__":
    main()
