"""Relevance: BM25 computed in PostgreSQL over the stored search vectors, over every match.

A word's weight is its inverse document frequency (from ``TermStatistic``, built at the end of
ingest), its frequency in a paragraph saturates (``K1``), and long paragraphs are normalised
against the average length (``B``, ``CorpusStatistic``). The frequency of a query term in a
row is the number of its occurrences, or of a phrase's (``frequency_sql``). A
paragraph's length is the number of distinct lexemes in its vector (``length(search)``, read
from the vector's header: no text is parsed): how many different things it says. Stop words,
numbers' punctuation and repeats do not lengthen it (repeats are what ``K1`` saturates), so
among paragraphs holding the query's words the one that says least else ranks first, fully
(``B`` = 1: paragraphs are short, a few dozen lexemes, and one about more subjects is less
about these), and repeats saturate early (``K1`` = 0.6). These were chosen with known-item
queries on the General Assembly corpus (sessions 74-80, ``python -m bench.search_quality
--tune --seed 7``, then checked on another seed): they beat both the text's size in bytes and
BM25's usual k1 = 1.2, b = 0.75; a proximity bonus (the cover density of all the words
together) lowered the figures, so there is none.

Relevance ranks texts, not rows: identical texts (one ``Paragraph.text_key``, the page's
grouping) are one hit, and a text scores its best row's BM25 plus ln(copies), the copies being
its rows among the matches. The query's words cannot tell apart a text and its copies, and
among near-identical versions of agreed language (a figure, a year, a country differs) the
one the Assembly adopted in more documents is the likelier sought: k copies are k times the
prior odds, ln(k) on BM25's log scale (no weight tuned). Under a filter the copies are those
within it. The ranking statement fetches its top by distinct texts, each with all its rows.

- Every match is ranked when a query has at most ``RANK_ALL`` matches. Above that, the
  ``RECENT_CANDIDATES`` most recent matches (newest session first) are ranked, a rule that
  does not depend on where rows lie on disk, and the page says the ranking is approximate.
- One word over the whole archive in at least ``word_rankings.LISTED_FROM`` paragraphs was ranked over every
  match when the corpus changed (``archive.search.word_rankings``), by these same expressions.
- Ties break newest session first. Excluded words filter; the other words rank.
- A quoted phrase of frequent words is found through its rarest word (``search_matches``).
The ranking statement is prepared once a database session (``archive.db.prepared``): its text holds
no value of the query (the tsqueries, IDFs and average length are parameters), so one text serves every
query of a shape. Each tsquery parameter is cast (``%s::tsquery``), which types the prepared statement's
parameter: it is parsed once, when the statement is run, and a generic plan reads it as a value (an
untyped text parameter passed to ``websearch_to_tsquery`` would be parsed again for every row).
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from archive.db import prepared
from archive.search.compiler import CompiledQuery, compile_query, quote_lexeme
from archive.search.facets import FACET_ROWS_SQL, FACET_SQL, Facet, facet_lists

RANK_ALL = 50_000  # up to this many matches, relevance ranks every one
RECENT_CANDIDATES = 10_000  # above it, the most recent this many matches are ranked
RANK_CANDIDATES = 5_000  # the CSV download ranks when it has no more matches than this (else document order)
K1, B = 0.6, 1.0  # BM25's saturation and length normalisation (full: paragraphs are short)
PHRASE_CANDIDATES = 2_000  # a phrase above RANK_ALL rows holding its words: these most recent are checked


# PostgreSQL's ts_rank of a one-lexeme tsquery with unit weights (calc_rank_or): the sum of 1/j² over the
# lexeme's tf positions, divided by this constant (sum 1/j² tends to pi²/6)
TS_RANK_DIVISOR = 1.64493406685
ZETA_2 = math.pi**2 / 6
# a tsquery of one lexeme, as the compiler writes a word's: 'word'
_ONE_LEXEME = re.compile(r"'(?:[^']|'')+'")


def frequency_sql(vector: str, tsquery: str = "") -> str:
    """A query unit's frequency in a row as BM25 reads it: its occurrences in ``vector``, with one ``%s`` for the
    unit's tsquery. ``ts_rank_cd`` with unit weights counts them (a phrase's too); for one lexeme (``tsquery``
    a single word, the commonest unit), ``ts_rank``, which costs half as much a row (1 µs of 2 here), gives
    H(tf) = sum of 1/j² for j up to tf, whose inverse is round(1 / (pi²/6 - H) - 1/2): the same count, for every
    count a vector holds (at most 255 positions a lexeme; ``test_ranking_frequency``)."""
    if _ONE_LEXEME.fullmatch(tsquery):
        h = f"ts_rank('{{1,1,1,1}}'::float4[], {vector}, %s::tsquery, 0)::float8 * {TS_RANK_DIVISOR!r}"
        return f"round(1 / ({ZETA_2!r} - {h}) - 0.5)"
    return f"ts_rank_cd('{{1,1,1,1}}'::float4[], {vector}, %s::tsquery, 0)"


def length_sql(vector: str) -> str:
    """A row's length as BM25 reads it: the distinct lexemes of ``vector``."""
    return f"length({vector})"


def score_sql(compiled: CompiledQuery, table: str = "archive_paragraph") -> tuple[str, list]:
    """BM25 of a row as an SQL expression over its stored vector; its parameters. The statistics (IDF, the
    average length) are parameters too, not literals: the expression's text is then the same for every query
    of one shape, which a statement prepared once per session can run (``_rank_rows``)."""
    if not compiled.units:
        return "0::float8", []
    lexemes = length_sql(f'"{table}"."search"')
    length = f"(1 - {B} + {B} * {lexemes}::float8 / %s::float8)"
    average = compiled.average_length
    terms, params = [], []
    for unit in compiled.units:
        # (k1 + 1) tf / (tf + K) written with tf once: (k1 + 1) (1 - K / (tf + K))
        tf = frequency_sql(f'"{table}"."search"', unit.tsquery)
        terms.append(f"%s::float8 * {K1 + 1} * (1 - {K1} * {length} / ({tf} + {K1} * {length}))")
        params += [unit.idf, average, unit.tsquery, average]
    for _, ids, unit in compiled.cited:  # citing the named instrument counts as one occurrence
        terms.append(
            f'CASE WHEN "{table}"."id" = ANY(%s::bigint[]) THEN %s::float8 * {K1 + 1} * '
            f"(1 - {K1} * {length} / (1 + {K1} * {length})) ELSE 0 END"
        )
        params += [ids, unit.idf, average, average]
    return "(" + " + ".join(terms) + ")", params


def match_condition(compiled: CompiledQuery, table: str = "archive_paragraph") -> tuple[str, list]:
    """The condition (SQL, parameters) a row of ``table`` meets when the compiled query matches it: one
    condition, or (a named instrument's clause also matching the paragraphs citing it) one per clause."""
    if not compiled.cited or table != "archive_paragraph":
        return f'"{table}"."search" @@ %s::tsquery', [compiled.tsquery]
    sql, params = [], []
    for i, clause in enumerate(compiled.clauses):
        cited = next((ids for at, ids, _ in compiled.cited if at == i), None)
        if cited:
            sql.append(f'("{table}"."search" @@ %s::tsquery OR "{table}"."id" = ANY(%s::bigint[]))')
            params += [clause, cited]
        else:
            sql.append(f'"{table}"."search" @@ %s::tsquery')
            params.append(clause)
    return " AND ".join(sql), params


def matching(qs: QuerySet, compiled: CompiledQuery) -> QuerySet:
    """The rows of ``qs`` the compiled query matches (none when nothing searchable is left)."""
    if not compiled:
        return qs.none()
    sql, params = match_condition(compiled, qs.model._meta.db_table)
    return qs.filter(RawSQL(sql, params, output_field=BooleanField()))


@dataclass
class Ranking:
    """The top of a relevance ranking: (id, score) best first, ties included at the cut."""

    top: list[tuple[int, float]]
    total: int  # matches ranked
    more: bool  # rows beyond ``top`` exist
    facets: dict[str, list[Facet]] | None = None
    # the rows of ``top`` as grouping reads them: (id, score, None, position, anchor, session, symbol, number, key)
    rows: list[tuple] | None = None
    texts: int | None = None  # the distinct texts ranked, when the statement counted them (the exact pages)


# a match as the ranking statement reads it (``m``): what scores, facets and groups it, and where it stands (for the
# newest-first ties and the page), all read with the row itself (its session is its own copy of its document's:
# ``Paragraph.session``), so that a search over the whole archive reads no document per match
# (the queryset's fields, ``score`` and ``key`` its annotations, named as the statement's columns)
MATCH_FIELDS = ("id", "kind", "opening", "session", "score", "key", "position", "anchor", "document_id")
MATCH_COLUMNS = ", ".join(MATCH_FIELDS)
# the rows of ``top`` with what grouping identical texts and the page need of them, in the ranking's own
# statement: one JSON array of arrays, decoded in one call (the score's float comes back exactly, for the ties)
# (its text's key, not the text: grouping needs only the key, and a text in many documents comes back once per copy);
# each top row's document looked up by primary key (LATERAL, OFFSET 0 keeps it a lookup): the planner, which cannot
# estimate how few rows the top holds, would otherwise hash every document to join a few dozen rows
TOP_ROWS_SQL = (
    "SELECT 'p', NULL, NULL, COALESCE(json_agg(json_build_array(t.id, t.score, NULL, t.position, t.anchor, "
    "t.session, d.symbol, d.number, t.key)), '[]')::text FROM top t "
    "CROSS JOIN LATERAL (SELECT d.symbol, d.number FROM archive_document d WHERE d.id = t.document_id OFFSET 0) d"
)


# the texts of m (rows of one text_key are one text): each scores its best row's BM25 plus ln(copies), the
# copies being its rows among the matches; {gate} is a condition on the whole statement (the cap)
TEXTS_SQL = "texts AS (SELECT key, max(score) + ln(count(*)::float8) AS score FROM m WHERE {gate} GROUP BY key)"
# every row of the best texts and of every text tied with the last of them: the texts scoring at least the
# limit-th best text's score, which a top-N heap sort finds (FETCH FIRST ... WITH TIES sorts every text);
# each row carries its text's score. {every}: a condition under which every text comes back
TOP_SQL = (
    "top AS (SELECT m.id, texts.score, m.position, m.anchor, m.session, m.document_id, key "
    "FROM texts JOIN m USING (key) WHERE {every} OR "
    "texts.score >= (SELECT min(score) FROM (SELECT score FROM texts ORDER BY score DESC LIMIT %s) best))"
)


def top_rows(rows) -> list[tuple]:
    return [tuple(row) for r in rows if r[0] == "p" for row in json.loads(r[3])]


def rank_all(
    qs: QuerySet | None, compiled: CompiledQuery, limit: int, cap: int | None = None, whole: bool = False
) -> Ranking | None:
    """Score every match (up to ``cap``) in one statement with the count and exact facets; None above ``cap``.

    Every row of the ``limit`` best texts comes back, with every text tied with the last of them
    (``TOP_SQL``), so that the newest-first tie break and the grouping of identical texts see whole ties.
    ``whole``: rank every searchable paragraph the query matches (``search_matches`` over
    ``Paragraph.objects.body()``; ``qs`` is not read and may be None), the rows selected by a statement
    written here, not compiled from a queryset (a millisecond of a rare word's search), and prepared
    (``_rank_rows``).
    """
    cap = RANK_ALL if cap is None else cap
    score, score_params = score_sql(compiled)
    if whole:
        sql, params = whole_archive_matches(compiled, score, score_params, cap + 1)
    else:
        inner = (
            qs.order_by()
            .annotate(score=RawSQL(score, score_params, output_field=FloatField()), key=text_group())
            .values_list(*MATCH_FIELDS)[: cap + 1]
        )
        sql, params = inner.query.sql_with_params()
    return _rank_rows(sql, params, cap, limit, prepare=whole)


def whole_archive_matches(compiled: CompiledQuery, score: str, score_params: list, limit: int) -> tuple[str, list]:
    """The statement selecting ``MATCH_FIELDS`` of at most ``limit`` rows that ``search_matches`` finds among
    every searchable paragraph, as the queryset would compile it: the searchable paragraphs' condition
    (``_body_condition``, compiled once), the query's (``search_condition``)."""
    body, body_params = _body_condition()
    condition, condition_params = search_condition(compiled)
    t = '"archive_paragraph"'
    columns = {"score": score, "key": f"COALESCE({t}.text_key, {t}.id)"}
    select = ", ".join(f'{columns.get(f, f"{t}.{f}")} AS "{f}"' for f in MATCH_FIELDS)
    sql = f"SELECT {select} FROM {t} WHERE {body} AND ({condition}) LIMIT {int(limit)}"
    return sql, [*score_params, *body_params, *condition_params]


@functools.cache
def body_query():
    """``Paragraph.objects.body()``'s query, built once a process: only read (compared, compiled), never changed."""
    from archive.models import Paragraph

    return Paragraph.objects.body().query


@functools.cache
def _body_condition() -> tuple[str, tuple]:
    """``Paragraph.objects.body()``'s WHERE clause as the ORM compiles it (SQL, parameters): once a process."""
    query = body_query()
    if set(query.alias_map) != {query.model._meta.db_table}:
        raise ValueError("the searchable paragraphs join another table: whole_archive_matches cannot select them")
    sql, params = query.get_compiler(connection.alias).compile(query.where)
    return sql, tuple(params)


# the facets of m (as ``facets.FACET_SQL`` groups them, ``FACET_ROWS_SQL`` reads them) and, in the same pass, the
# count of m (the empty grouping set, gs = 7): a pass over the matches fewer. m holds at most cap + 1 rows, and
# above cap the ranking is dropped, facets with it
COUNTED_FACETS_SQL = (
    "g AS (SELECT session, kind, opening, count(*) AS n, GROUPING(session, kind, opening) AS gs "
    "FROM m GROUP BY GROUPING SETS ((session), (kind), (opening), ()))"
)


def _rank_rows(sql: str, params, cap: int, limit: int, prepare: bool = False) -> Ranking | None:
    """The ranking statement over the rows (``MATCH_COLUMNS``) that ``sql`` selects;
    ``limit`` counts texts (identical texts are one).

    It counts the distinct texts too (``Ranking.texts``): the pages, one hit a text, are then known without
    fetching every match to group them (fetching and grouping 213 matches cost 2 ms of a 5 ms statement).

    ``prepare``: run it as a statement prepared once a session. Only over the whole archive: its one value
    whose selectivity matters is then the tsquery, and a generic plan's bitmap scan of the index suits every
    count ``cap`` admits; a filter's values (a range of sessions, a kind) need plans of their own (a generic
    plan over a session range was measured four times slower than a custom one)."""
    statement = (
        f"WITH m ({MATCH_COLUMNS}) AS MATERIALIZED ({sql}), "
        + COUNTED_FACETS_SQL
        + ", n AS (SELECT n FROM g WHERE gs = 7), "
        + TEXTS_SQL.format(gate="(SELECT n FROM n) <= %s")
        + ", "
        + TOP_SQL.format(every="false")
        + " SELECT 't', NULL, (SELECT n FROM n), (SELECT count(*) FROM texts)::text "
        "UNION ALL " + TOP_ROWS_SQL + " UNION ALL " + FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        params = [*params, cap, limit]
        if prepare:  # its text is set by the query's shape, not by its values: parsed and planned once a session
            prepared.execute(cursor, "search_rank", statement, params)
        else:
            cursor.execute(statement, params)
        rows = cursor.fetchall()
    n, texts = next((r[2], r[3]) for r in rows if r[0] == "t")
    if n > cap:
        return None
    top = top_rows(rows)
    return Ranking(pairs(top), n, n > len(top), facet_lists(rows), top, texts=int(texts))


def rank_recent(
    qs: QuerySet, compiled: CompiledQuery, limit: int, candidates: int | None = None
) -> tuple[Ranking, tuple[int, int]]:
    """Score the ``candidates`` (``RECENT_CANDIDATES``) most recent matches (newest session, then symbol
    and position): the rule above ``RANK_ALL`` matches. Returns the ranking, with the facets of the
    candidates, and the sessions the candidates span; one statement."""
    candidates = RECENT_CANDIDATES if candidates is None else candidates
    score, score_params = score_sql(compiled)
    inner = (
        qs.order_by("-document__session", "document__symbol", "position")
        .annotate(score=RawSQL(score, score_params, output_field=FloatField()), key=text_group())
        .values_list(*MATCH_FIELDS)[:candidates]
    )
    sql, params = inner.query.sql_with_params()
    statement = (
        f"WITH m ({MATCH_COLUMNS}) AS MATERIALIZED ({sql}), "
        + FACET_SQL.format(cap=int(candidates))
        + ", "
        + TEXTS_SQL.format(gate="true")
        + ", "
        + TOP_SQL.format(every="false")
        + " SELECT 't', NULL, (SELECT count(*) FROM m), NULL "
        "UNION ALL SELECT 'r', min(session)::text, max(session), NULL FROM m "
        "UNION ALL " + TOP_ROWS_SQL + " UNION ALL " + FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        rows = cursor.fetchall()
    n = next(r[2] for r in rows if r[0] == "t")
    oldest, newest = next((r[1], r[2]) for r in rows if r[0] == "r")
    top = top_rows(rows)
    return Ranking(pairs(top), n, n > len(top), facet_lists(rows), top), (int(oldest or 0), newest or 0)


def pairs(rows: list[tuple]) -> list[tuple[int, float]]:
    """(id, score) of the top rows, best first: what ``Ranking.top`` holds."""
    return sorted(((r[0], r[1]) for r in rows), key=lambda pair: -pair[1])


def text_group() -> Coalesce:
    """A row's text as the ranking groups it: its ``text_key`` (a row without one is a text of its own)."""
    return Coalesce(F("text_key"), F("id"), output_field=BigIntegerField())


def rank_sql(compiled: CompiledQuery, table: str = "archive_paragraph") -> tuple[str, list]:
    """The full ranking's score of a row as one SQL expression (window functions over the rows selected): its
    text's best BM25 plus ln(copies), the copies being the rows selected with its text. What the ranking
    statement computes per text (``TEXTS_SQL``), for an ORDER BY over every row."""
    score, params = score_sql(compiled, table)
    key = f'COALESCE("{table}"."text_key", "{table}"."id")'
    return f"(max({score}) OVER (PARTITION BY {key}) + ln(count(*) OVER (PARTITION BY {key})::float8))", params


def ordered(qs: QuerySet, q: str, sort: str, candidates: str | list[int] | None = None) -> QuerySet:
    """``qs`` in the order of ``sort``: chronological, or by relevance (``rank_sql``; ties newest session
    first)."""
    if sort == "oldest" or (sort == "relevance" and not q.strip()):
        return qs.order_by("document__session", "document__symbol", "position")
    if sort == "newest":
        return qs.order_by("-document__session", "document__symbol", "position")
    if sort == "widest":  # how widely the paragraph's agreed language is used
        from archive.filters import by_reach

        return by_reach(qs)
    score, params = rank_sql(compile_query(q))
    return qs.annotate(rank=RawSQL(score, params, output_field=FloatField())).order_by(
        "-rank", "-document__session", "document__symbol", "position"
    )


# --- phrases of frequent words: let the rarest word drive the index ------------------------
#
# A phrase needs a recheck of every candidate row (the GIN index holds no positions). For
# "migrant domestic workers" the index would intersect the posting lists of three words
# found in most paragraphs of this archive only to hand over candidates that must all be
# rechecked anyway; reading the list of the rarest word alone and checking the phrase on
# the rows is cheaper. Word frequencies come from the term statistics of the last ingest.

FREQUENT_SHARE = 0.02  # a lexeme in at least this share of the paragraphs is "frequent"


def phrase_driver(compiled: CompiledQuery) -> str | None:
    """The rarest lexeme of a quoted phrase query whose words are all frequent, else None.

    Only plain conjunctions (no OR, no -word) with a quoted phrase qualify; a query with a
    rare word is left to the index, which skips through the frequent lists by the rare one.
    """
    parsed = compiled.parsed
    if not any(t.phrase for t in parsed.terms) or parsed.negated or any(len(c) > 1 for c in parsed.clauses):
        return None
    lexemes = list(dict.fromkeys(lx for u in compiled.units for lx in u.lexemes))
    freqs = {lx: compiled.frequencies.get(lx, 0) / compiled.documents for lx in lexemes}
    if len(lexemes) < 2 or any(f < FREQUENT_SHARE for f in freqs.values()):
        return None
    rarest = min(lexemes, key=lambda lx: (freqs[lx], lx))
    return rarest if max(freqs.values()) > 2 * freqs[rarest] else None


def search_matches(qs: QuerySet, compiled: CompiledQuery) -> QuerySet:
    """The rows matching ``compiled``; for a phrase of frequent words, found through its rarest word."""
    if not compiled:
        return qs.none()
    sql, params = search_condition(compiled)
    return qs.filter(RawSQL(sql, params, output_field=BooleanField()))


def search_condition(compiled: CompiledQuery) -> tuple[str, list]:
    """``search_matches``'s condition on a paragraph (SQL, parameters)."""
    driver = phrase_driver(compiled)
    if driver is None:
        return match_condition(compiled)
    return (
        '"archive_paragraph"."search" @@ %s::tsquery AND ts_match_vq("archive_paragraph"."search", %s::tsquery)',
        [quote_lexeme(driver), compiled.tsquery],
    )


# --- phrases of frequent words above RANK_ALL: a capped candidate rule ----------------------
#
# The index answers "holds every word" exactly, without reading a row's vector; "holds the
# phrase" needs the vector of every candidate. When more than RANK_ALL rows hold the words,
# the candidates are the PHRASE_CANDIDATES most recent of them (newest session first, a rule
# that does not depend on where rows lie on disk); the phrase is checked, and the rows
# ranked, among these only.

_PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")


def loose_tsquery(compiled: CompiledQuery) -> str:
    """The query with its phrases as conjunctions of their words ('' when that would not hold every
    match: an excluded phrase, or a clause that also matches by citation)."""
    if not _PHRASE_OPERATOR.search(compiled.tsquery) or compiled.parsed.negated or compiled.cited:
        return ""
    return _PHRASE_OPERATOR.sub("&", compiled.tsquery)


def loose_matches(qs: QuerySet, compiled: CompiledQuery) -> QuerySet:
    return qs.filter(
        RawSQL('"archive_paragraph"."search" @@ %s::tsquery', [loose_tsquery(compiled)], output_field=BooleanField())
    )


def rank_phrase_candidates(qs: QuerySet, compiled: CompiledQuery, limit: int) -> Ranking:
    """The matches of ``compiled`` among the ``PHRASE_CANDIDATES`` most recent rows of ``qs`` holding all its
    words, ranked, counted and faceted as ``rank_all`` does: one statement, which checks the phrase on the rows
    the walk through the recent documents read (their vectors with them), not on the rows read again by id."""
    recent = (
        loose_matches(qs, compiled)
        .order_by("-document__session", "document__symbol", "position")
        .annotate(key=text_group())
        .values_list(*(f if f != "score" else "search" for f in MATCH_FIELDS))[:PHRASE_CANDIDATES]
    )
    sql, params = recent.query.sql_with_params()
    score, score_params = score_sql(compiled, table="c")
    rows = (
        f"SELECT c.id, c.kind, c.opening, c.session, {score}, c.key, c.position, c.anchor, c.document_id "
        f"FROM ({sql}) c ({MATCH_COLUMNS.replace('score', 'search')}) "
        'WHERE "c"."search" @@ %s::tsquery'
    )
    return _rank_rows(rows, [*score_params, *params, compiled.tsquery], PHRASE_CANDIDATES, limit)
