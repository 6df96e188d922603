"""Relevance in another language in one statement: the matches counted, faceted and ranked, with the texts
grouping needs of the best ranked.

The matches (up to the count cap) are materialized once with their ``ts_rank``; the count and the facets
are over them, and the ``limit`` + 1 best (ties newest session first, then symbol and position) come back
with their text in the language and where they stand, as rows of the same statement: the rows that
grouping identical texts reads, without a second statement to fetch them by id.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet

from archive.search.facets import FACET_ROWS_SQL, FACET_SQL, Facet, facet_lists
from archive.search.results import RankedRow

ORDER = "rank DESC, session DESC, symbol, position"

# the best ranked rows, each with its text in the language (one parameter: the language's code), as rows of
# the statement's own (not one JSON value: escaping their texts as JSON cost the database more than the rows)
BEST_ROWS_SQL = (
    "SELECT 'p', t.text, b.n, NULL, b.id, b.position, b.anchor, b.session, b.symbol, b.number "
    "FROM b JOIN archive_paragraphtext t ON t.paragraph_id = b.id AND t.language = %s"
)
# the facets' rows (four columns) as wide as the best rows
WIDE_FACET_ROWS_SQL = (
    "SELECT f.*, NULL::bigint, NULL::integer, NULL::text, NULL::integer, NULL::text, NULL::text "
    f"FROM ({FACET_ROWS_SQL}) f"
)


@dataclass
class LanguageRanking:
    """The count (``capped`` above the cap), the facets, and the ranked rows fetched, best first."""

    total: int
    capped: bool
    facets: dict[str, list[Facet]]
    rows: list[RankedRow]
    more: bool  # more matches rank below the rows fetched
    tsquery: str = ""  # the query as the language's configuration made it (the lexemes headlines mark)


def rank_in(
    ranked: QuerySet, language: str, cap: int, limit: int, query: SearchQuery | None = None, whole: int = 0
) -> LanguageRanking:
    """``ranked`` (matches annotated with a ``rank``) counted and faceted over its first ``cap`` rows, and
    its ``limit`` best rows (one more says there are more) with their texts in ``language``, or every row
    when there are at most ``whole`` (so that the pages are known): one statement; with ``query`` (the one
    ranked), also its tsquery's text."""
    fields = ["id", "kind", "opening", "document__session", "document__symbol", "position", "rank"]
    inner = ranked.order_by().values_list(*fields, "anchor", "document__number")[: cap + 1]
    sql, params = inner.query.sql_with_params()
    tsquery, tsquery_params = "NULL::text", []
    if query is not None:
        compiler = ranked.query.get_compiler(connection=connection)
        tsquery, tsquery_params = query.as_sql(compiler, connection)
        tsquery += "::text"
    statement = (
        f"WITH m (id, kind, opening, session, symbol, position, rank, anchor, number) AS MATERIALIZED ({sql}), "
        + FACET_SQL.format(cap=int(cap))
        + f", b AS (SELECT *, row_number() OVER (ORDER BY {ORDER}) AS n FROM "
        f"(SELECT * FROM m LIMIT {int(cap)}) r ORDER BY {ORDER} "
        f"LIMIT CASE WHEN (SELECT count(*) FROM m) <= {int(whole)} THEN {int(whole) + 1} ELSE {int(limit) + 1} END) "
        f"SELECT 't', {tsquery}, (SELECT count(*) FROM m), NULL::text, NULL::bigint, NULL::integer, NULL::text, "
        "NULL::integer, NULL::text, NULL::text "
        "UNION ALL " + BEST_ROWS_SQL + " UNION ALL " + WIDE_FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *tsquery_params, language])
        result = cursor.fetchall()
    n, text = next((r[2], r[1]) for r in result if r[0] == "t")
    best = sorted((r for r in result if r[0] == "p"), key=lambda r: r[2])
    limit = max(limit, whole) if n <= whole else limit
    # the score grouping keeps is the rank order itself (identical texts are adjacent ties in it)
    rows = [RankedRow(r[4], -r[2], r[1], *r[5:]) for r in best[:limit]]
    facets = facet_lists([r[:4] for r in result if r[0] not in ("t", "p")])
    return LanguageRanking(min(n, cap), n > cap, facets, rows, len(best) > limit, text or "")
