"""The embedded PostgreSQL starts on demand, is reused, and migrations apply on an empty database."""

import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from archive.db.embedded import TUNING, ensure_server, stop_server

BASE_DIR = settings.BASE_DIR


@pytest.mark.slow
def test_embedded_server_initialises_starts_reattaches_and_stops():
    pgdata = BASE_DIR / ".pgdata-tests" / uuid.uuid4().hex[:8]
    try:
        socket_dir = ensure_server(pgdata, "probe")
        assert (pgdata / "PG_VERSION").read_text().strip() == "18"
        with psycopg.connect(host=socket_dir, user="postgres", dbname="probe") as conn:
            assert conn.execute("SHOW shared_buffers").fetchone()[0] == TUNING["shared_buffers"]
            assert conn.execute("SHOW work_mem").fetchone()[0] == TUNING["work_mem"]
        # A second process reattaches to the running server instead of starting another.
        pid_before = (pgdata / "postmaster.pid").read_text().split()[0]
        code = f"from archive.db.embedded import ensure_server; print(ensure_server({str(pgdata)!r}, 'probe'))"
        again = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == socket_dir
        assert (pgdata / "postmaster.pid").read_text().split()[0] == pid_before
        assert stop_server(pgdata) is True
        assert not (pgdata / "postmaster.pid").exists()
        assert stop_server(pgdata) is False
        assert pid_before.isdigit()
    finally:
        stop_server(pgdata)
        shutil.rmtree(pgdata, ignore_errors=True)


@pytest.mark.django_db
def test_migrations_apply_on_an_empty_database_and_are_checked_in():
    socket_dir = connection.get_connection_params()["host"]
    name = f"empty_{uuid.uuid4().hex[:8]}"
    url = f"postgres://postgres@/{name}?host={socket_dir}"
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {"DEBUG": "1", "DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert migrate.returncode == 0, migrate.stderr
        with psycopg.connect(host=socket_dir, user="postgres", dbname=name) as conn:
            tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
            indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}
        assert {
            "archive_document",
            "archive_paragraph",
            "archive_footnote",
            "archive_instrument",
            "archive_citation",
        } <= tables
        assert {"paragraph_search_gin", "document_symbol_unique", "paragraph_position_unique"} <= indexes
        check = subprocess.run(
            [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, f"model changes without a migration:\n{check.stdout}"
    finally:
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
