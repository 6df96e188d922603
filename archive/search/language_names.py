"""Instrument names in a search in another language: ``CEDAW`` with ``lang=fr``.

Short and common names (``InstrumentName``) are language-independent keys: the paragraphs whose footnotes
cite the instrument are found through the citations, whatever language their texts are searched in, and
the paragraphs naming it are found through their English text (the other texts are its translation, and
the names and titles stored are English). A run of the query that spells a name matches those paragraphs,
or its words in the language's text; the rest of the query is searched in that language as usual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from archive.models.querysets import SEARCH_CONFIG as CONFIG
from archive.search.indexing import indexed
from archive.search.names import name_candidates, named_runs
from archive.search.query import Term, parse_query

NAMES_SQL = (
    "SELECT n.normalized, i.title, o.name, n.instrument_id FROM archive_instrumentname n "
    "JOIN archive_instrument i ON i.id = n.instrument_id "
    "JOIN archive_instrumentname o ON o.instrument_id = n.instrument_id WHERE n.normalized = ANY(%s::text[])"
)

# the statement timeout of the transaction, set by the names' statement: a first row of NULLs, left out
TIMEOUT_SQL = "SELECT NULL::text, set_config('statement_timeout', %s, true), NULL::text, NULL::bigint UNION ALL "


@dataclass
class NamedQuery:
    """A query split into the runs that name instruments and the rest."""

    rest: str  # the query without the runs, as typed ('' when only names)
    # (the run's words, paragraphs citing it, the English names and titles it stands for)
    runs: list[tuple[str, list[int], list[str]]] = field(default_factory=list)
    instruments: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.runs)


def _written(term: Term) -> str:
    return ("-" if term.negated else "") + (f'"{term.text}"' if term.phrase else term.text)


def named_query(q: str, timeout_ms: int | None = None) -> NamedQuery:
    """The runs of ``q`` that are names of instruments the archive holds: one statement, one more when found.

    With ``timeout_ms``, the statement timeout of the current transaction is set in the same statement (a
    round trip saved), or alone when no run of ``q`` can be a name."""
    parsed = parse_query(q)
    spans = name_candidates(parsed)
    if not spans:
        if timeout_ms:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        return NamedQuery(q)
    with connection.cursor() as cursor:
        if timeout_ms:
            cursor.execute(TIMEOUT_SQL + NAMES_SQL, [str(int(timeout_ms)), sorted(set(spans.values()))])
            rows = [r for r in cursor.fetchall() if r[0] is not None]
        else:
            cursor.execute(NAMES_SQL, [sorted(set(spans.values()))])
            rows = cursor.fetchall()
    if not rows:
        return NamedQuery(q)
    runs = named_runs(parsed, spans, rows)
    inside = {i for run in runs for i in range(run.start, run.end)}
    rest = " ".join(
        " OR ".join(_written(t) for t in clause) for i, clause in enumerate(parsed.clauses) if i not in inside
    )
    return NamedQuery(
        rest,
        [(" ".join(c[0].text for c in parsed.clauses[run.start : run.end]), run.citing, run.texts) for run in runs],
        [i for run in runs for i in run.instruments],
    )


def english_names_sql(texts: list[str]) -> RawSQL:
    """The paragraph's English text holds one of ``texts`` (each a phrase, as the English search seeks a name)."""
    sql = " || ".join(["phraseto_tsquery(%s::regconfig, %s)"] * len(texts))
    params = [p for t in texts for p in (CONFIG, indexed(t))]
    return RawSQL(f'"archive_paragraph"."search" @@ ({sql})', params, output_field=BooleanField())
