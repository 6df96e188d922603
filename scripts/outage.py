"""Database outage under load: 503 with Retry-After while PostgreSQL is down, then recovery.

Starts gunicorn (production settings) on the dedicated embedded database of
``scripts.load``, runs the wrk page mix, and stops PostgreSQL (``pg_ctl stop -m
fast``, through the embedded server's own stop) for 10 seconds in the middle. A prober polls a database page and ``/healthz``
every 50 ms throughout. Prints the timeline: answers before, during and after the
outage, the 503 rate and Retry-After headers during it, the gunicorn worker ids before
and after (none may die), and the time from the database's return to the first 200.

    python -m scripts.outage [--down 10] [--seconds 30]
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import threading
import time
from collections import Counter

from scripts.django_env import setup_django
from scripts.load import MIX_LUA, PGDATA, Gunicorn, free_port, prepare, server_env, warm, wrk

PROBE_PATHS = {"page": "/documents/A/RES/74/127/", "healthz": "/healthz"}


class Prober(threading.Thread):
    """GETs each probe path every ``interval`` seconds; records (t, name, status, retry-after)."""

    def __init__(self, port: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.port, self.interval = port, interval
        self.records: list[tuple[float, str, int, str | None]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for name, path in PROBE_PATHS.items():
                t = time.monotonic()
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                    conn.request("GET", path)
                    r = conn.getresponse()
                    r.read()
                    self.records.append((t, name, r.status, r.getheader("Retry-After")))
                    conn.close()
                except OSError as e:
                    self.records.append((t, name, 0, type(e).__name__))
            time.sleep(self.interval)


def stop_database() -> None:
    """``pg_ctl stop`` as the embedded server's own user (``archive.db.embedded.stop_server``)."""
    from archive.db.embedded import stop_server

    if not stop_server(PGDATA):
        raise SystemExit(f"no server running in {PGDATA}")


def restart_database() -> None:
    """Start the server as the embedded module does (same socket folder, same options)."""
    from archive.db.embedded import _socket_dirs, ensure_server

    _socket_dirs.pop(PGDATA.resolve(), None)
    ensure_server(PGDATA, "archive")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--down", type=float, default=10, help="seconds the database stays down")
    parser.add_argument("--seconds", type=int, default=30, help="seconds of wrk load (the outage starts after 5)")
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django()
    from archive.db.embedded import ensure_server

    os.environ["ARCHIVE_PGDATA"] = str(PGDATA)
    socket_before = ensure_server(PGDATA, "archive")
    port = free_port()
    env = server_env(port)
    prepare(env)
    server = Gunicorn(env, port, args.workers)
    failures = []
    try:
        warm(server.url)
        workers_before = server.workers()
        prober = Prober(port)
        load: dict = {}
        loader = threading.Thread(target=lambda: load.update(wrk(server.url, args.seconds, 64, MIX_LUA)), daemon=True)
        t0 = time.monotonic()
        prober.start()
        loader.start()
        time.sleep(5)
        down_at = time.monotonic()
        stop_database()
        time.sleep(args.down)
        up_started = time.monotonic()
        restart_database()
        up_at = time.monotonic()
        socket_after = ensure_server(PGDATA, "archive")
        loader.join()
        time.sleep(1)
        prober.stopped.set()
        prober.join()
        workers_after = server.workers()
    finally:
        server.stop()

    def phase(t: float) -> str:
        return "before" if t < down_at else "down" if t < up_started else "after"

    print(
        f"database stopped at +{down_at - t0:.1f} s for {up_started - down_at:.1f} s "
        f"(restart took {up_at - up_started:.1f} s); socket folder unchanged: {socket_before == socket_after}\n"
    )
    print(f"{'probe':<8} {'phase':<7} {'answers':>7}  statuses")
    for name in PROBE_PATHS:
        for ph in ("before", "down", "after"):
            statuses = Counter(s for t, n, s, _ in prober.records if n == name and phase(t) == ph)
            print(f"{name:<8} {ph:<7} {sum(statuses.values()):>7}  {dict(sorted(statuses.items()))}")
    down = [(n, s, ra) for t, n, s, ra in prober.records if phase(t) == "down" and t > down_at + 0.5]
    rate = sum(1 for _, s, _ in down if s == 503) / max(1, len(down))
    retry = sum(1 for _, s, ra in down if s == 503 and ra) / max(1, sum(1 for _, s, _ in down if s == 503))
    print(
        f"\nduring the outage (after its first 0.5 s): {len(down)} probes, {rate:.0%} answered 503, "
        f"{retry:.0%} of them with Retry-After; other answers: "
        f"{dict(Counter(s for _, s, _ in down if s != 503))}"
    )
    recovery = {}
    for name in PROBE_PATHS:
        first_ok = next((t for t, n, s, _ in prober.records if n == name and t >= up_at and s == 200), None)
        recovery[name] = None if first_ok is None else first_ok - up_at
        # every answer after the first 200 must be 200 again
        late = [s for t, n, s, _ in prober.records if n == name and first_ok and t > first_ok and s != 200]
        if late:
            failures.append(f"{name}: {len(late)} non-200 answers after recovery")
    print(
        "recovery after the database returned: "
        + ", ".join(f"{n} {'never' if r is None else f'{r:.2f} s'}" for n, r in recovery.items())
    )
    print(
        f"gunicorn workers: {sorted(workers_before)} before, {sorted(workers_after)} after; "
        f"{'none died' if workers_before == workers_after else 'CHANGED'}"
    )
    statuses = load.get("statuses", {})
    print(
        f"wrk mix during the run: {load.get('requests', 0)} requests, statuses {statuses}, "
        f"socket errors {load.get('errors', 0)}"
    )

    if rate < 0.95:
        failures.append(f"only {rate:.0%} of the probes during the outage answered 503")
    if retry < 1:
        failures.append("a 503 without Retry-After")
    if any(s == 500 for _, _, s, _ in prober.records) or "500" in statuses:
        failures.append("a 500 answer")
    if any(r is None or r > 5 for r in recovery.values()):
        failures.append("no recovery within 5 s of the database's return")
    if workers_before != workers_after:
        failures.append("a worker died")
    print("\n" + ("outage handled" if not failures else "FAILED: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
