"""Relevance in another language in one statement: the matches counted, faceted and ranked, with the texts
grouping needs of the best ranked.

The matches (up to the count cap) are materialized once with their ``ts_rank``; the count and the facets
are over them, and the ``limit`` + 1 best (ties newest session first, then symbol and position) come back
with their text in the language and where they stand, as one JSON array, best first: the rows that
grouping identical texts reads, without a second statement to fetch them by id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from archive.search.facets import FACET_ROWS_SQL, FACET_SQL, Facet, facet_lists
from archive.search.results import RankedRow

ORDER = "rank DESC, session DESC, symbol, position"

# the best ranked rows, each with its text in the language (one parameter: the language's code)
BEST_ROWS_SQL = (
    "SELECT 'p', NULL, NULL, COALESCE(json_agg(json_build_array(b.id, t.text, b.position, b.anchor, b.session, "
    "b.symbol, b.number) ORDER BY b.n), '[]')::text "
    "FROM b JOIN archive_paragraphtext t ON t.paragraph_id = b.id AND t.language = %s"
)


@dataclass
class LanguageRanking:
    """The count (``capped`` above the cap), the facets, and the ranked rows fetched, best first."""

    total: int
    capped: bool
    facets: dict[str, list[Facet]]
    rows: list[RankedRow]
    more: bool  # more matches rank below the rows fetched


def rank_in(ranked: QuerySet, language: str, cap: int, limit: int) -> LanguageRanking:
    """``ranked`` (matches annotated with a ``rank``) counted and faceted over its first ``cap`` rows, and
    its ``limit`` best rows (one more says there are more) with their texts in ``language``: one statement."""
    fields = ["id", "kind", "opening", "document__session", "document__symbol", "position", "rank"]
    inner = ranked.order_by().values_list(*fields, "anchor", "document__number")[: cap + 1]
    sql, params = inner.query.sql_with_params()
    statement = (
        f"WITH m (id, kind, opening, session, symbol, position, rank, anchor, number) AS MATERIALIZED ({sql}), "
        + FACET_SQL.format(cap=int(cap))
        + f", b AS (SELECT *, row_number() OVER (ORDER BY {ORDER}) AS n FROM "
        f"(SELECT * FROM m LIMIT {int(cap)}) r ORDER BY {ORDER} LIMIT {int(limit) + 1}) "
        "SELECT 't', NULL, (SELECT count(*) FROM m), NULL "
        "UNION ALL " + BEST_ROWS_SQL + " UNION ALL " + FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, language])
        result = cursor.fetchall()
    n = next(r[2] for r in result if r[0] == "t")
    best = [row for r in result if r[0] == "p" for row in json.loads(r[3])]
    # the score grouping keeps is the rank order itself (identical texts are adjacent ties in it)
    rows = [RankedRow(i, -k, text, *rest) for k, (i, text, *rest) in enumerate(best[:limit])]
    return LanguageRanking(min(n, cap), n > cap, facet_lists(result), rows, len(best) > limit)
