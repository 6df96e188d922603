"""Paragraph search: PostgreSQL full text, ranked, faceted, highlighted — and fast at scale.

The cost of a full-text search on a large table is in ranking and counting every match
of a common term. So:
- relevance ranks only the first ``RANK_CANDIDATES`` matches the GIN index yields;
- the total is counted up to ``COUNT_CAP`` and shown as "more than N" beyond it;
- facets are counted over the same capped set, exact when the total is under the cap
  and shown as lower bounds otherwise;
- the capped count, the facets and the rank candidates come from one statement
  (``summarize``): the matches are found once per request, not once per figure;
- headlines (``ts_headline``) are computed only for the rows of the page, in the page
  query itself, over the HTML-escaped text with private-use delimiters, then marked;
- a quoted phrase of frequent words is found through its rarest word (``search_matches``).
One literal text-search configuration, ``english``, is used for vector, query and headline.
Queries bind their parameters client-side (psycopg's default): the tsquery is then a
constant the planner folds, where a server-side generic plan would re-parse it per row.
The timings at 1,000,000 paragraphs: ``manage.py bench_search`` (see ``archive.bench``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.models import Document, Footnote, FootnoteReference, Instrument, Paragraph
from archive.models.querysets import SEARCH_CONFIG as CONFIG

PAGE_SIZE = 20
MAX_PAGE = 500
COUNT_CAP = 10_000
RANK_CANDIDATES = 2_000
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


def web_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=CONFIG)


def document_for_query(q: str) -> Document | None:
    """A query that is a document symbol or number goes straight to that document."""
    m = SYMBOL_RE.match(q or "")
    if not m:
        return None
    symbol = f"A/RES/{m.group(2)}" if m.group(2) else m.group(3).upper()
    return Document.objects.filter(symbol=symbol).only("symbol").first()


@dataclass
class Hit:
    paragraph: Paragraph
    headline: SafeString


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
    # ids of the first RANK_CANDIDATES matches, as a PostgreSQL array literal ('{3,5,8}'): passed
    # back as one text parameter, never parsed into Python nor quoted id by id
    candidates: str

    @property
    def candidate_ids(self) -> list[int]:
        return [int(i) for i in self.candidates.strip("{}").split(",") if i]


def summarize(qs: QuerySet, cap: int = COUNT_CAP, candidates: int = RANK_CANDIDATES) -> MatchSummary:
    """Capped count, facets and rank candidates in one statement, so the matches are found once.

    The first ``cap`` + 1 matches are materialized (id, kind, opening, document); the count is
    over them, the facets over the first ``cap`` (exact when there are no more), the rank
    candidates are the first ``candidates``. A phrase query pays its heap recheck once here
    rather than once for the count, once for the candidates and once for each facet. The
    session facet counts by document first and looks up each document's session only then.
    """
    inner = qs.order_by().values_list("id", "kind", "opening", "document_id")[: cap + 1]
    sql, params = inner.query.sql_with_params()
    statement = (
        f"WITH m (id, kind, opening, document_id) AS MATERIALIZED ({sql}), "
        # one pass over the first ``cap`` matches for the three facets; GROUPING() tells the sets apart
        "g AS (SELECT document_id, kind, opening, count(*) AS n, GROUPING(document_id, kind, opening) AS gs "
        f"FROM (SELECT * FROM m LIMIT {int(cap)}) f GROUP BY GROUPING SETS ((document_id), (kind), (opening))) "
        f"SELECT 't', NULL, (SELECT count(*) FROM m), "
        f"(SELECT COALESCE(array_agg(id), '{{}}')::text FROM (SELECT id FROM m LIMIT {int(candidates)}) c) "
        "UNION ALL "
        "SELECT 's', s.session::text, sum(s.n)::bigint, NULL FROM "
        "(SELECT (SELECT session FROM archive_document d WHERE d.id = g.document_id) AS session, g.n "
        "FROM g WHERE gs = 3) s GROUP BY s.session "
        "UNION ALL "
        "SELECT 'k', kind, n, NULL FROM g WHERE gs = 5 "
        "UNION ALL "
        "(SELECT 'o', opening, n, NULL FROM g WHERE gs = 6 AND opening <> '' ORDER BY n DESC, opening LIMIT 15)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    kinds = dict(Paragraph.Kind.choices)
    n, ids = next((r[2], r[3]) for r in rows if r[0] == "t")
    sessions = sorted((int(v), c) for t, v, c, _ in rows if t == "s")
    by_kind = sorted(((v, c) for t, v, c, _ in rows if t == "k"), key=lambda r: (-r[1], r[0]))
    openings = sorted(((v, c) for t, v, c, _ in rows if t == "o"), key=lambda r: (-r[1], r[0]))
    facets = {
        "session": [Facet(v, str(v), c) for v, c in sessions],
        "kind": [Facet(v, kinds.get(v, v), c) for v, c in by_kind],
        "opening": [Facet(v, v, c) for v, c in openings],
    }
    return MatchSummary(total=min(n, cap), capped=n > cap, facets=facets, candidates=ids)


def ordered(qs: QuerySet, q: str, sort: str, candidates: str | list[int] | None = None) -> QuerySet:
    if sort == "oldest" or (sort == "relevance" and not q.strip()):
        return qs.order_by("document__session", "document__symbol", "position")
    if sort == "newest":
        return qs.order_by("-document__session", "document__symbol", "position")
    if sort == "widest":  # how widely the paragraph's agreed language is used
        from archive.filters import by_reach

        return by_reach(qs)
    # relevance: rank only the first RANK_CANDIDATES matches the index yields
    if candidates is None:
        base = Paragraph.objects.filter(id__in=qs.order_by().values("id")[:RANK_CANDIDATES])
    else:  # one array literal rather than thousands of literals to quote, parse and plan
        if not isinstance(candidates, str):
            candidates = "{" + ",".join(str(int(i)) for i in candidates) + "}"
        base = Paragraph.objects.filter(
            RawSQL('"archive_paragraph"."id" = ANY(%s::bigint[])', [candidates], output_field=BooleanField())
        )
    return (
        base
        .annotate(rank=SearchRank(F("search"), web_query(q)))
        .order_by("-rank", "document__session", "position")
    )


# The headline of one row, over its HTML-escaped text (see ``headlines``); two parameters: q, options.
HEADLINE_SQL = (
    "ts_headline('english', "
    "replace(replace(replace(replace(\"archive_paragraph\".\"text\", '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), "
    "websearch_to_tsquery('english', %s), %s)"
)


def headlines(paragraph_ids: list[int], q: str) -> dict[int, SafeString]:
    """ts_headline for the rows of the page only, over the HTML-escaped text, then marked.

    Escaping happens in SQL *before* ts_headline: its parser would otherwise take markup
    in a source text (``<script>``) for tags and silently drop it from the fragment.
    ``run_search`` computes the same expression (``HEADLINE_SQL``) in the page query itself.
    """
    if not paragraph_ids or not q.strip():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {HEADLINE_SQL} FROM archive_paragraph WHERE id = ANY(%s)",
            [q, HEADLINE_OPTIONS, paragraph_ids],
        )
        rows = cursor.fetchall()
    return {pid: mark(h) for pid, h in rows}


def mark(headline: str) -> SafeString:
    """``headline`` is already escaped (see ``headlines``); only the delimiters become markup."""
    return mark_safe(headline.replace(START, "<mark>").replace(STOP, "</mark>"))


def instruments_named(q: str, limit: int = 5) -> list[Instrument]:
    """Instruments whose title holds every word of a short query."""
    words = [w for w in re.findall(r"\w+", q) if len(w) > 2]
    if not words or len(words) > 8:
        return []
    qs = Instrument.objects.all()
    for w in words:
        qs = qs.filter(title__icontains=w)
    return list(qs.order_by("title")[:limit])


# --- phrases of frequent words: let the rarest word drive the index ------------------------
#
# A phrase needs a recheck of every candidate row (the GIN index holds no positions). For
# "migrant domestic workers" the index would intersect the posting lists of three words
# found in most paragraphs of this archive only to hand over candidates that must all be
# rechecked anyway; reading the list of the rarest word alone and checking the phrase on
# the rows is cheaper. Word frequencies come from the planner's statistics (pg_stats keeps
# the most common lexemes of a tsvector column), cached for a few minutes.

LEXEME_STATS_TTL = 300.0
_lexeme_stats: dict = {"at": -1e9, "freqs": {}}


def lexeme_frequencies() -> dict[str, float]:
    """Share of paragraphs holding each of the most common lexemes (from ANALYZE)."""
    now = time.monotonic()
    if now - _lexeme_stats["at"] > LEXEME_STATS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'archive_paragraph' AND attname = 'search' AND schemaname = current_schema()"
            )
            row = cursor.fetchone()
        freqs = dict(zip(row[0], row[1])) if row and row[0] else {}
        _lexeme_stats.update(at=now, freqs=freqs)
    return _lexeme_stats["freqs"]


def phrase_driver(q: str) -> str | None:
    """The rarest lexeme of a quoted phrase query whose words are all frequent, else None.

    Only plain conjunctions (no OR, no -word) with a quoted phrase qualify; a query with a
    rare word is left to the index, which skips through the frequent lists by the rare one.
    """
    if '"' not in q or re.search(r"(?:^|\s)-\S|\bor\b", q, re.IGNORECASE):
        return None
    freqs = lexeme_frequencies()
    if not freqs:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [CONFIG, q])
        lexemes = cursor.fetchone()[0] or []
    if len(lexemes) < 2 or any(lx not in freqs for lx in lexemes):
        return None
    rarest = min(lexemes, key=lambda lx: (freqs[lx], lx))
    return rarest if max(freqs[lx] for lx in lexemes) > 2 * freqs[rarest] else None


def search_matches(qs: QuerySet, q: str) -> QuerySet:
    """``qs.search(q)``, or for a phrase of frequent words the same rows found through its rarest word."""
    driver = phrase_driver(q) if q.strip() else None
    if driver is None:
        return qs.search(q)
    literal = "'" + driver.replace("\\", "\\\\").replace("'", "''") + "'"
    return qs.filter(
        RawSQL('"archive_paragraph"."search" @@ %s::tsquery', [literal], output_field=BooleanField()),
        RawSQL(
            'ts_match_vq("archive_paragraph"."search", websearch_to_tsquery(%s::regconfig, %s))',
            [CONFIG, q], output_field=BooleanField(),
        ),
    )


def run_search(qs: QuerySet, q: str, sort: str, page: int) -> SearchResults:
    """Run under a statement timeout, so that no query holds a worker for long.

    Three statements: the summary (capped count, facets, rank candidates: one pass over the
    matches), the page (ranking only the candidates, or ordered by session, with the
    headlines of its rows), and the instruments named by the query.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
        matches = search_matches(qs, q)
        summary = summarize(matches)
        total, capped = summary.total, summary.capped
        pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
        page = max(1, min(page, pages))
        rows = []
        if total:
            page_qs = ordered(matches, q, sort, summary.candidates).select_related("document").defer("search")
            if q.strip():
                # computed after the sort and limit: for the rows of the page only
                page_qs = page_qs.annotate(headline_html=RawSQL(HEADLINE_SQL, [q, HEADLINE_OPTIONS]))
            rows = list(page_qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
        hits = [Hit(p, mark(getattr(p, "headline_html", "") or "") or escape(p.text[:400])) for p in rows]
        return SearchResults(
            query=q, hits=hits, total=total, total_capped=capped, page=page, pages=pages,
            facets=summary.facets, instruments=instruments_named(q) if q.strip() and page == 1 else [],
        )


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
        matches = qs.search(q)
        total, capped = capped_count(matches)
        pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
        page = max(1, min(page, pages))
        page_qs = matches.select_related("document").defer("search").order_by("document__session", "document__symbol", "number")
        if q.strip():
            page_qs = page_qs.annotate(headline_html=RawSQL(FOOTNOTE_HEADLINE_SQL, [q, HEADLINE_OPTIONS]))
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
