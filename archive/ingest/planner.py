"""Planner statistics after ingest writes: ``ANALYZE`` of the archive's tables.

A first load writes a million rows in two minutes, faster than autovacuum analyzes them; until it
does, the planner guesses from empty or stale statistics, and the next ingest's derive stages and
the pages chose plans that read whole tables (the corpus's re-run of unchanged sources took 24 s
instead of 5, its home page 194 ms instead of 65). ``ANALYZE`` samples each table (about 2 s for
the whole GA corpus) and may run inside a transaction.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection


def archive_tables() -> list[str]:
    """The tables of the archive's own models (proxies and unmanaged models left out), in a fixed order."""
    models = apps.get_app_config("archive").get_models()
    return sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})


def analyze(tables: list[str]) -> None:
    """Refresh the planner's statistics of ``tables`` (sampled: the cost does not grow with a table's size)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
