"""Smoke tests of the measurement scripts (the runs themselves are too slow for pytest)."""

import subprocess

import pytest
from django.core.management import CommandError, call_command

from archive.hardening import backup_roundtrip, kill_ingest, load
from archive.parsing import parse_path, parse_text

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
    path = kill_ingest.BASE_DIR / "fixtures/akn/A_RES_74_127.xml"
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
