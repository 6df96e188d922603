"""Paragraph search in English: the matches ranked, counted, faceted, grouped and highlighted.

``run_search`` runs under a statement timeout. With relevance, every match is scored, counted
and faceted in one statement when there are at most ``RANK_ALL`` (the statistics give an upper
bound first; an exact capped count decides when they cannot); otherwise a capped count with
facets, then the most recent candidates scored (``archive.search.ranking``). Then the rows of
the page, grouped by identical text (``archive.search.results``), with their headlines; the
instruments the query names; and a suggestion when it finds (almost) nothing. Timings:
``manage.py bench_search``.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.html import escape

from archive.models import Paragraph
from archive.search.compiler import CompiledQuery, compile_query
from archive.search.compound_highlights import headline_sql
from archive.search.facets import capped_count, summarize
from archive.search.highlights import mark
from archive.search.names import instruments_named
from archive.search.paging import fetch_all_instead, fetch_limit
from archive.search.parameters import MAX_PAGE, PAGE_SIZE, STATEMENT_TIMEOUT_MS
from archive.search.ranking import (
    PHRASE_CANDIDATES,
    RANK_ALL,
    loose_matches,
    loose_tsquery,
    ordered,
    phrase_candidates,
    rank_all,
    rank_recent,
    search_matches,
)
from archive.search.results import HIT_DEFERRED, Hit, RankedRow, SearchResults, group_identical
from archive.search.suggestions import SUGGEST_BELOW, suggest


def run_search(qs: QuerySet, q: str, sort: str, page: int, page_size: int = PAGE_SIZE) -> SearchResults:
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
            results = _relevance_page(matches, compiled, page, unfiltered=_unfiltered(qs), base=qs, page_size=page_size)
        else:
            results = _chronological_page(matches, compiled, sort, page, page_size)
        results.query = q
        if compiled and page == 1:
            results.instruments = instruments_named(compiled)
        if compiled and results.total < SUGGEST_BELOW:
            results.suggestion = suggest(compiled)
        return results


def _relevance_page(
    matches: QuerySet,
    compiled: CompiledQuery,
    page: int,
    unfiltered: bool,
    base: QuerySet | None = None,
    page_size: int = PAGE_SIZE,
) -> SearchResults:
    page = max(1, min(page, MAX_PAGE))
    # enough rows for the page's distinct texts: identical texts tie, so WITH TIES brings them all
    want = page * page_size + 1
    limit = want * 3
    limit = fetch_limit(limit, compiled.estimate)  # few matches: fetch them all, so that the pages are known
    first = None
    phrase_rule = False  # the candidates are the most recent rows holding every word of the phrase
    if compiled.estimate <= RANK_ALL:
        rank_every = True  # the statistics bound the matches
    elif compiled.exact and unfiltered:
        rank_every = False  # one lexeme over the whole archive: its frequency is the count
    elif base is not None and loose_tsquery(compiled) and capped_count(loose_matches(base, compiled), RANK_ALL)[1]:
        # a phrase of frequent words: more than RANK_ALL rows hold its words, and checking the phrase
        # costs a read of each row's vector; only the most recent PHRASE_CANDIDATES of them are checked
        matches = phrase_candidates(base, compiled)
        rank_every, phrase_rule = True, True
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
            total, capped, facets = ranking.total, phrase_rule, ranking.facets
        else:
            summary = summary or summarize(matches)
            total, capped, facets = summary.total, summary.capped, summary.facets
            ranking, sessions = rank_recent(matches, compiled, limit)
        whole = fetch_all_instead(limit, ranking.total, ranking.more) if rank_every else None
        if whole is not None:  # the statistics' bound was too high to fetch all at once: they are few
            limit = whole
            continue
        rows = _page_rows(ranking.top)
        groups = group_identical(rows)
        if len(groups) >= want or not ranking.more or limit >= 20 * want:
            break
        limit *= 4  # many identical texts: look further down the ranking
    if ranking.more:
        pages = max(page + 1, -(-min(total, ranking.total) // page_size))
    else:
        pages = -(-len(groups) // page_size)
    pages = max(1, min(MAX_PAGE, pages))
    page = max(1, min(page, pages))
    pages_approximate = ranking.more  # more matches than were grouped: an upper bound from the paragraphs
    shown = groups[(page - 1) * page_size : page * page_size]
    ids = [g[0].id for g in shown]
    # the page's paragraphs with their documents and headlines: one statement, for these rows only
    models = (
        Paragraph.objects.filter(id__in=ids)
        .select_related("document")
        .defer(*HIT_DEFERRED)
        .annotate(headline_html=headline_sql(compiled))
        .in_bulk()
    )
    hits = [
        Hit(models[g[0].id], mark(models[g[0].id].headline_html or "") or escape(g[0].text[:400]), g[1:]) for g in shown
    ]
    if phrase_rule:  # found among the candidates: at least this many; ranked and faceted among them
        return SearchResults(
            query="",
            hits=hits,
            total=total,
            total_capped=False,
            total_floor=True,
            page=page,
            pages=pages,
            facets=facets,
            approximate=True,
            ranked=PHRASE_CANDIDATES,
            ranked_rule="most recent paragraphs holding every word of the phrase",
            facets_exact=False,
            pages_approximate=pages_approximate,
        )
    return SearchResults(
        query="",
        hits=hits,
        total=total,
        total_capped=capped,
        page=page,
        pages=pages,
        facets=facets,
        approximate=not rank_every,
        ranked=ranking.total,
        ranked_sessions=sessions,
        facets_exact=not capped,
        pages_approximate=pages_approximate,
    )


def _unfiltered(qs: QuerySet) -> bool:
    """``qs`` is every searchable paragraph (no filter of the search page applies)."""
    return str(qs.order_by().query) == str(Paragraph.objects.body().order_by().query)


def _page_rows(top: list[tuple[int, float]]) -> list[RankedRow]:
    """The ranked rows, best first; ties newest session first, then symbol, position."""
    score = dict(top)
    rows = [
        RankedRow(pid, score[pid], *rest)
        for pid, *rest in Paragraph.objects.filter(id__in=list(score)).values_list(
            "id", "text", "position", "anchor", "document__session", "document__symbol", "document__number"
        )
    ]
    rows.sort(key=lambda r: (-r.score, -r.session, r.symbol, r.position))
    return rows


def _chronological_page(
    matches: QuerySet, compiled: CompiledQuery | None, sort: str, page: int, page_size: int = PAGE_SIZE
) -> SearchResults:
    summary = summarize(matches)
    total, capped = summary.total, summary.capped
    pages = max(1, min(MAX_PAGE, -(-total // page_size)))
    page = max(1, min(page, pages))
    rows = []
    if total:
        page_qs = (
            ordered(matches, "", sort if sort in ("newest", "widest") else "oldest")
            .select_related("document")
            .defer(*HIT_DEFERRED)
        )
        if compiled:  # computed after the sort and limit: for the rows of the page only
            page_qs = page_qs.annotate(headline_html=headline_sql(compiled))
        rows = list(page_qs[(page - 1) * page_size : page * page_size])
    hits = [Hit(p, mark(getattr(p, "headline_html", "") or "") or escape(p.text[:400])) for p in rows]
    return SearchResults(
        query="",
        hits=hits,
        total=total,
        total_capped=capped,
        page=page,
        pages=pages,
        facets=summary.facets,
        facets_exact=not capped,
    )
