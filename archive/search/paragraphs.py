"""Paragraph search: PostgreSQL full text, ranked by BM25 over every match, grouped, faceted, highlighted.

Relevance is BM25 computed in PostgreSQL over the stored search vectors: a word's weight
is its inverse document frequency (from ``TermStatistic``, built at the end of ingest), its
frequency in a paragraph saturates (``K1``), and long paragraphs are normalised against
the average length (``B``, ``CorpusStatistic``). The frequency of a query term in a row is
``ts_rank_cd`` with unit weights (the number of its occurrences, or of a phrase's); the
length is the text's size in bytes (``octet_length``, read from the value's header: no
text is parsed), which grows with the words however often they repeat.

- Every match is ranked when a query has at most ``RANK_ALL`` matches (the statistics give
  an upper bound first; an exact capped count decides when they cannot). Above that, the
  ``RECENT_CANDIDATES`` most recent matches (newest session first) are ranked, a rule
  that does not depend on where rows lie on disk, and the page says the ranking is approximate.
- Ties break newest session first. Excluded words filter; the other words rank.
- Paragraphs with identical text (case, quotes, spaces normalised) have identical vectors,
  hence identical scores: they are adjacent in the ranking and grouped into one hit.
- The capped count and facets come from the same statement as the ranking when every match is
  ranked (exact), and otherwise from one pass over the first ``COUNT_CAP`` matches.
- Headlines (``ts_headline``) are computed for the rows of the page only, over the
  HTML-escaped text with private-use delimiters, then marked.
- A quoted phrase of frequent words is found through its rarest word (``search_matches``).
User queries are read by one parser (``archive.search_query``) and compiled here into one
tsquery with the English configuration, the one that built the vectors: hyphenated and solid
compounds find each other (``health-care``, ``healthcare``). Queries bind their parameters
client-side (psycopg's default): the tsquery is then a constant the planner folds, where a
server-side generic plan would re-parse it per row. Timings: ``manage.py bench_search``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.models import Document, Footnote, FootnoteReference, Instrument, Paragraph
from archive.models.querysets import SEARCH_CONFIG as CONFIG
from archive.search_query import ParsedQuery, Term, parse_query

PAGE_SIZE = 20
MAX_PAGE = 500
COUNT_CAP = 10_000
RANK_ALL = 50_000  # up to this many matches, relevance ranks every one
RECENT_CANDIDATES = 10_000  # above it, the most recent this many matches are ranked
RANK_CANDIDATES = 5_000  # the CSV download ranks when it has no more matches than this (else document order)
K1, B = 1.2, 0.75
MAX_QUERY_LENGTH = 200
STATEMENT_TIMEOUT_MS = 3_000
START, STOP = "\ue010", "\ue011"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxFragments=3, MaxWords=40, MinWords=12, FragmentDelimiter=\" … \""

SORTS = ("relevance", "oldest", "newest", "widest")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """The query as searched: control characters (NUL among them, which PostgreSQL refuses) become spaces."""
    return CONTROL_CHARS.sub(" ", raw).strip()


SYMBOL_RE = re.compile(r"^\s*(?:(A/RES/)?(\d{1,3}/\d{1,4})|(A/\d{1,3}/\d{1,4}))\s*$", re.IGNORECASE)


def document_for_query(q: str) -> Document | None:
    """A query that is a document symbol or number goes straight to that document."""
    m = SYMBOL_RE.match(q or "")
    if not m:
        return None
    symbol = f"A/RES/{m.group(2)}" if m.group(2) else m.group(3).upper()
    return Document.objects.filter(symbol=symbol).only("symbol").first()


# --- compiling a query: lexemes, variants, weights -------------------------------------------

@dataclass
class Unit:
    """One ranked alternative of a query: its tsquery and its BM25 weight (IDF)."""

    tsquery: str
    idf: float
    lexemes: list[str]
    frequency: int  # paragraphs holding it, or an upper bound (a phrase: its rarest word's)


@dataclass
class CompiledQuery:
    parsed: ParsedQuery
    tsquery: str  # the whole condition; '' when nothing searchable is left (only stop words)
    units: list[Unit]
    estimate: int  # upper bound of the matches (unfiltered), from the document frequencies
    exact: bool  # the estimate is the exact count (one lexeme, nothing excluded)
    documents: int  # BM25's N
    average_length: float
    unknown: list[Term] = field(default_factory=list)  # words no paragraph holds
    frequencies: dict[str, int] = field(default_factory=dict)
    clauses: list[str] = field(default_factory=list)  # the tsquery of each clause (all must match)
    # (clause index, paragraphs citing the instrument the clause names, its unit)
    cited: list[tuple[int, list[int], Unit]] = field(default_factory=list)
    instruments: list[int] = field(default_factory=list)  # instruments the query names

    def __bool__(self) -> bool:
        return bool(self.tsquery)


def quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# One statement for everything a query needs to know besides the matches: the short names it
# may spell (and every name and the title of those instruments), the lexemes of each term and
# name, their document frequencies and hyphenated forms, the corpus figures. It also sets the
# statement timeout of the transaction it opens (a round trip saved on a loaded machine).
COMPILE_SQL = (
    "WITH cfg AS (SELECT set_config('statement_timeout', %s, true)), "
    "nm AS (SELECT n.normalized, n.instrument_id, i.title, o.name FROM archive_instrumentname n "
    "  JOIN archive_instrument i ON i.id = n.instrument_id JOIN archive_instrumentname o ON o.instrument_id = n.instrument_id "
    "  WHERE n.normalized = ANY(%s::text[])), "
    "t AS (SELECT unnest(%s::text[]) AS t UNION SELECT title FROM nm UNION SELECT name FROM nm), "
    "f AS (SELECT t, phraseto_tsquery(%s::regconfig, t)::text AS q, tsvector_to_array(to_tsvector(%s::regconfig, t)) AS lx FROM t), "
    "l AS (SELECT DISTINCT unnest(lx) AS lx FROM f) "
    "SELECT 'f', t, q, lx, NULL::bigint FROM f, cfg "
    "UNION ALL SELECT 'n', normalized, title, ARRAY[name], instrument_id FROM nm "
    "UNION ALL SELECT 's', lexeme, joined, NULL, paragraphs FROM archive_termstatistic "
    "  WHERE lexeme = ANY(ARRAY(SELECT lx FROM l)) OR joined = ANY(ARRAY(SELECT lx FROM l)) "
    "UNION ALL SELECT 'c', NULL, average_length::text, NULL, documents FROM archive_corpusstatistic WHERE name = 'paragraphs'"
)


def compile_query(q: str, timeout_ms: int | None = None) -> CompiledQuery:
    """The parsed query as one tsquery, its ranked units and statistics: one statement (two when it
    names an instrument). With ``timeout_ms``, the statement timeout of the current transaction is set too."""
    parsed = parse_query(q)
    spans = name_candidates(parsed)
    texts = sorted({t.text for t in parsed.terms} | {t.text.replace("-", "") for t in parsed.terms if t.is_compound})
    if not texts:
        return CompiledQuery(parsed, "", [], 0, True, 0, 1.0)
    timeout = str(int(timeout_ms)) if timeout_ms else None
    with connection.cursor() as cursor:
        statement = COMPILE_SQL if timeout else COMPILE_SQL.replace("set_config('statement_timeout', %s, true)", "%s")
        cursor.execute(statement, [timeout or "", sorted(set(spans.values())), texts, CONFIG, CONFIG])
        result = cursor.fetchall()
    forms = {t: (tsq, lexemes or []) for kind, t, tsq, lexemes, _ in result if kind == "f"}
    rows = [(lx, joined, d) for kind, lx, joined, _, d in result if kind == "s"]
    corpus = next(((float(avg), d) for kind, _, avg, _, d in result if kind == "c"), (1.0, 0))
    n, avgdl = max(corpus[1], 1), corpus[0] or 1.0
    named = named_runs(parsed, spans, [(norm, title, names[0], iid) for kind, norm, title, names, iid in result if kind == "n"])
    missing = sorted({t for run in named for t in run.texts} - set(forms))
    if missing:  # the shorter forms of a named instrument's title
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH f AS (SELECT t, phraseto_tsquery(%s::regconfig, t)::text AS q, "
                "tsvector_to_array(to_tsvector(%s::regconfig, t)) AS lx FROM unnest(%s::text[]) t) "
                "SELECT 'f', t, q, lx, NULL::bigint FROM f UNION ALL SELECT 's', lexeme, joined, NULL, paragraphs "
                "FROM archive_termstatistic WHERE lexeme = ANY(ARRAY(SELECT unnest(lx) FROM f))",
                [CONFIG, CONFIG, missing])
            extra = cursor.fetchall()
        forms.update({t: (tsq, lexemes or []) for kind, t, tsq, lexemes, _ in extra if kind == "f"})
        rows += [(lx, joined, d) for kind, lx, joined, _, d in extra if kind == "s"]
    df = {lx: d for lx, _, d in rows}
    hyphenated = {}  # solid form -> hyphenated lexemes of the archive ('healthcar' -> ['health-car'])
    for lx, joined, _ in rows:
        if "-" in lx and joined != lx:
            hyphenated.setdefault(joined, []).append(lx)

    def unit_for(term: Term) -> Unit | None:
        tsq, lxs = forms.get(term.text, ("", []))
        if not tsq:
            return None  # stop words only
        if term.phrase:  # a phrase weighs its words (as Lucene's phrase query does); matches at most its rarest
            return Unit(tsq, sum(idf(df.get(lx, 0), n) for lx in lxs), lxs,
                        min((df.get(lx, 0) for lx in lxs), default=0))
        alternatives, counted = [tsq], list(lxs)
        if term.is_compound:  # health-care: also healthcare; counted by the whole-word lexemes
            counted = [lx for lx in lxs if "-" in lx] or lxs
            solid = forms.get(term.text.replace("-", ""), ("", []))[1]
            if len(solid) == 1:
                alternatives.append(quote_lexeme(solid[0]))
                counted += solid
        elif len(lxs) == 1:  # healthcare: also health-care, where the archive writes it so
            for h in hyphenated.get(lxs[0], []):
                alternatives.append(quote_lexeme(h))
                counted.append(h)
        frequency = min(n, sum(df.get(lx, 0) for lx in dict.fromkeys(counted)))
        if len(alternatives) == 1 and len(lxs) > 1:  # a compound the archive never writes solid: a phrase
            return Unit(tsq, sum(idf(df.get(lx, 0), n) for lx in lxs), lxs, min((df.get(lx, 0) for lx in lxs), default=0))
        query = " | ".join(f"( {a} )" if " " in a else a for a in alternatives)
        return Unit(query, idf(frequency, n), list(dict.fromkeys(lxs + counted)), frequency)

    def phrase_unit(text: str) -> Unit | None:
        tsq, lxs = forms.get(text, ("", []))
        if not tsq:
            return None
        return Unit(tsq, 0.0, lxs, min((df.get(lx, 0) for lx in lxs), default=0))

    clauses, units, estimates, cited = [], [], [], []
    runs = {run.start: run for run in named}
    skip_to = -1
    for i, clause in enumerate(parsed.clauses):
        if i < skip_to:
            continue
        if i in runs:  # a name of an instrument: its names and title, and the paragraphs citing it
            run = runs[i]
            skip_to = run.end
            alternatives = [u for u in (phrase_unit(t) for t in run.texts) if u is not None]
            frequency = min(n, sum(u.frequency for u in alternatives) + len(run.citing))
            tsq = " | ".join(f"( {u.tsquery} )" for u in alternatives) or "''"
            unit = Unit(tsq, idf(frequency, n), [lx for u in alternatives for lx in u.lexemes], frequency)
            units.append(unit)
            estimates.append(frequency)
            cited.append((len(clauses), run.citing, unit))
            clauses.append(f"( {tsq} )")
            continue
        compiled = [u for u in (unit_for(t) for t in clause) if u is not None]
        if not compiled:
            continue
        if clause[0].negated:
            clauses.append(f"!( {compiled[0].tsquery} )")
            continue
        clauses.append("( " + " | ".join(f"( {u.tsquery} )" for u in compiled) + " )" if len(compiled) > 1
                       else f"( {compiled[0].tsquery} )")
        units.extend(compiled)
        estimates.append(min(n, sum(u.frequency for u in compiled)))
    estimate = min(estimates) if units else n  # only exclusions: everything but them
    exact = len(units) == 1 and len(clauses) == 1 and len(units[0].lexemes) == 1
    unknown = [t for c in parsed.positive for t in c
               if not t.phrase and forms.get(t.text, ("", []))[1] and all(df.get(lx, 0) == 0 for lx in forms[t.text][1])]
    return CompiledQuery(parsed, " & ".join(clauses), units, estimate, exact and not cited, n, avgdl, unknown, df,
                         clauses, cited, [i for run in named for i in run.instruments])


@dataclass
class NamedRun:
    """Clauses ``start``..``end`` of a query spell a name of instruments (``CEDAW``, ``Palermo Protocol``)."""

    start: int
    end: int
    instruments: list[int]
    texts: list[str]  # the words as typed, the instruments' names and titles: each sought as a phrase
    citing: list[int]  # paragraphs whose footnotes cite the instruments


def title_forms(title: str) -> list[str]:
    """A title as texts write it: whole, and cut before a trailing clause ("Protocol to Prevent, Suppress
    and Punish Trafficking in Persons, Especially Women and Children, supplementing the …" is often cited
    without what follows its second comma): the cut is at the first comma after six words or more."""
    forms = [title]
    words = 0
    for part in title.split(",")[:-1]:
        words += len(part.split())
        if words >= 6:
            forms.append(title[: title.index(part) + len(part)])
            break
    return forms


def name_candidates(parsed: ParsedQuery) -> dict[tuple[int, int], str]:
    """Runs of plain clauses (one word or phrase each, not excluded), normalised as names are."""
    from archive.models.instrument_names import normalized_name

    plain = [len(c) == 1 and not c[0].negated for c in parsed.clauses]
    spans = {}
    for i in range(len(parsed.clauses)):
        for j in range(i + 1, min(len(parsed.clauses), i + 8) + 1):
            if not all(plain[i:j]):
                break
            spans[(i, j)] = normalized_name(" ".join(c[0].text for c in parsed.clauses[i:j]))
    return spans


def named_runs(parsed: ParsedQuery, spans: dict[tuple[int, int], str], rows: list[tuple[str, str, str, int]]) -> list[NamedRun]:
    """The runs a short or common name stands for (the longest first), from (normalized, title, a name,
    instrument id) rows; one statement for the paragraphs citing them."""
    from archive.models import Citation, FootnoteReference

    names: dict[str, dict[int, list[str]]] = {}
    for norm, title, name, iid in rows:
        names.setdefault(norm, {}).setdefault(iid, [title]).append(name)
    runs, taken = [], set()
    for (i, j), norm in sorted(spans.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if norm not in names or taken & set(range(i, j)):
            continue
        taken |= set(range(i, j))
        ids = sorted(names[norm])
        texts = [" ".join(c[0].text for c in parsed.clauses[i:j]),
                 *(t for iid in ids for name in names[norm][iid] for t in title_forms(name))]
        citing = list(FootnoteReference.objects.filter(
            footnote__in=Citation.objects.filter(instrument_id__in=ids).values("footnote_id"))
            .order_by().values_list("paragraph_id", flat=True).distinct())
        runs.append(NamedRun(i, j, ids, list(dict.fromkeys(texts)), citing))
    return sorted(runs, key=lambda r: r.start)


def score_sql(compiled: CompiledQuery, table: str = "archive_paragraph") -> tuple[str, list]:
    """BM25 of a row as an SQL expression over its stored vector; its parameters."""
    if not compiled.units:
        return "0::float8", []
    length = f'(1 - {B} + {B} * octet_length("{table}"."text")::float8 / {compiled.average_length!r})'
    terms, params = [], []
    for unit in compiled.units:
        # (k1 + 1) tf / (tf + K) written with tf once: (k1 + 1) (1 - K / (tf + K))
        terms.append(
            f"{unit.idf!r} * {K1 + 1} * (1 - {K1} * {length} / "
            f"(ts_rank_cd('{{1,1,1,1}}'::float4[], \"{table}\".\"search\", %s::tsquery, 0) + {K1} * {length}))"
        )
        params.append(unit.tsquery)
    for _, ids, unit in compiled.cited:  # citing the named instrument counts as one occurrence
        terms.append(f'CASE WHEN "{table}"."id" = ANY(%s::bigint[]) THEN {unit.idf!r} * {K1 + 1} * '
                     f"(1 - {K1} * {length} / (1 + {K1} * {length})) ELSE 0 END")
        params.append(ids)
    return "(" + " + ".join(terms) + ")", params


def matching(qs: QuerySet, compiled: CompiledQuery) -> QuerySet:
    """The rows of ``qs`` the compiled query matches (none when nothing searchable is left)."""
    if not compiled:
        return qs.none()
    table = qs.model._meta.db_table
    if not compiled.cited or table != "archive_paragraph":
        return qs.filter(RawSQL(f'"{table}"."search" @@ %s::tsquery', [compiled.tsquery], output_field=BooleanField()))
    # a named instrument's clause also matches the paragraphs citing it: each clause its own condition
    sql, params = [], []
    for i, clause in enumerate(compiled.clauses):
        cited = next((ids for at, ids, _ in compiled.cited if at == i), None)
        if cited:
            sql.append(f'("{table}"."search" @@ %s::tsquery OR "{table}"."id" = ANY(%s::bigint[]))')
            params += [clause, cited]
        else:
            sql.append(f'"{table}"."search" @@ %s::tsquery')
            params.append(clause)
    return qs.filter(RawSQL(" AND ".join(sql), params, output_field=BooleanField()))


@dataclass
class Hit:
    paragraph: Paragraph
    headline: SafeString
    same_text: list[RankedRow] = field(default_factory=list)  # other paragraphs with this text, newest first


@dataclass
class Facet:
    value: object
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    total_capped: bool
    page: int
    pages: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    instruments: list[Instrument] = field(default_factory=list)
    approximate: bool = False  # relevance ranked a candidate set, not every match
    ranked: int = 0  # how many matches the ranking considered
    ranked_sessions: tuple[int, int] | None = None  # (oldest, newest) session of the candidates
    suggestion: str = ""  # "did you mean" query
    facets_exact: bool = True

    @property
    def total_label(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.total_capped else f"{self.total:,}"


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


def _facets(rows) -> dict[str, list[Facet]]:
    kinds = dict(Paragraph.Kind.choices)
    sessions = sorted((int(v), c) for t, v, c, _ in rows if t == "s")
    by_kind = sorted(((v, c) for t, v, c, _ in rows if t == "k"), key=lambda r: (-r[1], r[0]))
    openings = sorted(((v, c) for t, v, c, _ in rows if t == "o"), key=lambda r: (-r[1], r[0]))
    return {
        "session": [Facet(v, str(v), c) for v, c in sessions],
        "kind": [Facet(v, kinds.get(v, v), c) for v, c in by_kind],
        "opening": [Facet(v, v, c) for v, c in openings],
    }


def summarize(qs: QuerySet, cap: int = COUNT_CAP, candidates: int = 0) -> MatchSummary:
    """Capped count and facets in one statement, so the matches are found once.

    The first ``cap`` + 1 matches are materialized (id, kind, opening, session); the count is
    over them, the facets over the first ``cap`` (exact when there are no more). A phrase
    query pays its heap recheck once here rather than once for the count and once for each
    facet. The session comes with the match (the planner joins the documents by hash or by
    index, as the number of matches says), not looked up document by document afterwards.
    """
    inner = qs.order_by().values_list("id", "kind", "opening", "document__session")[: cap + 1]
    sql, params = inner.query.sql_with_params()
    statement = (
        f"WITH m (id, kind, opening, session) AS MATERIALIZED ({sql}), " + FACET_SQL.format(cap=int(cap)) +
        f"SELECT 't', NULL, (SELECT count(*) FROM m), "
        f"(SELECT COALESCE(array_agg(id), '{{}}')::text FROM (SELECT id FROM m LIMIT {int(candidates)}) c) "
        "UNION ALL " + FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    n, ids = next((r[2], r[3]) for r in rows if r[0] == "t")
    return MatchSummary(total=min(n, cap), capped=n > cap, facets=_facets(rows), candidates=ids or "{}")


@dataclass
class Ranking:
    """The top of a relevance ranking: (id, score) best first, ties included at the cut."""

    top: list[tuple[int, float]]
    total: int  # matches ranked
    more: bool  # rows beyond ``top`` exist
    facets: dict[str, list[Facet]] | None = None


def rank_all(qs: QuerySet, compiled: CompiledQuery, limit: int, cap: int | None = None) -> Ranking | None:
    """Score every match (up to ``cap``) in one statement with the count and exact facets; None above ``cap``.

    The ``limit`` best rows come back, with every row tied with the last of them (``WITH TIES``),
    so that the newest-first tie break and the grouping of identical texts see whole ties.
    """
    cap = RANK_ALL if cap is None else cap
    score, score_params = score_sql(compiled)
    inner = (qs.order_by().annotate(score=RawSQL(score, score_params, output_field=FloatField()))
             .values_list("id", "kind", "opening", "document__session", "score")[: cap + 1])
    sql, params = inner.query.sql_with_params()
    statement = (
        f"WITH m (id, kind, opening, session, score) AS MATERIALIZED ({sql}), "
        f"n AS (SELECT count(*) AS n FROM m), " + FACET_SQL.format(cap=int(cap)) +
        ", top AS (SELECT id, score FROM m WHERE (SELECT n FROM n) <= %s ORDER BY score DESC FETCH FIRST %s ROWS WITH TIES) "
        "SELECT 't', NULL, (SELECT n FROM n), (SELECT COALESCE(array_agg(id || ':' || score ORDER BY score DESC), '{}')::text FROM top) "
        "UNION ALL " + FACET_ROWS_SQL
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, cap, limit])
        rows = cursor.fetchall()
    n, top = next((r[2], r[3]) for r in rows if r[0] == "t")
    if n > cap:
        return None
    pairs = _pairs(top)
    return Ranking(pairs, n, n > len(pairs), _facets(rows))


def rank_recent(qs: QuerySet, compiled: CompiledQuery, limit: int, candidates: int | None = None) -> tuple[Ranking, tuple[int, int]]:
    """Score the ``candidates`` (``RECENT_CANDIDATES``) most recent matches (newest session, then symbol
    and position): the rule above ``RANK_ALL`` matches. Returns the ranking and the sessions the candidates span."""
    candidates = RECENT_CANDIDATES if candidates is None else candidates
    score, score_params = score_sql(compiled)
    inner = (qs.order_by("-document__session", "document__symbol", "position")
             .annotate(score=RawSQL(score, score_params, output_field=FloatField()))
             .values_list("id", "score", "document__session")[:candidates])
    sql, params = inner.query.sql_with_params()
    statement = (
        f"WITH c (id, score, session) AS MATERIALIZED ({sql}), "
        "top AS (SELECT id, score FROM c ORDER BY score DESC FETCH FIRST %s ROWS WITH TIES) "
        "SELECT (SELECT count(*) FROM c), (SELECT min(session) FROM c), (SELECT max(session) FROM c), "
        "(SELECT COALESCE(array_agg(id || ':' || score ORDER BY score DESC), '{}')::text FROM top)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        n, oldest, newest, top = cursor.fetchone()
    pairs = _pairs(top)
    return Ranking(pairs, n, n > len(pairs)), (oldest or 0, newest or 0)


def _pairs(literal: str) -> list[tuple[int, float]]:
    out = []
    for item in (literal or "{}").strip("{}").split(","):
        if item:
            pid, _, score = item.strip('"').partition(":")
            out.append((int(pid), float(score)))
    return out


def ordered(qs: QuerySet, q: str, sort: str, candidates: str | list[int] | None = None) -> QuerySet:
    """``qs`` in the order of ``sort``: chronological, or by BM25 (ties newest session first)."""
    if sort == "oldest" or (sort == "relevance" and not q.strip()):
        return qs.order_by("document__session", "document__symbol", "position")
    if sort == "newest":
        return qs.order_by("-document__session", "document__symbol", "position")
    if sort == "widest":  # how widely the paragraph's agreed language is used
        from archive.filters import by_reach

        return by_reach(qs)
    score, params = score_sql(compile_query(q))
    return (qs.annotate(rank=RawSQL(score, params, output_field=FloatField()))
            .order_by("-rank", "-document__session", "document__symbol", "position"))


# --- grouping identical texts -------------------------------------------------------------

QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                        "–": "-", "—": "-", "\u00a0": " "})


PUNCTUATION = re.compile(r"[^\w\s]+")


def normalized_text(text: str) -> str:
    """The text as compared for "same text": case, quotes, dashes, punctuation and spaces normalised
    (the same words in the same order: "Urges States;" and "urges States." are one text)."""
    return " ".join(PUNCTUATION.sub(" ", unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()).split())


def group_identical(rows: list[RankedRow]) -> list[list[RankedRow]]:
    """Rows (in rank order) grouped by normalised text: a group stands where its best row ranks, and
    lists its rows newest session first (the newest is the one shown)."""
    groups: dict[str, list[RankedRow]] = {}
    for p in rows:
        groups.setdefault(normalized_text(p.text), []).append(p)
    return [sorted(g, key=lambda r: (-r.session, r.symbol, r.position)) for g in groups.values()]


# The headline of one row, over its HTML-escaped text (see ``headlines``); two parameters: tsquery, options.
HEADLINE_SQL = (
    "ts_headline('english', "
    "replace(replace(replace(replace(\"archive_paragraph\".\"text\", '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), "
    "%s::tsquery, %s)"
)


def headlines(paragraph_ids: list[int], q: str | CompiledQuery) -> dict[int, SafeString]:
    """ts_headline for the rows of the page only, over the HTML-escaped text, then marked.

    Escaping happens in SQL *before* ts_headline: its parser would otherwise take markup
    in a source text (``<script>``) for tags and silently drop it from the fragment.
    """
    compiled = compile_query(q) if isinstance(q, str) else q
    if not paragraph_ids or not compiled:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {HEADLINE_SQL} FROM archive_paragraph WHERE id = ANY(%s)",
            [compiled.tsquery, HEADLINE_OPTIONS, paragraph_ids],
        )
        rows = cursor.fetchall()
    return {pid: mark(h) for pid, h in rows}


def mark(headline: str) -> SafeString:
    """``headline`` is already escaped (see ``headlines``); only the delimiters become markup."""
    return mark_safe(headline.replace(START, "<mark>").replace(STOP, "</mark>"))


def instruments_named(q: str | CompiledQuery, limit: int = 5) -> list[Instrument]:
    """Instruments a short or common name in the query stands for, then those whose title holds
    every (not excluded) word of a short query."""
    compiled = compile_query(q) if isinstance(q, str) else q
    found = list(Instrument.objects.filter(id__in=compiled.instruments).order_by("title")) if compiled.instruments else []
    words = [w for c in compiled.parsed.positive for t in c for w in re.findall(r"\w+", t.text) if len(w) > 2]
    if words and len(words) <= 8 and len(found) < limit:
        qs = Instrument.objects.exclude(id__in=[i.id for i in found])
        for w in words:
            qs = qs.filter(title__icontains=w)
        found += list(qs.order_by("title")[: limit - len(found)])
    return found


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
    driver = phrase_driver(compiled) if compiled else None
    if driver is None:
        return matching(qs, compiled)
    return qs.filter(
        RawSQL('"archive_paragraph"."search" @@ %s::tsquery', [quote_lexeme(driver)], output_field=BooleanField()),
        RawSQL('ts_match_vq("archive_paragraph"."search", %s::tsquery)', [compiled.tsquery], output_field=BooleanField()),
    )


def run_search(qs: QuerySet, q: str, sort: str, page: int) -> SearchResults:
    """Run under a statement timeout, so that no query holds a worker for long.

    Relevance: every match scored, counted and faceted in one statement when there are at most
    ``RANK_ALL``; otherwise a capped count with facets, then the most recent candidates scored.
    Then the rows of the page, grouped by identical text, with their headlines; and the
    instruments the query names. Chronological sorts: the capped summary, then the page.
    """
    with transaction.atomic():
        compiled = compile_query(q, timeout_ms=STATEMENT_TIMEOUT_MS) if q.strip() else None
        if compiled is None or not compiled.parsed.terms:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
        if compiled is not None and not compiled:  # only stop words or punctuation
            return SearchResults(query=q, hits=[], total=0, total_capped=False, page=1, pages=1)
        matches = search_matches(qs, compiled) if compiled else qs
        if compiled and sort == "relevance":
            results = _relevance_page(matches, compiled, page, unfiltered=_unfiltered(qs))
        else:
            results = _chronological_page(matches, compiled, sort, page)
        results.query = q
        if compiled and page == 1:
            results.instruments = instruments_named(compiled)
        if compiled and results.total < SUGGEST_BELOW:
            results.suggestion = suggest(compiled)
        return results


def _relevance_page(matches: QuerySet, compiled: CompiledQuery, page: int, unfiltered: bool) -> SearchResults:
    page = max(1, min(page, MAX_PAGE))
    # enough rows for the page's distinct texts: identical texts tie, so WITH TIES brings them all
    want = page * PAGE_SIZE + 1
    limit = want * 3
    first = None
    if compiled.estimate <= RANK_ALL:
        rank_every = True  # the statistics bound the matches
    elif compiled.exact and unfiltered:
        rank_every = False  # one lexeme over the whole archive: its frequency is the count
    elif any(t.phrase or t.is_compound for t in compiled.parsed.terms):
        # a phrase's matches cost a recheck each: find them once, scoring them on the way
        first = rank_all(matches, compiled, limit)
        rank_every = first is not None
    else:
        rank_every = not capped_count(matches, RANK_ALL)[1]
    summary, sessions = None, None
    while True:
        if rank_every:
            ranking, first = first or rank_all(matches, compiled, limit), None
            total, capped, facets = ranking.total, False, ranking.facets
        else:
            summary = summary or summarize(matches)
            total, capped, facets = summary.total, summary.capped, summary.facets
            ranking, sessions = rank_recent(matches, compiled, limit)
        rows = _page_rows(ranking.top)
        groups = group_identical(rows)
        if len(groups) >= want or not ranking.more or limit >= 20 * want:
            break
        limit *= 4  # many identical texts: look further down the ranking
    if ranking.more:
        pages = max(page + 1, -(-min(total, ranking.total) // PAGE_SIZE))
    else:
        pages = -(-len(groups) // PAGE_SIZE)
    pages = max(1, min(MAX_PAGE, pages))
    page = max(1, min(page, pages))
    shown = groups[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ids = [g[0].id for g in shown]
    # the page's paragraphs with their documents and headlines: one statement, for these rows only
    models = (Paragraph.objects.filter(id__in=ids).select_related("document").defer("search")
              .annotate(headline_html=RawSQL(HEADLINE_SQL, [compiled.tsquery, HEADLINE_OPTIONS])).in_bulk())
    hits = [Hit(models[g[0].id], mark(models[g[0].id].headline_html or "") or escape(g[0].text[:400]), g[1:])
            for g in shown]
    return SearchResults(query="", hits=hits, total=total, total_capped=capped, page=page, pages=pages,
                         facets=facets, approximate=not rank_every, ranked=ranking.total, ranked_sessions=sessions,
                         facets_exact=not capped)


def _unfiltered(qs: QuerySet) -> bool:
    """``qs`` is every searchable paragraph (no filter of the search page applies)."""
    return str(qs.order_by().query) == str(Paragraph.objects.body().order_by().query)


@dataclass
class RankedRow:
    """What grouping needs of a ranked row (its text and where it stands), before any model is built."""

    id: int
    score: float
    text: str
    position: int
    anchor: str
    session: int
    symbol: str
    number: str

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("archive:document", args=[self.symbol]) + f"#{self.anchor}"

    @property
    def label(self) -> str:
        """'74/127 op8': the document's number (its symbol for a report) and the paragraph's anchor."""
        return f"{self.number or self.symbol} {self.anchor}"


def _page_rows(top: list[tuple[int, float]]) -> list[RankedRow]:
    """The ranked rows, best first; ties newest session first, then symbol, position."""
    score = dict(top)
    rows = [RankedRow(pid, score[pid], *rest) for pid, *rest in Paragraph.objects.filter(id__in=list(score)).values_list(
        "id", "text", "position", "anchor", "document__session", "document__symbol", "document__number")]
    rows.sort(key=lambda r: (-r.score, -r.session, r.symbol, r.position))
    return rows


def _chronological_page(matches: QuerySet, compiled: CompiledQuery | None, sort: str, page: int) -> SearchResults:
    summary = summarize(matches)
    total, capped = summary.total, summary.capped
    pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
    page = max(1, min(page, pages))
    rows = []
    if total:
        page_qs = ordered(matches, "", "newest" if sort == "newest" else "oldest").select_related("document").defer("search")
        if compiled:  # computed after the sort and limit: for the rows of the page only
            page_qs = page_qs.annotate(headline_html=RawSQL(HEADLINE_SQL, [compiled.tsquery, HEADLINE_OPTIONS]))
        rows = list(page_qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    hits = [Hit(p, mark(getattr(p, "headline_html", "") or "") or escape(p.text[:400])) for p in rows]
    return SearchResults(query="", hits=hits, total=total, total_capped=capped, page=page, pages=pages,
                         facets=summary.facets, facets_exact=not capped)


# --- "did you mean": the archive's own vocabulary -------------------------------------------

SUGGEST_BELOW = 3  # a query with fewer matches gets a suggestion
_vocabulary: dict = {"version": None, "words": [], "counts": []}


def vocabulary() -> tuple[list[str], list[int]]:
    """The written words of the archive (from the last ingest), loaded once per data version."""
    from archive.models import VocabularyWord
    from archive.page_cache import current_version

    version = current_version()
    if _vocabulary["version"] != version:
        rows = list(VocabularyWord.objects.order_by("word").values_list("word", "paragraphs"))
        _vocabulary.update(version=version, words=[w for w, _ in rows], counts=[c for _, c in rows])
    return _vocabulary["words"], _vocabulary["counts"]


def closest_word(word: str) -> str | None:
    """The archive's word nearest to ``word`` (edit distance; the more frequent among equals)."""
    from rapidfuzz import distance, process

    words, counts = vocabulary()
    if not words or len(word) < 4:
        return None
    limit = 1 if len(word) < 7 else 2
    found = process.extract(word.casefold(), words, scorer=distance.Levenshtein.distance, score_cutoff=limit, limit=50)
    found = [(w, d, i) for w, d, i in found if w != word.casefold()]
    if not found:
        return None
    return min(found, key=lambda f: (f[1], -counts[f[2]], f[0]))[0]


def suggest(compiled: CompiledQuery) -> str:
    """The query with each word the archive does not hold replaced by its nearest archive word ('' if none)."""
    replacements = {}
    for term in compiled.unknown:
        if term.is_compound or not re.fullmatch(r"[A-Za-z]+", term.text):
            continue
        near = closest_word(term.text)
        if near:
            replacements[term.text] = near
    if not replacements:
        return ""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, replacements)) + r")(?![\w-])")
    return pattern.sub(lambda m: replacements[m.group(1)], compiled_query_text(compiled))


def compiled_query_text(compiled: CompiledQuery) -> str:
    """The query as the user typed its terms (the parse, written back)."""
    parts = []
    for clause in compiled.parsed.clauses:
        written = [("-" if t.negated else "") + (f'"{t.text}"' if t.phrase else t.text) for t in clause]
        parts.append(" OR ".join(written))
    return " ".join(parts)


# --- footnotes: their text is searchable too, as a result kind of its own -------------------

FOOTNOTE_HEADLINE_SQL = HEADLINE_SQL.replace('"archive_paragraph"', '"archive_footnote"')


@dataclass
class FootnoteHit:
    footnote: Footnote
    headline: SafeString
    paragraphs: list[Paragraph]  # where its markers stand


@dataclass
class FootnoteResults:
    query: str
    hits: list[FootnoteHit]
    total: int
    total_capped: bool
    page: int
    pages: int

    @property
    def total_label(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.total_capped else f"{self.total:,}"


def run_footnote_search(qs: QuerySet, q: str, page: int) -> FootnoteResults:
    """Footnotes matching ``q``, oldest session first, each with the paragraphs that reference it."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
        compiled = compile_query(q) if q.strip() else None
        matches = matching(qs, compiled) if compiled is not None else qs
        total, capped = capped_count(matches)
        pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
        page = max(1, min(page, pages))
        page_qs = matches.select_related("document").defer("search").order_by("document__session", "document__symbol", "number")
        if compiled:
            page_qs = page_qs.annotate(headline_html=RawSQL(FOOTNOTE_HEADLINE_SQL, [compiled.tsquery, HEADLINE_OPTIONS]))
        rows = list(page_qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
        where: dict[int, list[Paragraph]] = {}
        refs = FootnoteReference.objects.filter(footnote__in=rows).select_related("paragraph").order_by("paragraph__position")
        for ref in refs:
            where.setdefault(ref.footnote_id, []).append(ref.paragraph)
        hits = []
        for f in rows:
            for p in where.get(f.id, []):
                p.document = f.document
            hits.append(FootnoteHit(f, mark(getattr(f, "headline_html", "") or "") or escape(f.text[:400]), where.get(f.id, [])))
        return FootnoteResults(query=q, hits=hits, total=total, total_capped=capped, page=page, pages=pages)
