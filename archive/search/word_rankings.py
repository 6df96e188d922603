"""One frequent word, ranked over every match when the corpus changes, not per search.

The BM25 of a one-lexeme query over every searchable paragraph depends on the corpus alone: its IDF, each
match's occurrences and length, and the copies of each text. For a lexeme in at least ``LISTED_FROM``
paragraphs, the statistics stage ranks every match with the search's own expressions (``ranking.score_sql``,
``ranking.TEXTS_SQL``, ``facets.FACET_SQL``) and keeps, per lexeme (``TermRanking``), the match count, the facets
of every match, and the paragraphs of its ``LISTED_TEXTS`` best texts with every text tied with the last
(``TermRankingEntry``): as deep as the pages go. A search for such a word alone is then one index range of a
few dozen entries, whatever its matches (``rank_listed``), and ranks every match exactly, where searching the
rows would rank only the most recent candidates above ``RANK_ALL`` matches. (The "champion lists" of
information retrieval, kept whole to the last page.)

Within a range of sessions (the search's session filters, and nothing else: ``session_scope``) a text's copies
are those of the range, so its score there is at most its score over the archive. Each entry keeps its own BM25
and session, and the matches are counted by session, kind and opening (``TermRankingCount``): the kept entries
of the range, grouped, give its best texts whenever the last one asked for scores at least the lowest kept score
(a text left out scores less everywhere), and the counts summed give its count and facets
(``rank_listed_within``). Otherwise the rows are ranked.

Reads: the paragraphs' stored vectors, kinds, openings, text keys and their documents' sessions, and the
corpus figures (written just before, in the statistics' transaction). Writes: ``TermRanking``, its entries and
counts.
An admin edit of a paragraph or document, or a document's deletion, drops the rankings of the lexemes its
paragraphs held or hold (``forget_rankings``); a search for them reads the rows until ingest ranks them
again. A paragraph deleted alone takes its entries with it, and leaves its words' counts as stale as the
term statistics are until ingest.
"""

from __future__ import annotations

import json

from archive.db import prepared
from archive.search.compiler import CompiledQuery, Unit, idf, quote_lexeme
from archive.search.facets import FACET_ROWS_SQL, FACET_SQL, facet_lists
from archive.search.parameters import MAX_PAGE, PAGE_SIZE
from archive.search.ranking import MATCH_COLUMNS, TEXTS_SQL, Ranking, pairs, score_sql, top_rows
from archive.search.statistics import SEARCHABLE

# a lexeme in this many paragraphs is ranked at ingest: fewer matches are ranked from their rows in well under
# 80 ms at a million paragraphs (the GA corpus ranks 6 lexemes, the 1M benchmark 344)
LISTED_FROM = 20_000
# the best texts kept per lexeme: every page a search can show (``MAX_PAGE``) and one more text (is there a next)
LISTED_TEXTS = MAX_PAGE * PAGE_SIZE + 1


def lexeme_query(lexeme: str, paragraphs: int, documents: int, average_length: float) -> CompiledQuery:
    """The compiled query of ``lexeme`` alone, as ``compile_query`` builds it from the same statistics (the
    same IDF and average length, so the same floats)."""
    tsquery = quote_lexeme(lexeme)
    unit = Unit(tsquery, idf(paragraphs, documents), [lexeme], paragraphs)
    return CompiledQuery(None, f"( {tsquery} )", [unit], paragraphs, True, documents, average_length)


def listed_lexeme(compiled: CompiledQuery) -> str | None:
    """The lexeme whose ranking may answer ``compiled`` (over the whole archive, or a range of sessions: the
    caller asks): a query of one lexeme (no alternative form, nothing excluded, no instrument named) that at
    least ``LISTED_FROM`` paragraphs hold."""
    if not compiled.exact or compiled.estimate < LISTED_FROM:
        return None
    (unit,) = compiled.units
    (lexeme,) = unit.lexemes
    return lexeme if unit.tsquery == quote_lexeme(lexeme) else None


# what a lexeme's ranking is written in, with the column naming the lexeme: its rows, deleted together
RANKING_TABLES = (
    ("archive_termrankingentry", "ranking_id"),
    ("archive_termrankingcount", "ranking_id"),
    ("archive_termranking", "lexeme"),
)


# every match of one lexeme scored (``m``, as ``ranking.rank_all`` scores rows), its texts ranked by SQL rank()
# (``texts``, ``ranked``), the facets of every match (``g``); the header with the lowest kept score when texts were
# left out, the matches by session, kind and opening, and the entries of the best texts
BUILD_SQL = (
    f"WITH m ({MATCH_COLUMNS}) AS MATERIALIZED ("
    'SELECT "archive_paragraph"."id", "archive_paragraph"."kind", "archive_paragraph"."opening", '
    '"archive_paragraph"."session", {score}, COALESCE("archive_paragraph"."text_key", "archive_paragraph"."id"), '
    '"archive_paragraph"."position", "archive_paragraph"."anchor", "archive_paragraph"."document_id" '
    "FROM archive_paragraph "
    f'WHERE "archive_paragraph".{SEARCHABLE} AND "archive_paragraph"."search" @@ %s::tsquery), '
    + FACET_SQL.format(cap="ALL")
    + ", "
    + TEXTS_SQL.format(gate="true")
    # the texts scoring at least the LISTED_TEXTS-th best (a top-N sort), ranked among themselves: a text's
    # rank counts the texts scoring higher, which are all among them
    + ", ranked AS MATERIALIZED (SELECT key, score, rank() OVER (ORDER BY score DESC) AS rank FROM texts WHERE "
    "score >= (SELECT min(score) FROM (SELECT score FROM texts ORDER BY score DESC LIMIT %s) best)), "
    "header AS (INSERT INTO archive_termranking (lexeme, matches, facets, floor) "
    "SELECT %s, (SELECT count(*) FROM m), COALESCE((SELECT json_agg(json_build_array(f.t, f.v, f.n)) FROM ("
    + FACET_ROWS_SQL
    + ") f (t, v, n, unused)), '[]'), CASE WHEN (SELECT count(*) FROM texts) > (SELECT count(*) FROM ranked) "
    "THEN (SELECT min(score) FROM ranked) END RETURNING lexeme), "
    "counts AS (INSERT INTO archive_termrankingcount (ranking_id, session, kind, opening, matches) "
    "SELECT (SELECT lexeme FROM header), session, kind, opening, count(*) FROM m GROUP BY session, kind, opening) "
    "INSERT INTO archive_termrankingentry (ranking_id, rank, paragraph_id, score, bm25, position, anchor, session, "
    "symbol, number, text_key) SELECT (SELECT lexeme FROM header), r.rank, m.id, r.score, m.score, m.position, "
    "m.anchor, m.session, d.symbol, d.number, m.key FROM ranked r JOIN m USING (key) "
    "JOIN archive_document d ON d.id = m.document_id ORDER BY r.rank, m.id"  # in rank order: a read is one range
)


def refresh_rankings(cursor) -> tuple[int, int]:
    """Rank every lexeme at least ``LISTED_FROM`` paragraphs hold (after the term statistics, the text keys and
    the corpus figures, in their transaction); the lexemes and entries written. The figures are read back as
    ``compile_query`` reads them, so that a listed score is the float a search of the rows computes."""
    cursor.execute("SET LOCAL work_mem = '256MB'")  # a lexeme's texts grouped in memory (650,000 at 1M paragraphs)
    for table, _ in RANKING_TABLES:
        cursor.execute(f"DELETE FROM {table}")
    cursor.execute("SELECT documents, average_lexemes::text FROM archive_corpusstatistic WHERE name = 'paragraphs'")
    documents, average = cursor.fetchone()
    documents, average = max(documents, 1), float(average) or 1.0
    cursor.execute(
        "SELECT lexeme, paragraphs FROM archive_termstatistic WHERE paragraphs >= %s ORDER BY lexeme", [LISTED_FROM]
    )
    lexemes, entries = 0, 0
    for lexeme, paragraphs in cursor.fetchall():
        compiled = lexeme_query(lexeme, paragraphs, documents, average)
        score, params = score_sql(compiled)
        cursor.execute(BUILD_SQL.format(score=score), [*params, compiled.units[0].tsquery, LISTED_TEXTS, lexeme])
        lexemes, entries = lexemes + 1, entries + cursor.rowcount
    return lexemes, entries


# the header and the entries of the ``limit`` best texts (with ties), as ``ranking.TOP_ROWS_SQL`` returns rows
READ_SQL = (
    "SELECT 'h', NULL, matches, facets::text FROM archive_termranking WHERE lexeme = %s UNION ALL "
    "SELECT 'p', NULL, NULL, COALESCE(json_agg(json_build_array(paragraph_id, score, NULL, position, anchor, session, "
    "symbol, number, text_key)), '[]')::text FROM archive_termrankingentry WHERE ranking_id = %s AND rank <= %s"
)


def _fresh_header(rows, compiled: CompiledQuery) -> tuple | None:
    """The ranking's header row among ``rows`` ('h'), None when there is none (an admin edit dropped the ranking) or
    it counted other matches than the statistics now do (not rebuilt since)."""
    header = next((r for r in rows if r[0] == "h"), None)
    return header if header is not None and header[2] == compiled.estimate else None


def rank_listed(compiled: CompiledQuery, lexeme: str, limit: int) -> Ranking | None:
    """``ranking.rank_all`` over every searchable paragraph, read from the lexeme's ranking: the ``limit`` best
    texts with their ties, the count, the facets of every match. None when the lexeme has no ranking (an admin
    edit dropped it), it counted other matches than the statistics do, or ``limit`` is deeper than it keeps."""
    from django.db import connection

    if limit > LISTED_TEXTS:
        return None
    with connection.cursor() as cursor:
        prepared.execute(cursor, "search_listed", READ_SQL, [lexeme, lexeme, limit])  # one text: planned once
        rows = cursor.fetchall()
    header = _fresh_header(rows, compiled)
    if header is None:
        return None
    top = top_rows(rows)
    facets = facet_lists([(t, v, n, None) for t, v, n in json.loads(header[3])])
    return Ranking(pairs(top), header[2], header[2] > len(top), facets, top)


def session_scope(qs) -> tuple[int, int] | None:
    """The sessions (first, last) that ``qs`` keeps when it is every searchable paragraph within a range of
    sessions and nothing else (the search page's session filters), else None: the conditions read off ``qs``
    are applied to ``Paragraph.objects.body()`` again, and the two compared as expression trees."""
    from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

    from archive.models import Document, Paragraph

    rebuilt, first, last = Paragraph.objects.body(), 0, 2**15 - 1
    for child in qs.query.where.children:
        target = getattr(getattr(child, "lhs", None), "target", None)
        if target is not None and target.model is Document and target.name == "session":
            if isinstance(child, GreaterThanOrEqual):
                rebuilt, first = rebuilt.filter(document__session__gte=child.rhs), max(first, int(child.rhs))
            elif isinstance(child, LessThanOrEqual):
                rebuilt, last = rebuilt.filter(document__session__lte=child.rhs), min(last, int(child.rhs))
    same = qs.query.where == rebuilt.query.where and set(qs.query.alias_map) == set(rebuilt.query.alias_map)
    return (first, last) if same and (first, last) != (0, 2**15 - 1) else None


# within sessions: the kept entries of those sessions (``e``) grouped into texts, as ranking groups matches (a text's
# score its best copy's BM25 plus ln(copies), its copies those within the sessions); the ``limit``-th best (``b``);
# the count and facets summed from the matches by session, kind and opening (``g``, as ``facets.FACET_SQL`` groups)
WITHIN_SQL = (
    "WITH e AS MATERIALIZED (SELECT paragraph_id, bm25, position, anchor, session, symbol, number, text_key "
    "FROM archive_termrankingentry WHERE ranking_id = %s AND session BETWEEN %s AND %s), "
    "texts AS MATERIALIZED (SELECT text_key AS key, max(bm25) + ln(count(*)::float8) AS score FROM e GROUP BY text_key), "
    "b AS (SELECT count(*) AS n, min(score) AS score FROM (SELECT score FROM texts ORDER BY score DESC LIMIT %s) best), "
    "g AS (SELECT session, kind, opening, sum(matches)::bigint AS n, GROUPING(session, kind, opening) AS gs "
    "FROM archive_termrankingcount WHERE ranking_id = %s AND session BETWEEN %s AND %s "
    "GROUP BY GROUPING SETS ((session), (kind), (opening))) "
    "SELECT 'h', floor::text, matches, (SELECT COALESCE(sum(n), 0) FROM g WHERE gs = 3)::text "
    "FROM archive_termranking WHERE lexeme = %s "
    "UNION ALL SELECT 'b', (SELECT score FROM b)::text, (SELECT n FROM b), NULL "
    "UNION ALL SELECT 'p', NULL, NULL, COALESCE(json_agg(json_build_array(e.paragraph_id, t.score, NULL, e.position, "
    "e.anchor, e.session, e.symbol, e.number, e.text_key)), '[]')::text FROM texts t JOIN e ON e.text_key = t.key "
    "WHERE t.score >= (SELECT score FROM b) "
    "UNION ALL " + FACET_ROWS_SQL
)


def rank_listed_within(compiled: CompiledQuery, lexeme: str, sessions: tuple[int, int], limit: int) -> Ranking | None:
    """``ranking.rank_all`` of the lexeme's matches within a range of sessions, from its ranking: exact when the
    ``limit``-th best text within the sessions scores at least the ranking's floor (every text it left out scores
    less over the whole archive, so no more within the sessions). None when it cannot say (fewer kept texts in those
    sessions than ``limit``, or a lower ``limit``-th), when the ranking is stale or missing, or when the sessions
    hold at most ``paging.GROUP_ALL`` matches (the rows' ranking, which counts their texts, is then cheap, and its
    pages exact)."""
    from django.db import connection

    from archive.search import paging

    first, last = sessions
    with connection.cursor() as cursor:
        prepared.execute(
            cursor, "search_listed_within", WITHIN_SQL, [lexeme, first, last, limit, lexeme, first, last, lexeme]
        )
        rows = cursor.fetchall()
    header = _fresh_header(rows, compiled)
    if header is None:
        return None
    floor, total = (float(header[1]) if header[1] is not None else None), int(header[3])
    _, kth, texts, _ = next(r for r in rows if r[0] == "b")
    if total <= paging.GROUP_ALL:
        return None
    if floor is not None and (texts < limit or float(kth) < floor):
        return None
    top = top_rows(rows)
    return Ranking(pairs(top), total, total > len(top), facet_lists(rows), top)


def forget_rankings(sender, instance, created: bool = False, **kwargs) -> None:
    """Signal receiver (before and after an admin save): the rankings of the lexemes the saved paragraph's
    stored vector holds (of a saved document's paragraphs) are dropped, before the save those it held, after it
    those it holds; its text, kind, opening or session may have changed what they count. Ingest ranks again."""
    from django.db import connection

    from archive.models import Document
    from archive.page_cache import version_is_held

    if created or instance.pk is None or version_is_held():  # ingest: its statistics stage ranks again
        return
    column = "document_id" if isinstance(instance, Document) else "id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT array_agg(DISTINCT lexeme) FROM archive_paragraph, unnest(tsvector_to_array(search)) lexeme "
            f"WHERE {column} = %s",
            [instance.pk],
        )
        (lexemes,) = cursor.fetchone()
        if lexemes:
            for table, key in RANKING_TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE {key} = ANY(%s)", [lexemes])
