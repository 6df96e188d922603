"""Settings modules: manage.py runs development settings on a fresh clone, the WSGI entry point
production settings, which refuse to start without their secrets; pytest runs the test settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DATABASE_URL",
            "HTTPS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        )
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python(f"import sys; sys.argv = ['manage.py', *{list(args)!r}]; import manage; manage.main()", **env)


PRODUCTION = "config.settings.production"
SHOW = "from django.conf import settings as s; print(s.SETTINGS_MODULE, s.DEBUG, s.SECURE_SSL_REDIRECT)"


def test_production_refuses_to_start_without_secret_key():
    result = run_python(f"import {PRODUCTION}", ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(f"import {PRODUCTION}", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_needs_its_secrets_even_with_debug():
    result = run_python(f"import {PRODUCTION}", DEBUG="1", ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_wsgi_entry_point_runs_production_settings():
    refused = run_python("import config.wsgi")
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
    served = run_python("import config.wsgi; " + SHOW, SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.example")
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == [PRODUCTION, "False", "True"]


def test_manage_py_runs_development_settings_on_a_fresh_clone():
    """No secret, no host names, no DEBUG in the environment: every command still starts."""
    result = manage("shell", "--no-imports", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.dev", "True", "False"]
    help_text = manage("ingest", "--help")
    assert help_text.returncode == 0, help_text.stderr
    assert "--dry-run" in help_text.stdout and "--only" in help_text.stdout


def test_debug_is_off_in_production_unless_asked_for_and_on_in_development_unless_refused():
    production = run_python(f"import {PRODUCTION} as s; print(s.DEBUG)", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.example")
    dev_off = run_python("import config.settings.dev as s; print(s.DEBUG)", DEBUG="0")
    assert production.stdout.strip() == "False"
    assert dev_off.stdout.strip() == "False"


def test_manage_py_follows_django_settings_module():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW,
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="a.example",
        HTTPS="0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [PRODUCTION, "False", "False"]


def test_pytest_runs_the_test_settings():
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "config.settings.test"
    assert settings.DEBUG is False and settings.SECURE_SSL_REDIRECT is False


def test_paths_are_taken_from_the_checkout():
    result = run_python(
        "import config.settings.dev as s; print(s.BASE_DIR, s.UPLOAD_ROOT, s.STATIC_ROOT)", UPLOAD_ROOT="somewhere/else"
    )
    base, uploads, static = result.stdout.split()
    assert Path(base) == BASE_DIR
    assert Path(uploads) == BASE_DIR / "somewhere" / "else"
    assert Path(static) == BASE_DIR / "staticfiles"


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY="k8#Jd9s!2mQ" * 6,
        ALLOWED_HOSTS="archive.example.org",
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
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.dev'; django.setup();"
        "from django.db import connection; from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "c = connection.cursor(); c.execute('select current_database()'); print(c.fetchone()[0])"
    )
    result = run_python(
        code, DATABASE_URL=f"postgres://postgres@/postgres?host={socket_dir}", ARCHIVE_PGDATA=str(never)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "postgres"]
    assert not never.exists()


def test_database_url_must_be_postgresql():
    result = run_python("import config.settings.dev", DATABASE_URL="sqlite:///x.db")
    assert result.returncode != 0
    assert "must point to PostgreSQL" in result.stderr


def test_embedded_server_is_the_default_without_database_url():
    result = run_python("import config.settings.dev as s; d = s.DATABASES['default']; print(d['ENGINE'], d['PGDATA'])")
    engine, pgdata = result.stdout.split()
    assert engine == "archive.db.postgresql_embedded"
    assert Path(pgdata) == BASE_DIR / ".pgdata"
