"""Smoke tests of the hardening tools in scripts/ (the runs themselves are too slow for pytest)."""

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
    checksum = lambda d: kill_ingest.doc_checksum([p.text for p in d.paragraphs],  # noqa: E731
                                                  sorted((f.number, f.text) for f in d.footnotes))
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


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):
        self.paths.append(self.path)
        self.send_response(200 if self.path == "/" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_server():
    _Recorder.paths = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.paths
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (Debian package wrk)")
def test_the_wrk_scripts_request_their_pages_and_count_the_statuses(recording_server):
    url, paths = recording_server
    mix = load.wrk(url, 1, 2, load.MIX_LUA)
    assert set(paths) == set(load.MIX_PATHS) and "/search/?q=women" in load.MIX_PATHS
    counted = {int(status): int(n) for status, n in mix["statuses"].items()}
    assert counted[200] == paths.count("/") and counted[404] == len(paths) - paths.count("/")
    assert sum(counted.values()) == mix["requests"] == len(paths)

    paths.clear()
    search = load.wrk(url, 1, 2, load.SEARCH_LUA)
    assert paths and all(re.fullmatch(r"/search/\?q=[a-z]+\+(OR\+)?[a-z]+&page=[1-3]", p) for p in paths)
    assert len(set(paths)) == len(paths), "a distinct query on every request: none is a cache hit"
    assert sum(int(n) for n in search["statuses"].values()) == search["requests"] == len(paths)


def test_the_load_run_serves_the_request_lines_make_run_and_the_image_allow():
    """gunicorn's --limit-request-line: one value wherever the archive is served."""
    assert load.LIMIT_REQUEST_LINE == 8190
    for name in ("Makefile", "Dockerfile"):
        for value in re.findall(r"--limit-request-line[ =](\d+)", (settings.BASE_DIR / name).read_text()):
            assert int(value) == load.LIMIT_REQUEST_LINE, name
