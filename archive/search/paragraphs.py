"""Paragraph search in English: the matches ranked, counted, faceted, grouped and highlighted.

``run_search`` runs under a statement timeout, in a few statements (their number set by the kind
of query, not by what it finds): the compiled query (which sets the timeout), the ranking, the
page's rows (headlines marked in Python from the ranked texts), the instruments the query names. With relevance, a
word alone that at least ``LISTED_FROM`` paragraphs hold, over the whole archive or a range of sessions, is read
from its ranking over every match, built at ingest (``archive.search.word_rankings``): one index range. Otherwise every match is
scored, counted and faceted in one statement, which also returns the top rows with what grouping
needs, when there are at most ``RANK_ALL`` (the statistics bound the count, or the statement
counts while it scores); above that, one statement takes the most recent candidates through the
documents' recency index, scores and facets them (``archive.search.ranking``); a phrase of words
each in more than ``RANK_ALL`` paragraphs is checked among the most recent rows holding its words
(over the whole archive the term statistics decide it, without a count). The rows are
grouped by identical text (``archive.search.results``); a suggestion comes when the query finds
(almost) nothing. Timings: ``python -m bench.search_speed``.
"""

from __future__ import annotations

import functools

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.html import escape

from archive.models.querysets import SEARCH_CONFIG as CONFIG
from archive.parsing.languages import LANGUAGES, REFERENCE
from archive.search.compiler import CompiledQuery, compile_query
from archive.search.facets import capped_count, summarize
from archive.search.names import instruments_named
from archive.search.parameters import MAX_PAGE, PAGE_SIZE, STATEMENT_TIMEOUT_MS
from archive.search.ranking import (
    PHRASE_CANDIDATES,
    RANK_ALL,
    Ranking,
    body_query,
    loose_matches,
    loose_tsquery,
    ordered,
    rank_all,
    rank_phrase_candidates,
    rank_recent,
    search_matches,
)
from archive.search.results import HIT_DEFERRED, Hit, RankedRow, SearchResults, group_identical, hit_paragraphs
from archive.search.suggestions import SUGGEST_BELOW, suggest
from archive.search.word_highlights import WordMarker, tsquery_lexemes
from archive.search.word_rankings import listed_lexeme, rank_listed, rank_listed_within, session_scope


def run_search(qs: QuerySet, q: str, sort: str, page: int, page_size: int = PAGE_SIZE) -> SearchResults:
    """Run under a statement timeout, so that no query holds a worker for long.

    Relevance: every match scored, counted and faceted in one statement when there are at most
    ``RANK_ALL``; otherwise the most recent candidates scored and faceted in one statement. Then the
    rows of the page, grouped by identical text, their headlines marked; and the instruments the query
    names. Chronological sorts: the capped summary, then the page.
    """
    with transaction.atomic():
        compiled = compile_query(q, timeout_ms=STATEMENT_TIMEOUT_MS, with_instruments=page == 1) if q.strip() else None
        if compiled is None or not compiled.parsed.terms:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
        if compiled is not None and not compiled:  # only stop words or punctuation
            return SearchResults(query=q, hits=[], total=0, total_capped=False, page=1, pages=1)
        if compiled and sort == "relevance":
            results = _relevance_page(qs, compiled, page, unfiltered=_unfiltered(qs), page_size=page_size)
        else:
            matches = search_matches(qs, compiled) if compiled else qs
            results = _chronological_page(matches, compiled, sort, page, page_size)
        results.query = q
        if compiled and page == 1:
            results.instruments = instruments_named(compiled)
        if compiled and results.total < SUGGEST_BELOW:
            results.suggestion = suggest(compiled)
        return results


def _relevance_page(
    base: QuerySet, compiled: CompiledQuery, page: int, unfiltered: bool, page_size: int = PAGE_SIZE
) -> SearchResults:
    """The page of ``base``'s matches ranked by relevance; ``unfiltered``: ``base`` is every searchable paragraph,
    whose ranking reads no queryset (``rank_all(whole=True)``, a word's ranking), so the matches' queryset is
    built only when a statement is compiled from it."""
    matches = functools.cache(lambda: search_matches(base, compiled))

    def rank_matches(limit: int) -> Ranking | None:
        """Every match ranked (``rank_all``); over the whole archive from the statement written for it."""
        return rank_all(None if unfiltered else matches(), compiled, limit, whole=unfiltered)

    page = max(1, min(page, MAX_PAGE))
    # the page's distinct texts and one more (is there a next page): the ranking counts texts, not rows
    want = page * page_size + 1
    limit = want
    first = None
    phrase_rule = False  # the candidates are the most recent rows holding every word of the phrase
    # one frequent word over the whole archive, or within a range of sessions: every match was ranked at ingest
    # (``word_rankings``)
    listed = listed_lexeme(compiled)
    if listed and unfiltered:
        first = rank_listed(compiled, listed, limit)
    elif listed:
        scope = session_scope(base)
        first = rank_listed_within(compiled, listed, scope, limit) if scope else None
    # no ranking (an admin edit dropped it), another filter, or it cannot tell the best within the sessions: the rows
    listed = listed if first is not None else None
    if listed:
        rank_every = True
    elif compiled.estimate <= RANK_ALL:
        rank_every = True  # the statistics bound the matches
    elif compiled.exact and unfiltered:
        rank_every = False  # one lexeme over the whole archive: its frequency is the count
    elif loose_tsquery(compiled) and (unfiltered or _holding_more(base, compiled)):
        # a phrase of frequent words: checking the phrase costs a read of each row's vector, and more than
        # RANK_ALL rows may hold its words. Over the whole archive the term statistics decide (no clause's
        # frequency bounds the matches by RANK_ALL: a phrase's rarest word is in more paragraphs), which
        # costs no count (counting 50,000 rows holding the words read as many rows as ranking them);
        # filtered, the rows holding the words are counted. Only the most recent PHRASE_CANDIDATES rows
        # holding its words are checked
        first = rank_phrase_candidates(base, compiled, limit)
        rank_every, phrase_rule = True, True
    else:
        # filtered, or a phrase (whose matches cost a recheck each): score the matches on the way to
        # counting them, once; above RANK_ALL of them, the most recent are ranked instead
        first = rank_matches(limit)
        rank_every = first is not None
    sessions = None
    while True:
        if rank_every:
            if first is None:
                first = rank_phrase_candidates(base, compiled, limit) if phrase_rule else rank_matches(limit)
            ranking, first = first, None
            total, capped, facets = ranking.total, phrase_rule, ranking.facets
        else:
            # more than RANK_ALL matches: exactly the statistics' count for one word over the whole archive
            ranking, sessions = rank_recent(matches(), compiled, limit)
            exact = compiled.exact and unfiltered
            total, capped, facets = (compiled.estimate if exact else RANK_ALL), not exact, ranking.facets
        rows = _page_rows(ranking)
        groups = group_identical(rows)
        if listed or len(groups) >= want or not ranking.more or limit >= 20 * want:
            break
        limit *= 4  # many identical texts: look further down the ranking
    # the ranking statement counted the distinct texts (one hit each): the pages are exact; else, with more
    # matches than were grouped, an upper bound from the paragraphs
    pages_approximate = ranking.more and ranking.texts is None
    if ranking.texts is not None:
        pages = -(-ranking.texts // page_size)
    elif ranking.more:
        pages = max(page + 1, -(-min(total, ranking.total) // page_size))
    else:
        pages = -(-len(groups) // page_size)
    pages = max(1, min(MAX_PAGE, pages))
    page = max(1, min(page, pages))
    shown = groups[(page - 1) * page_size : page * page_size]
    ids = [g[0].id for g in shown]
    # the page's paragraphs with their documents: one statement, for these rows only (the ranking read their texts)
    models = hit_paragraphs(ids, LANGUAGES[REFERENCE])
    marker = marker_for(compiled)
    # the shown paragraph's text from its model: the ranking's rows carry their text's key, not the text
    marked = marker.headlines([models[g[0].id].text for g in shown])
    hits = [Hit(models[g[0].id], headline, g[1:]) for g, headline in zip(shown, marked)]
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
            facets_rule=f"the matches among the {PHRASE_CANDIDATES:,} most recent paragraphs holding every word",
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
        facets_exact=rank_every,
        facets_rule="" if rank_every else f"the {ranking.total:,} most recent matches (the ones ranked)",
        pages_approximate=pages_approximate,
    )


def marker_for(compiled: CompiledQuery) -> WordMarker:
    """Marks the words of English texts the compiled query seeks (its names' and compounds' forms included)."""
    return WordMarker(CONFIG, tsquery_lexemes(compiled.tsquery))


def _holding_more(base: QuerySet, compiled: CompiledQuery) -> bool:
    """More than ``RANK_ALL`` rows of ``base`` hold every word of the query (counted, up to one more)."""
    return capped_count(loose_matches(base, compiled), RANK_ALL)[1]


def _unfiltered(qs: QuerySet) -> bool:
    """``qs`` is every searchable paragraph (no filter of the search page applies): the same conditions
    and joins as ``Paragraph.objects.body()`` (compared as expression trees, not compiled to SQL)."""
    body = body_query()
    return qs.query.where == body.where and set(qs.query.alias_map) == set(body.alias_map)


def _page_rows(ranking: Ranking) -> list[RankedRow]:
    """The ranked rows (read with the ranking), best first; ties newest session first, then symbol, position."""
    rows = [RankedRow(*r) for r in ranking.rows or []]
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
        rows = list(page_qs[(page - 1) * page_size : page * page_size])
    texts = [p.text for p in rows]
    marked = marker_for(compiled).headlines(texts) if compiled else [escape(t[:400]) for t in texts]
    hits = [Hit(p, headline) for p, headline in zip(rows, marked)]
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
