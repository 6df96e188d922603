"""Statements a search sends on every request, prepared once per database session.

PostgreSQL parses, analyses and plans a statement each time it is sent: for the search's compile
statement (five branches over four CTEs) that took longer than running it, about 1 ms of a rare
word's 1.5 ms, and half of the page rows' statement. A prepared statement is parsed once per
session and, after five runs, planned once: PostgreSQL then keeps a generic plan when it costs no
more than the custom ones, and plans again by itself when a table or its statistics change. A search
runs them generic from the first (``compiler.GENERIC_PLANS``): the ranking's custom plans looked cheaper,
so it was planned on every run.

Django's psycopg cursors bind parameters on the client, which cannot prepare at the protocol level
(and Django turns psycopg's own preparation off, for connection poolers): the statement is prepared
with SQL's ``PREPARE`` and run with ``EXECUTE``, its parameters bound as before. ``PREPARE`` is not
transactional (a prepared statement outlives a rolled-back transaction) and lasts as long as the
session, which is what ``_prepared`` records, per psycopg connection. ``PREPARE`` is sent as session
set-up, as Django sends its own (time zone, role): on the connection itself, not through the cursor that
counts and logs a page's statements, whose number does not then depend on what its connection ran
before. With a pooler in transaction mode,
where a session is not one server connection, ``DATABASE_PREPARED_STATEMENTS=0`` sends the
statements as written.
"""

from __future__ import annotations

import hashlib
import re
from weakref import WeakKeyDictionary

from django.conf import settings

# the names prepared in each session (by psycopg connection: a new connection is a new session)
_prepared: WeakKeyDictionary[object, set[str]] = WeakKeyDictionary()
# a session keeps each statement it prepares: past this many, a new text is sent as written (a statement whose
# text varies with what is asked, not only its parameters, would otherwise grow the session without end)
MAX_PER_SESSION = 64
# the SQL of each name (a digest of it: the same text has the same name in every session)
_texts: dict[str, str] = {}
_PLACEHOLDER = re.compile(r"%(.)")
_EXECUTE = re.compile(r"EXECUTE (\w+)")


def execute(cursor, label: str, sql: str, params: list) -> None:
    """Run ``sql`` (``%s`` placeholders, as ``cursor.execute`` takes it) with ``params`` as a statement
    prepared in this session, preparing it first if needs be; ``label`` begins its name (what the logs show).
    For statements of a few texts, the values in ``params``: each text is a statement the session keeps."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    name = statement_name(label, sql)
    done = _prepared.setdefault(cursor.db.connection, set())
    if name not in done:
        if len(done) >= MAX_PER_SESSION:
            cursor.execute(sql, params)
            return
        _prepare(cursor.db, name, sql)
        done.add(name)
    cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}", params)


def _prepare(db, name: str, sql: str) -> None:
    """``PREPARE name AS sql`` on ``db``'s connection (in its transaction, if one is open: ``PREPARE`` outlives
    it), its errors raised as Django's, as the cursor's are."""
    with db.wrap_database_errors, db.connection.cursor() as raw:
        raw.execute(f"PREPARE {name} AS {numbered(sql)}")  # no parameters: a "%" is sent as written


def statement_name(label: str, sql: str) -> str:
    """``label`` and a digest of ``sql``: one name per text, the same in every session."""
    name = f"{label}_{hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()}"
    _texts.setdefault(name, sql)
    return name


def numbered(sql: str) -> str:
    """``sql``'s ``%s`` placeholders as ``$1``, ``$2``... (and ``%%`` as ``%``): the text ``PREPARE`` takes."""
    count = 0

    def number(match: re.Match) -> str:
        nonlocal count
        if match.group(1) == "%":
            return "%"
        if match.group(1) != "s":
            raise ValueError(f"only %s placeholders can be prepared, not %{match.group(1)}")
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


def statement_text(sent: str) -> str:
    """The SQL a statement sent runs: for ``EXECUTE name(...)``, the prepared text (with ``%s`` placeholders);
    any other statement as sent. What the tests and the benchmarks read to tell the statements apart."""
    match = _EXECUTE.match(sent)
    return _texts.get(match.group(1), sent) if match else sent
