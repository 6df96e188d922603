"""The phrase rule above the full-ranking limit against ranking every match, on the same corpus and run.

    ARCHIVE_DB_NAME=archive_bench200 .venv/bin/python -m bench.search_phrase_rule [--runs 10] [--limit 5000]

A quoted phrase of frequent words (the benchmark corpus's ``"migrant domestic workers"``) is searched
twice: with every match ranked, and with the full-ranking limit lowered to ``--limit`` so that the
phrase is checked among its most recent candidates only. Printed: wall p50 and CPU per search (this
process and its database backend), which other work on a shared machine inflates less than wall time.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from scripts.django_env import setup_django

setup_django(DEBUG="0", PAGE_CACHE="0")
from django.db import connection  # noqa: E402

from archive.models import Paragraph  # noqa: E402
from archive.search import paragraphs  # noqa: E402


def cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (time.process_time() + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--limit", type=int, default=5_000, help="the full-ranking limit for the second run")
    parser.add_argument("--query", default='"migrant domestic workers"')
    args = parser.parse_args()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    paragraphs.STATEMENT_TIMEOUT_MS = 120_000  # timed, not cancelled
    every = paragraphs.RANK_ALL
    for label, limit in (
        (f"every match ranked (limit {every:,})", every),
        (f"candidate rule (limit {args.limit:,})", args.limit),
    ):
        paragraphs.RANK_ALL = limit
        results = paragraphs.run_search(Paragraph.objects.body(), args.query, "relevance", 1)
        walls, c0 = [], cpu_ms(pid)
        for _ in range(args.runs):
            t0 = time.perf_counter()
            results = paragraphs.run_search(Paragraph.objects.body(), args.query, "relevance", 1)
            walls.append((time.perf_counter() - t0) * 1000)
        print(
            f"{label:<36} matches {results.total_label:>14}  approximate {results.approximate!s:<5}  "
            f"wall p50 {sorted(walls)[len(walls) // 2]:8.1f} ms  CPU {(cpu_ms(pid) - c0) / args.runs:7.1f} ms a search"
        )
    print("load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3]) + f" on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
