"""Filling a table from empty in one transaction: its foreign keys and secondary indexes are set
aside for the load and made again after it.

Django makes every foreign key ``DEFERRABLE INITIALLY DEFERRED``: PostgreSQL then checks each row
written at commit, one lookup (and one row lock on the row referred to) per row and key, which
for a few hundred thousand rows costs more than writing them. A constraint added to a full
table is checked once, by one join, and an index built from the full table is one sort.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# its foreign keys, and its unique constraints no other table's foreign key rests on
CONSTRAINTS_SQL = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint k
WHERE conrelid = %s::regclass AND (contype = 'f' OR (contype = 'u' AND NOT EXISTS (
    SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid)))
ORDER BY contype DESC, conname
"""
# indexes that back no constraint of the table (the primary key's and unique constraints' go with them)
INDEXES_SQL = """
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
ORDER BY c.relname
"""


@contextmanager
def constraints_set_aside(table: str) -> Iterator[None]:
    """Drop ``table``'s foreign keys, unique constraints and secondary indexes, run the body, then
    make them again as they were (which checks every row). Inside a transaction only, so that a
    failure leaves the table as it was; the table is locked against writers until the end."""
    if not connection.in_atomic_block:
        raise RuntimeError("constraints_set_aside needs a transaction (transaction.atomic)")
    qn = connection.ops.quote_name
    # PostgreSQL refuses to change a table with checks still deferred in this transaction: make them now
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(CONSTRAINTS_SQL, [table])
        constraints = cursor.fetchall()
        cursor.execute(INDEXES_SQL, [table])
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
