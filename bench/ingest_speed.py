"""Ingest timing: the default collection and a whole corpus folder, each into a fresh database.

    python -m bench.ingest_speed [--corpus DIR] [--skip-corpus]

(the corpus defaults to ``../shared/corpus/akn`` beside the checkout, and is skipped when absent).

Each measurement runs ``manage.py migrate`` and then ``manage.py ingest`` in a subprocess
against its own throw-away database on the same server (names contain "bench"), so the
figures are what a user sees from the command line, start-up included, and the archive's
own database is never touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from scripts.django_env import setup_django


def _database_url(name: str) -> str:
    params = connection.get_connection_params()
    host = params.get("host") or "localhost"
    user = params.get("user") or "postgres"
    password = params.get("password") or ""
    port = params.get("port") or 5432
    auth = f"{user}:{password}@" if password else f"{user}@"
    if host.startswith("/"):
        return f"postgres://{auth}/{name}?host={host}&port={port}"
    return f"postgres://{auth}{host}:{port}/{name}"


def _recreate(name: str) -> None:
    params = connection.get_connection_params()
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop(name: str) -> None:
    params = connection.get_connection_params()
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def time_ingest(label: str, paths: list[str], name: str) -> dict:
    connection.ensure_connection()
    _recreate(name)
    env = {**os.environ, "DATABASE_URL": _database_url(name), "DEBUG": "1"}
    base = settings.BASE_DIR
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=base, env=env, check=True)
        t0 = time.monotonic()
        done = subprocess.run(
            [sys.executable, "manage.py", "ingest", *paths], cwd=base, env=env, capture_output=True, text=True
        )
        first = time.monotonic() - t0
        t0 = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "ingest", *paths], cwd=base, env=env, capture_output=True, check=False
        )
        again = time.monotonic() - t0
    finally:
        _drop(name)
    return {
        "what": label,
        "first_load_s": first,
        "rerun_s": again,
        "summary": done.stdout.strip().splitlines()[-1:] or [done.stderr[-200:]],
        "exit": done.returncode,
    }


def format_rows(rows: list[dict]) -> str:
    lines = [f"{'what':<34} {'first load':>11} {'re-run':>8}  summary", "-" * 100]
    for r in rows:
        lines.append(f"{r['what']:<34} {r['first_load_s']:>10.1f}s {r['rerun_s']:>7.1f}s  {r['summary'][0]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, help="folder of sources (default: ../shared/corpus/akn beside the checkout)"
    )
    parser.add_argument("--skip-corpus", action="store_true", help="time the default collection only")
    args = parser.parse_args(argv)
    setup_django()
    rows = [time_ingest("default collection (fixtures)", [], "archive_bench_ingest_default")]
    corpus = args.corpus or settings.BASE_DIR.parent / "shared" / "corpus" / "akn"
    if not args.skip_corpus and corpus.is_dir():
        files = sum(1 for p in corpus.rglob("*.xml"))
        rows.append(time_ingest(f"corpus {corpus.name}/ ({files} files)", [str(corpus)], "archive_bench_ingest_corpus"))
    elif not args.skip_corpus:
        print(f"no corpus at {corpus}: the default collection only")
    print(format_rows(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
