"""Planner statistics after ingest writes: ``ANALYZE`` of the archive's tables.

A first load writes a million rows in two minutes, faster than autovacuum analyzes them; until it
does, the planner guesses from empty or stale statistics, and the next ingest's derive stages and
the pages chose plans that read whole tables (the corpus's re-run of unchanged sources took 24 s
instead of 5, its home page 194 ms instead of 65). ``ANALYZE`` samples each table (about 2 s for
the whole GA corpus) and may run inside a transaction.

The derive stages read back what persist wrote moments before, so a run that wrote much of the
archive (a first load) analyzes those tables as soon as persist is done: planning the series
stage's read of the "Recalling" paragraphs and lineage's search for paragraphs without an origin
from never-analyzed tables chose nested loops over bitmap ANDs, 5 s each on the GA corpus
instead of 0.1.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection


def archive_tables() -> list[str]:
    """The tables of the archive's own models (proxies and unmanaged models left out), in a fixed order."""
    models = apps.get_app_config("archive").get_models()
    return sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})


# what persist writes and the derive stages read back
PERSISTED = [
    "archive_document",
    "archive_paragraph",
    "archive_footnote",
    "archive_footnotereference",
    "archive_citation",
]
# ... of which no stage after persist writes any but the documents (the series stage places them):
# analyzed after persist, they need no second ANALYZE at the end of the run
SETTLED_AFTER_PERSIST = [t for t in PERSISTED if t != "archive_document"]
# written documents, as a share of those held, from which their tables are analyzed at once
# (autovacuum's own default, ``autovacuum_analyze_scale_factor``)
WRITTEN_SHARE = 0.1


def analyze_written(written: int) -> bool:
    """Analyze the tables persist writes when ``written`` documents are a large share of those
    held; whether it did."""
    from archive.models import Document

    if not written or written < WRITTEN_SHARE * Document.objects.count():
        return False
    analyze(PERSISTED)
    return True


def analyze(tables: list[str]) -> None:
    """Refresh the planner's statistics of ``tables`` (sampled: the cost does not grow with a table's size)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
