"""Smoke tests of the hardening tools in scripts/ (the runs themselves are too slow for pytest)."""

import contextlib
import http.server
import re
import shutil
import subprocess
import threading

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from archive.parsing import parse_path, parse_text
from scripts import backup_roundtrip, kill_ingest, load

WRK_OUTPUT = """Running 1m test @ http://127.0.0.1:8000/
  2 threads and 64 connections
  Latency Distribution
     50%   20.10ms
     75%   30.00ms
     90%   50.00ms
     99%    1.20s
  1234 requests in 1.00m, 10.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:     20.57
Transfer/sec:    170.00KB
status 200: 1229
status 503: 5
"""


def test_wrk_output_is_read():
    r = load.parse_wrk(WRK_OUTPUT)
    assert r["requests"] == 1234 and r["rps"] == 20.57
    assert r["p50"] == pytest.approx(20.1) and r["p99"] == pytest.approx(1200)
    assert r["errors"] == 3 and r["non2xx"] == 5 and r["statuses"] == {"200": "1229", "503": "5"}


def test_kill_ingest_edit_changes_each_document():
    path = settings.BASE_DIR / "fixtures/akn/A_RES_74_127.xml"
    old = parse_path(path)
    new = parse_text(kill_ingest.edited(path.read_text()), str(path))

    def checksum(d):
        return kill_ingest.doc_checksum([p.text for p in d.paragraphs], sorted((f.number, f.text) for f in d.footnotes))

    assert old.symbol == new.symbol and checksum(old) != checksum(new)


def test_postgresql_18_client_tools_are_found():
    for name in ("pg_dump", "pg_restore"):
        out = subprocess.run([backup_roundtrip.pg_bin(name), "--version"], capture_output=True, text=True).stdout
        assert " 18." in out


def test_rebuild_asks_for_confirmation(db):
    with pytest.raises(CommandError, match="--yes"):
        call_command("rebuild")


@pytest.mark.django_db
def test_kill_ingest_refuses_to_flush_any_database_but_its_own():
    assert connection.settings_dict["NAME"] != kill_ingest.DB_NAME
    with pytest.raises(SystemExit, match="refusing to flush database"):
        kill_ingest._setup_django()


def test_the_sql_and_orm_checksums_of_a_document_agree(collection):
    """The backup check reads rows with SQL, the kill test through the ORM: one checksum either way."""
    connection.ensure_connection()
    digests = backup_roundtrip.table_digests(connection.connection)
    assert digests["archive_document"][0] == len(collection) and len(digests["archive_document"][1]) == 32
    by_sql = backup_roundtrip.document_checksums(connection.connection)
    by_orm = kill_ingest.stored_checksums()  # last: it closes the connection, as the kill test does between kills
    assert by_sql == by_orm and len(by_sql) == len(collection)


@contextlib.contextmanager
def recording_server():
    """A local HTTP server answering 200 at / and 404 elsewhere; yields its URL and the paths it was asked for."""
    paths: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            paths.append(self.path)
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", paths
    finally:
        server.shutdown()
        server.server_close()


def _counted(result: dict, paths: list[str], connections: int) -> dict[int, int]:
    """The statuses the Lua scripts counted: one a response, as many as wrk's own count."""
    counted = {int(status): int(n) for status, n in result["statuses"].items()}
    assert sum(counted.values()) == result["requests"] > 0
    # the server may have been asked for one more request a connection than wrk saw answered when it stopped
    assert 0 <= len(paths) - result["requests"] <= connections
    return counted


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (Debian package wrk)")
def test_the_wrk_scripts_request_their_pages_and_count_the_statuses():
    with recording_server() as (url, paths):
        mix = load.wrk(url, 1, 2, load.MIX_LUA)
    counted = _counted(mix, paths, 2)
    assert set(paths) == set(load.MIX_PATHS) and "/search/?q=women" in load.MIX_PATHS
    assert 0 < counted[200] <= paths.count("/") and counted[404] <= len(paths) - paths.count("/")

    with recording_server() as (url, paths):
        search = load.wrk(url, 1, 2, load.SEARCH_LUA)
    assert set(_counted(search, paths, 2)) == {404}
    assert all(re.fullmatch(r"/search/\?q=[a-z]+\+(OR\+)?[a-z]+&page=[1-3]", p) for p in paths)
    assert len(set(paths)) == len(paths), "a distinct query on every request: none is a cache hit"
    assert any("+OR+" in p for p in paths) and any("+OR+" not in p for p in paths)


def test_every_server_reads_the_one_gunicorn_config_and_its_request_line_limit():
    """gunicorn's settings (its --limit-request-line above all) live in config/gunicorn.py, which make run,
    the image and the load run all read; the application's own limit is below gunicorn's, so that an
    over-long URL reaches the application and gets its JSON 414 rather than gunicorn's HTML page."""
    import runpy

    from archive.api.errors import MAX_REQUEST_LINE

    config = runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.py"))
    assert config["limit_request_line"] == 8190
    assert MAX_REQUEST_LINE < config["limit_request_line"]
    for name in ("Makefile", "Dockerfile"):
        text = (settings.BASE_DIR / name).read_text()
        assert "-c config/gunicorn.py" in text, name
        assert "--limit-request-line" not in text, f"{name}: the limit is the config file's"
    assert '"config" / "gunicorn.py"' in (settings.BASE_DIR / "scripts" / "load.py").read_text()
