"""Shared fixtures: a real PostgreSQL test database (pytest-django) and Chromium via Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEST_OUTPUT = settings.BASE_DIR / "test-output"


@pytest.fixture(scope="session", autouse=True)
def _static_manifest():
    """Pages render hashed static names: make sure the manifest exists."""
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    # Chromium writes settings and runtime files (dconf/user, .config/chromium) under HOME and the
    # XDG folders: a folder of the test run's own, so that none lands in the checkout or the user's home.
    home = tmp_path_factory.mktemp("chromium-home")
    (home / "run").mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=env)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the default collection, loaded once by the real ingest."""
    from archive.ingest.pipeline import run_ingest

    with django_db_blocker.unblock():
        result = run_ingest()
        assert not result.errors, result.errors
    yield
    # A connection some thread still holds (the shared live server's, a killed ingest's) would make
    # pytest-django's DROP DATABASE fail with "being accessed by other users": close them first.
    with django_db_blocker.unblock():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            others = cursor.fetchall()
            if others:
                print(f"\nclosing {len(others)} leftover connection(s) to the test database: {others}")
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def collection(db):
    """Tests that read the default collection (committed once per session)."""
    from archive.models import Document

    return {d.symbol: d for d in Document.objects.all()}


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker):
    """A live server over the loaded collection, shared by the browser tests.

    pytest-django's ``live_server`` makes each test transactional and flushes the
    database afterwards, which would throw away the collection loaded once per session.
    Browser tests only read, so they share this server and use the ``collection``
    fixture (plain ``db``) for database access while they run.
    """
    from django.test.testcases import LiveServerThread

    # No static-files handler: whitenoise serves the collected, hashed files as in production.
    thread = LiveServerThread("localhost", lambda app: app, port=0)
    thread.daemon = True
    with django_db_blocker.unblock():
        thread.start()
        thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


@pytest.fixture
def site(site_server, collection) -> str:
    return site_server
