"""Settings come from the environment and refuse to start production without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "ARCHIVE_TESTING", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    clean.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python(f"import sys; sys.argv = ['manage.py', *{list(args)!r}]; import manage; manage.main()", **env)


def test_production_refuses_to_start_without_secret_key():
    result = run_python("import config.settings", ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python("import config.settings", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    off = run_python("import config.settings as s; print(s.DEBUG)", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.example")
    on = run_python("import config.settings as s; print(s.DEBUG)", DEBUG="1")
    assert off.stdout.strip() == "False"
    assert on.stdout.strip() == "True"


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="k8#Jd9s!2mQ" * 6, ALLOWED_HOSTS="archive.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_database_url_selects_that_server_and_starts_nothing_embedded(tmp_path):
    from django.db import connection

    connection.ensure_connection()
    socket_dir = connection.get_connection_params()["host"]
    never = tmp_path / "never-created"
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.db import connection; from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "c = connection.cursor(); c.execute('select current_database()'); print(c.fetchone()[0])"
    )
    result = run_python(code, DEBUG="1", DATABASE_URL=f"postgres://postgres@/postgres?host={socket_dir}", ARCHIVE_PGDATA=str(never))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "postgres"]
    assert not never.exists()


def test_database_url_must_be_postgresql():
    result = run_python("import config.settings", DEBUG="1", DATABASE_URL="sqlite:///x.db")
    assert result.returncode != 0
    assert "must point to PostgreSQL" in result.stderr


def test_embedded_server_is_the_default_without_database_url():
    result = run_python("import config.settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['PGDATA'])", DEBUG="1")
    engine, pgdata = result.stdout.split()
    assert engine == "archive.db.postgresql_embedded"
    assert Path(pgdata) == BASE_DIR / ".pgdata"
