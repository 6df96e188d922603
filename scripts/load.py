"""Load: gunicorn with production settings, driven by wrk on cached pages, a mix, and uncached search.

Serves the archive with production settings (``SECRET_KEY``, ``ALLOWED_HOSTS=127.0.0.1``,
``HTTPS=0``, ``DEBUG`` unset) and gunicorn's own settings (``config/gunicorn.py``, as ``make
run`` and the Dockerfile; the access log off) from a dedicated embedded PostgreSQL
(``ARCHIVE_PGDATA``, default ``/tmp/archive-hardening-pgdata``, loaded with the default
collection), so that neither the load nor the outage test (``scripts.outage``)
disturbs the main database. Pages are served from the page cache (``archive.page_cache``):
every page is requested first, so the figures are those of cached pages.

wrk runs at 64 connections: each page alone for a few seconds (the resolution, the report,
home, an instrument, a rare and a common search), then ``scripts/load_mix.lua`` for 60 s
(those pages and a few more, in turn), then ``scripts/load_search.lua``: uncached search, a
distinct query on every request, so none is a cache hit. Each row gives requests/s, p50 and
p99, and the CPU time the server's processes (gunicorn's master and workers, and apart,
PostgreSQL's) spent per 1,000 requests: on a machine other work shares, requests/s follow the share of the cores the server
gets, CPU per request does not. The load average is printed beside each row.

    python -m scripts.load [--seconds 60] [--connections 64] [--per-page 8] [--workers N]
                           [--threads N] [--search-seconds 20] [--accept-encoding "gzip, br"]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from scripts.django_env import setup_django

PGDATA = Path(os.environ.get("ARCHIVE_HARDENING_PGDATA", "/tmp/archive-hardening-pgdata"))
MIX_LUA = Path(__file__).with_name("load_mix.lua")
SEARCH_LUA = Path(__file__).with_name("load_search.lua")
MIX_PATHS = re.findall(
    r'"(/[^"]*)"', MIX_LUA.read_text(encoding="utf-8").partition("local paths = {")[2].partition("}")[0]
)
PAGES = {  # name -> path; the mix in scripts/load_mix.lua holds these and a few more
    "resolution": "/documents/A/RES/74/127/",
    "report": "/documents/A/72/215/",
    "home": "/",
    "instrument": "/instruments/UNTS:2220:39481/",
    "search (rare)": "/search/?q=xenophobia",
    "search (common)": "/search/?q=women",
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def server_env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "ARCHIVE_TESTING")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="0",
        ARCHIVE_PGDATA=str(PGDATA),
        ARCHIVE_DB_NAME="archive",
        LOG_LEVEL="WARNING",
        ACCESS_LOG="0",
    )
    return env


def prepare(env: dict[str, str]) -> None:
    """The dedicated database: migrated and loaded (a second run loads nothing twice)."""
    for args in (["migrate", "--noinput", "-v", "0"], ["ingest"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn as ``make run`` starts it (``config/gunicorn.py``); ``workers``/``threads`` override it."""

    def __init__(self, env: dict[str, str], port: int, workers: int | None = None, threads: int | None = None):
        self.port = port
        output = settings.BASE_DIR / "test-output"
        self.log = open(output / "gunicorn-hardening.log", "w") if output.is_dir() else open(os.devnull, "w")
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(settings.BASE_DIR / "config" / "gunicorn.py"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        args += ["--workers", str(workers)] if workers else []
        args += ["--threads", str(threads)] if threads else []
        self.proc = subprocess.Popen(args, cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}"
        self.wait_ready()

    def wait_ready(self, timeout: float = 120) -> None:  # workers boot slowly on a busy machine
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not come up")

    def workers(self) -> set[int]:
        out = subprocess.run(["ps", "--ppid", str(self.proc.pid), "-o", "pid="], capture_output=True, text=True).stdout
        return {int(p) for p in out.split()}

    def cpu_seconds(self) -> float:
        """User and system CPU time of the master and its workers so far (from /proc)."""
        return cpu_seconds([self.proc.pid, *self.workers()])

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def warm(url: str, encoding: str = "") -> dict[str, str]:
    """Request every page of the mix once (twice: the second answer says whether it was cached)."""
    import urllib.request

    states = {}
    for path in dict.fromkeys([*PAGES.values(), *MIX_PATHS]):
        for _ in range(2):
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": encoding} if encoding else {})
            with urllib.request.urlopen(request, timeout=30) as r:
                assert r.status == 200, (path, r.status)
                states[path] = r.headers.get("X-Page-Cache", "not cached")
    return states


def wrk(
    url: str, seconds: int, connections: int, script: Path | None = None, path: str = "/", encoding: str = ""
) -> dict:
    args = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    if encoding:
        args += ["-H", f"Accept-Encoding: {encoding}"]
    if script:
        args += ["-s", str(script)]
    out = subprocess.run([*args, url + path], capture_output=True, text=True, cwd=settings.BASE_DIR).stdout
    return parse_wrk(out)


def _ms(value: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s|m)", value)
    n, unit = float(m.group(1)), m.group(2)
    return n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(out: str) -> dict:
    result = {"raw": out, "errors": 0, "non2xx": 0}
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    for pct in ("50", "99"):
        if m := re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", out, re.M):
            result[f"p{pct}"] = _ms(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["errors"] = sum(int(x) for x in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result["non2xx"] = int(m.group(1))
    result["statuses"] = dict(re.findall(r"^status (\d+): (\d+)$", out, re.M))
    return result


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def cpu_seconds(pids: list[int], reaped: bool = False) -> float:
    """User and system CPU time of these processes so far (from /proc); with ``reaped``, also
    that of the children the first one has waited for (a PostgreSQL backend that exited)."""
    total = 0
    for i, pid in enumerate(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a process gone since it was listed
            continue
        total += sum(int(f) for f in fields[11 : 15 if reaped and i == 0 else 13])  # utime, stime (cutime, cstime)
    return total / CLOCK_TICKS


def database_cpu_seconds() -> float:
    """CPU time of the dedicated PostgreSQL: the postmaster, its live backends and those gone."""
    pid_file = PGDATA / "postmaster.pid"
    postmaster = int(pid_file.read_text().split()[0]) if pid_file.exists() else None
    return cpu_seconds([postmaster, *children(postmaster)], reaped=True) if postmaster else 0.0


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def measured(server: Gunicorn, *args, **kwargs) -> dict:
    """A wrk run, with the server's CPU seconds per 1,000 requests and the load average after it."""
    before, db_before = server.cpu_seconds(), database_cpu_seconds()
    result = wrk(server.url, *args, **kwargs)
    requests = max(result.get("requests", 0), 1)
    result["cpu_per_1000"] = 1000 * (server.cpu_seconds() - before) / requests
    result["db_cpu_per_1000"] = 1000 * (database_cpu_seconds() - db_before) / requests
    result["load"] = load_average()
    return result


def row(name: str, r: dict) -> str:
    return (
        f"{name:<22} {r.get('rps', 0):>10.0f} {r.get('p50', 0):>7.1f} {r.get('p99', 0):>7.1f} "
        f"{r['cpu_per_1000']:>11.2f} {r['db_cpu_per_1000']:>11.2f} {r['load']:>6} {r['errors'] + r['non2xx']:>6}"
    )


def run(
    seconds: int,
    connections: int,
    per_page: int,
    workers: int | None,
    search_seconds: int = 20,
    encoding: str = "",
    threads: int | None = None,
) -> int:
    from archive.db.embedded import ensure_server

    port = free_port()
    env = server_env(port)
    os.environ["ARCHIVE_PGDATA"] = str(PGDATA)
    ensure_server(PGDATA, "archive")
    prepare(env)
    server = Gunicorn(env, port, workers, threads)
    try:
        states = warm(server.url, encoding)
        cached = sum(state == "hit" for state in states.values())
        print(
            f"gunicorn (config/gunicorn.py, {len(server.workers())} workers"
            f"{f', {threads} threads' if threads else ''}), production settings, at {server.url}; "
            f"wrk: {connections} connections, 2 threads, Accept-Encoding: {encoding or '(none)'}; "
            f"{os.cpu_count()} cores, load average {load_average()} before\n"
            f"page cache: {cached} of the {len(states)} pages warmed answer from the cache\n"
        )
        print(
            f"{'':<22} {'requests/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'CPU s/1000':>11} {'DB CPU':>11} {'load':>6} "
            f"{'errors':>6}"
        )
        rows = []
        for name, path in PAGES.items() if per_page else ():
            rows.append(measured(server, per_page, connections, path=path, encoding=encoding))
            print(row(f"{name} (cached)", rows[-1]), flush=True)
        mix = measured(server, seconds, connections, MIX_LUA, encoding=encoding)
        rows.append(mix)
        print(row(f"mix ({seconds} s, cached)", mix), flush=True)
        if search_seconds:
            rows.append(measured(server, search_seconds, connections, SEARCH_LUA, encoding=encoding))
            print(row("search, uncached", rows[-1]) + "   (a distinct query per request)", flush=True)
        print(
            f"\nmix statuses {mix['statuses']}; CPU s/1000: CPU seconds (user + system) of gunicorn's processes "
            f"per 1,000 requests; DB CPU: the same for PostgreSQL's"
        )
        failed = any(r["errors"] or r["non2xx"] for r in rows)
        print("no errors" if not failed else "ERRORS (see above)")
        return 1 if failed else 0
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--per-page", type=int, default=8, help="seconds of wrk on each page alone (0: none)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: config/gunicorn.py's)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: config/gunicorn.py's)")
    parser.add_argument("--search-seconds", type=int, default=20, help="seconds of uncached search (0: none)")
    parser.add_argument("--accept-encoding", default="", help='e.g. "gzip, br": ask for compressed pages')
    args = parser.parse_args(argv)
    setup_django()
    return run(
        args.seconds,
        args.connections,
        args.per_page,
        args.workers,
        args.search_seconds,
        args.accept_encoding,
        args.threads,
    )


if __name__ == "__main__":
    sys.exit(main())
