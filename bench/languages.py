"""Speed of the six languages: ingest of the default collection, and search in each language.

``.venv/bin/python -m bench.languages [--runs 30]`` prints two tables:
- ingest: the default collection (every language) parsed and aligned in process (no database),
  then loaded by ``manage.py ingest`` into a fresh throw-away database (start-up included),
  and loaded again (nothing changed: nothing written);
- search: for each language, each query of ``QUERIES`` through the search page end to end
  (view, queries, template), ``--runs`` times after one warm-up: median and 95th percentile.
It searches the development database, with DEBUG off, after migrating it and loading the default
collection into it (nothing is written when it already holds it) and collecting the static files. Figures, not
tests; on a machine shared with other work they say as much about the load (printed) as the code.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from pathlib import Path

from scripts.django_env import setup_django

# as served (no query log, no template debugging), and every request searches: a cached page would time the cache
setup_django(DEBUG=os.environ.get("DEBUG", "0"), PAGE_CACHE="0")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from archive.ingest.pipeline import run_ingest  # noqa: E402
from archive.models import Paragraph  # noqa: E402
from archive.parsing.languages import LANGUAGES  # noqa: E402
from archive.search import languages  # noqa: E402
from archive.search.paragraphs import run_search  # noqa: E402
from bench.ingest_speed import time_ingest  # noqa: E402

QUERIES = {
    "en": ["women migrant workers", '"migrant domestic workers"', "trafficking -children"],
    "fr": ["travailleuses migrantes", '"travailleuses domestiques"', "traite OR violence"],
    "es": ["trabajadoras migratorias", '"trabajadoras domésticas"', "trata -niños"],
    "ru": ["трудящиеся женщины-мигранты", '"домашней прислуги"', "торговля OR насилие"],
    "ar": ["العاملات المهاجرات", "الاتجار بالأشخاص", "العنف OR التمييز"],
    "zh": ["移民女工", "女工", "贩运 OR 暴力"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def cpu_ms() -> float:
    """CPU time used so far by this process and by its database backend (same machine), in ms: a figure
    that other work on a shared machine does not inflate the way it inflates wall time."""
    from django.db import connection

    connection.ensure_connection()
    if not hasattr(connection, "_bench_backend_pid"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            connection._bench_backend_pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{connection._bench_backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):  # a remote database: this process only
        backend = 0.0
    return (time.process_time() + backend) * 1000


def bench_search(runs: int) -> list[dict]:
    # the development database, migrated and holding the default collection (a fresh clone has neither;
    # on a loaded one, ingest finds every document unchanged and writes nothing)
    call_command("migrate", verbosity=0)
    run_ingest(skip_unchanged=True)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages served with DEBUG off name hashed files
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for lang, queries in QUERIES.items():
        for q in queries:
            params = {"q": q} if lang == "en" else {"q": q, "lang": lang}
            response = client.get("/search/", params)  # warm-up
            assert response.status_code == 200, (lang, q, response.status_code)
            times = []
            c0 = cpu_ms()
            for _ in range(runs):
                t0 = time.perf_counter()
                client.get("/search/", params)
                times.append((time.perf_counter() - t0) * 1000)
            cpu = (cpu_ms() - c0) / runs
            engine_times = []
            for _ in range(runs):  # the search alone (its three statements), without view and template
                t0 = time.perf_counter()
                if lang == "en":
                    run_search(Paragraph.objects.body(), q, "relevance", 1)
                else:
                    languages.run_search(Paragraph.objects.body(), q, "relevance", 1, LANGUAGES[lang])
                engine_times.append((time.perf_counter() - t0) * 1000)
            found = re.search(r"data-total>([^<]*)<", response.content.decode())
            total = found.group(1) if found else "0"
            rows.append(
                {
                    "lang": lang,
                    "q": q,
                    "matches": total,
                    "p50": statistics.median(times),
                    "p95": percentile(times, 0.95),
                    "cpu": cpu,
                    "engine_p95": percentile(engine_times, 0.95),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-ingest", action="store_true", help="only the search table")
    args = parser.parse_args()
    if not args.no_ingest:
        t0 = time.monotonic()
        parsed = run_ingest(dry_run=True)
        dry = time.monotonic() - t0
        versions = sum(len(o.versions) for o in parsed.outcomes)
        loaded = time_ingest("default collection, six languages", [], "archive_bench_languages")
        print(f"{'ingest of the default collection':<44} {'seconds':>8}")
        print("-" * 54)
        print(
            f"{'parse and align, in process (no database)':<44} {dry:>8.2f}   "
            f"{len(parsed.outcomes)} documents, {versions} language versions"
        )
        print(f"{'manage.py ingest, fresh database':<44} {loaded['first_load_s']:>8.2f}   {loaded['summary'][0]}")
        print(f"{'manage.py ingest again, nothing changed':<44} {loaded['rerun_s']:>8.2f}")
        print()
    rows = bench_search(args.runs)
    print(f"{'lang':<5} {'query':<32} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>7} {'search p95':>11}")
    print("-" * 85)
    for r in rows:
        print(
            f"{r['lang']:<5} {r['q']:<32} {r['matches']:>8} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['cpu']:>7.1f} "
            f"{r['engine_p95']:>11.1f}"
        )
    print("-" * 85)
    for lang in QUERIES:
        worst = max(r["p95"] for r in rows if r["lang"] == lang)
        cpu = max(r["cpu"] for r in rows if r["lang"] == lang)
        engine_worst = max(r["engine_p95"] for r in rows if r["lang"] == lang)
        print(f"{lang:<5} {'worst of its queries':<32} {'':>8} {'':>8} {worst:>8.1f} {cpu:>7.1f} {engine_worst:>11.1f}")
    print(
        f"(p50/p95: the search page end to end, page cache off; CPU ms: mean CPU per page request, this process "
        f"and its database backend; search p95: the search alone; load average {os.getloadavg()[0]:.1f} "
        f"{os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
