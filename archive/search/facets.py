"""Counting matches (up to ``COUNT_CAP``) and their facets (session, kind, opening) in one pass."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from archive.models import Paragraph

COUNT_CAP = 10_000


@dataclass
class Facet:
    value: object
    label: str
    count: int


def capped_count(qs: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    n = qs.order_by()[: cap + 1].count()
    return (min(n, cap), n > cap)


@dataclass
class MatchSummary:
    """What one pass over (at most ``COUNT_CAP`` + 1 of) the matches yields."""

    total: int
    capped: bool
    facets: dict[str, list[Facet]]
    # ids of the first matches, as a PostgreSQL array literal ('{3,5,8}'): used by the
    # chronological sorts only, never to choose what relevance ranks
    candidates: str = "{}"

    @property
    def candidate_ids(self) -> list[int]:
        return [int(i) for i in self.candidates.strip("{}").split(",") if i]


FACET_SQL = (
    # one pass over the rows of m for the three facets; GROUPING() tells the sets apart
    "g AS (SELECT session, kind, opening, count(*) AS n, GROUPING(session, kind, opening) AS gs "
    "FROM (SELECT * FROM m LIMIT {cap}) f GROUP BY GROUPING SETS ((session), (kind), (opening))) "
)
FACET_ROWS_SQL = (
    "SELECT 's', session::text, n, NULL FROM g WHERE gs = 3 "
    "UNION ALL "
    "SELECT 'k', kind, n, NULL FROM g WHERE gs = 5 "
    "UNION ALL "
    "(SELECT 'o', opening, n, NULL FROM g WHERE gs = 6 AND opening <> '' ORDER BY n DESC, opening LIMIT 15)"
)


def facet_lists(rows) -> dict[str, list[Facet]]:
    kinds = dict(Paragraph.Kind.choices)
    sessions = sorted((int(v), c) for t, v, c, _ in rows if t == "s")
    by_kind = sorted(((v, c) for t, v, c, _ in rows if t == "k"), key=lambda r: (-r[1], r[0]))
    openings = sorted(((v, c) for t, v, c, _ in rows if t == "o"), key=lambda r: (-r[1], r[0]))
    return {
        "session": [Facet(v, str(v), c) for v, c in sessions],
        "kind": [Facet(v, kinds.get(v, v), c) for v, c in by_kind],
        "opening": [Facet(v, v, c) for v, c in openings],
    }


def summarize(qs: QuerySet, cap: int = COUNT_CAP, candidates: int = 0, limit: int = 0) -> MatchSummary:
    """Capped count and facets in one statement, so the matches are found once.

    The first ``cap`` + 1 matches are materialized (id, kind, opening, session); the count is
    over them, the facets over the first ``cap`` (exact when there are no more). A phrase
    query pays its heap recheck once here rather than once for the count and once for each
    facet. The session comes with the match (the planner joins the documents by hash or by
    index, as the number of matches says), not looked up document by document afterwards.

    ``candidates``: the ids of the first that many matches come back (``candidates``). With ``limit``,
    ``qs`` is annotated with a ``rank``, and the ids are instead those of the ``limit`` + 1 best ranked of
    the first ``cap`` matches (ties newest session first, then symbol and position), best first.
    """
    fields = ["id", "kind", "opening", "document__session"]
    if limit:
        fields += ["document__symbol", "position", "rank"]
        order = "rank DESC, session DESC, symbol, position"
        ids = (
            f"SELECT COALESCE(array_agg(id ORDER BY {order}), '{{}}')::text FROM "
            f"(SELECT * FROM (SELECT * FROM m LIMIT {int(cap)}) r ORDER BY {order} LIMIT {int(limit) + 1}) c"
        )
    else:
        ids = f"SELECT COALESCE(array_agg(id), '{{}}')::text FROM (SELECT id FROM m LIMIT {int(candidates)}) c"
    inner = qs.order_by().values_list(*fields)[: cap + 1]
    sql, params = inner.query.sql_with_params()
    columns = ", ".join(["id", "kind", "opening", "session"] + (["symbol", "position", "rank"] if limit else []))
    statement = (
        f"WITH m ({columns}) AS MATERIALIZED ({sql}), "
        + FACET_SQL.format(cap=int(cap))
        + f"SELECT 't', NULL, (SELECT count(*) FROM m), "
        f"({ids}) "
        "UNION ALL " + FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    n, ids = next((r[2], r[3]) for r in rows if r[0] == "t")
    return MatchSummary(total=min(n, cap), capped=n > cap, facets=facet_lists(rows), candidates=ids or "{}")
