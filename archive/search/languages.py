"""Paragraph search in the other official languages: each in its own text search configuration.

The English search (``archive.search.paragraphs``) runs over the paragraphs' own vectors; this one over
the vectors of their texts in one other language (``ParagraphText.search``, built at ingest
in ``french``, ``spanish``, ``russian``, ``arabic``; Chinese as character bigrams in ``simple``,
see ``archive.parsing.cjk``). Filters and facets are the English paragraphs' (kind, opening,
session: filter values stay English), so they apply unchanged; the page, ranking and
highlights are the language's. Relevance is ``ts_rank`` over the language's vectors (BM25 would need
term statistics per language, which are kept for English only), ties newest session first, identical
texts grouped as in English; instrument names are found through citations (``language_names``). The hits'
headlines are marked in Python from the texts the page read (``archive.search.word_highlights``: the
language's Snowball stemmer against the lexemes of the tsquery its configuration made; Chinese by runs of
characters, which ``ts_headline`` could not mark across words).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString

from archive.documents.languages import show_title, version_title_sql
from archive.models import FootnoteText, Instrument, Paragraph, ParagraphText
from archive.parsing.cjk import bigram_query, han_runs
from archive.parsing.languages import Language
from archive.search import paging
from archive.search.facets import COUNT_CAP, summarize
from archive.search.highlights import HEADLINE_OPTIONS, WHOLE_OPTIONS, escaped_sql, mark, options_sql
from archive.search.indexing import indexed
from archive.search.language_names import NamedQuery, english_names_sql, named_query
from archive.search.language_ranking import rank_in
from archive.search.language_suggestions import suggest_in
from archive.search.parameters import MAX_PAGE, PAGE_SIZE, STATEMENT_TIMEOUT_MS
from archive.search.results import HIT_DEFERRED, Hit, SearchResults, group_identical, hit_paragraphs
from archive.search.word_highlights import WordMarker, highlight_runs, tsquery_lexemes

# a hyphen inside a word ("женщины-мигранты") joins words that are indexed apart as well: a query
# searches its parts, so that an inflected compound finds the compound of the text
_JOINING_HYPHEN_RE = re.compile(r"(?<=\w)-(?=\w)")


def language_query(q: str, lang: Language) -> str:
    """The websearch query as the language's index needs it (its slashes as the index reads them)."""
    if lang.segmented:
        return indexed(bigram_query(q))
    return indexed(_JOINING_HYPHEN_RE.sub(" ", q))


def web_query(q: str, lang: Language) -> SearchQuery:
    return SearchQuery(language_query(q, lang), search_type="websearch", config=lang.search_config)


def matching(qs: QuerySet, q: str, lang: Language, named: NamedQuery | None = None) -> QuerySet:
    """Paragraphs of ``qs`` whose text in ``lang`` matches ``q``; with no words, those that have a text in ``lang``.

    A run of ``q`` that names an instrument (paragraphs only) also matches the paragraphs citing it."""
    if not q.strip():
        return qs.filter(texts__language=lang.code)
    if named is None and qs.model is Paragraph:
        named = named_query(q)
    if not named:
        return qs.filter(texts__language=lang.code, texts__search=web_query(q, lang))
    condition = Q(texts__language=lang.code)
    if named.rest.strip():
        condition &= Q(texts__search=web_query(named.rest, lang))
    for words, citing, english in named.runs:
        condition &= Q(texts__search=web_query(f'"{words}"', lang)) | Q(id__in=citing) | Q(english_names_sql(english))
    return qs.filter(condition)


def run_search(qs: QuerySet, q: str, sort: str, page: int, lang: Language, page_size: int = PAGE_SIZE) -> SearchResults:
    """As ``archive.search.paragraphs.run_search``, in ``lang``, in three statements: the names the query spells
    (with the statement timeout); relevance: the count, facets and ranked rows with their texts (grouped by
    identical text, ties newest session first), otherwise the count and facets, then the page with its texts (headlines marked in Python);
    the instruments named, and a suggestion for the words the language's texts never write."""
    with transaction.atomic():
        named = named_query(q, timeout_ms=STATEMENT_TIMEOUT_MS)  # the statement timeout set with the names
        matches = matching(qs, q, lang, named)
        if sort == "relevance" and q.strip():
            results = _grouped_page(matches, q, lang, page, page_size)
        else:
            results = _chronological_page(matches, q, sort, page, page_size, lang)
        results.query = q
        if named and page == 1:
            results.instruments = list(Instrument.objects.filter(id__in=named.instruments).order_by("title"))
        if q.strip():  # a word the language's texts never write, even when stemming finds matches for it
            results.suggestion = suggest_in(q, lang, tuple(words for words, *_ in named.runs))
        return results


def _grouped_page(matches: QuerySet, q: str, lang: Language, page: int, page_size: int) -> SearchResults:
    """Relevance in ``lang``: the matches (up to the count cap) ranked by ``ts_rank`` in the summary's own
    statement (ties newest session first), identical texts in the language grouped into one hit, the pages
    counted from the groups when every match was fetched."""
    page = max(1, min(page, MAX_PAGE))
    want = page * page_size + 1
    # enough rows for the page's distinct texts (the series repeats its texts in up to four resolutions:
    # about 2.5 rows a text on the collection's queries), every row when there are at most GROUP_ALL (the
    # pages are then known); a second round (more identical texts) ranks the matches again
    limit = want * 4
    query = web_query(q, lang)
    ranked = matches.annotate(rank=SearchRank(F("texts__search"), query))
    while True:
        ranking = rank_in(ranked, lang.code, COUNT_CAP, limit, query, whole=paging.GROUP_ALL)
        total, more = ranking.total, ranking.more
        groups = group_identical(ranking.rows)
        if len(groups) >= want or not more or limit >= 20 * want:
            break
        limit *= 4  # many identical texts: look further down the ranking
    pages = max(page + 1, -(-total // page_size)) if more else -(-len(groups) // page_size)
    pages = max(1, min(MAX_PAGE, pages))
    page = max(1, min(page, pages))
    shown = groups[(page - 1) * page_size : page * page_size]
    # the page's paragraphs with their documents (the ranking read their texts)
    models = hit_paragraphs([g[0].id for g in shown], lang)
    headline = marker(q, lang, ranking.tsquery)
    hits = [Hit(models[g[0].id], headline(g[0].text), g[1:]) for g in shown]
    return SearchResults(
        query=q,
        hits=hits,
        total=total,
        total_capped=ranking.capped,
        page=page,
        pages=pages,
        facets=ranking.facets,
        facets_exact=not ranking.capped,
        ranked=total,
        pages_approximate=more,
    )


def _chronological_page(
    matches: QuerySet, q: str, sort: str, page: int, page_size: int, lang: Language
) -> SearchResults:
    """Chronological or by reach (or relevance without words): the summary, then the page with its texts."""
    summary = summarize(matches)
    total, capped = summary.total, summary.capped
    pages = max(1, min(MAX_PAGE, -(-total // page_size)))
    page = max(1, min(page, pages))
    rows: list[Paragraph] = []
    if total:
        rows = list(
            _with_texts(ordered(matches, q, sort, "{}", lang), q, lang)[(page - 1) * page_size : page * page_size]
        )
    for p in rows:
        show_title(p.document, p.lang_title, lang)
    headline = marker(q, lang, rows[0].lang_tsquery if rows and q.strip() and not lang.segmented else "")
    hits = [Hit(p, headline(p.lang_text) if p.lang_text is not None else escape(p.text[:400])) for p in rows]
    return SearchResults(
        query=q, hits=hits, total=total, total_capped=capped, page=page, pages=pages, facets=summary.facets
    )


def _with_texts(qs: QuerySet, q: str, lang: Language) -> QuerySet:
    """The page's rows with their documents, their text in ``lang`` and their documents' title in it (the page
    gives each its title with ``show_title``); with words, also the tsquery the
    language's configuration makes of ``q`` (the same on every row), whose lexemes the headlines mark."""
    text = (
        'SELECT t.text FROM archive_paragraphtext t WHERE t.paragraph_id = "archive_paragraph"."id" AND t.language = %s'
    )
    title = version_title_sql("archive_paragraph")
    qs = (
        qs.select_related("document")
        .defer(*HIT_DEFERRED)
        .annotate(lang_text=RawSQL(text, [lang.code]), lang_title=RawSQL(title, [lang.code]))
    )
    if q.strip() and not lang.segmented:
        tsquery = "websearch_to_tsquery(%s::regconfig, %s)::text"
        qs = qs.annotate(lang_tsquery=RawSQL(tsquery, [lang.search_config, language_query(q, lang)]))
    return qs


def marker(q: str, lang: Language, tsquery: str) -> Callable[[str], SafeString]:
    """The headline of a text in ``lang`` for ``q``: its words whose stems ``tsquery`` seeks marked (Chinese:
    the query's runs of characters and other words as written); without words, the text's start."""
    if not q.strip():
        return lambda text: escape(text[:400])
    if lang.segmented:
        needles = han_runs(q) + _other_words(q)
        return lambda text: highlight_runs(text, needles)
    return WordMarker(lang.search_config, tsquery_lexemes(tsquery)).headline


def ordered(matches: QuerySet, q: str, sort: str, candidates: str, lang: Language) -> QuerySet:
    """Chronological, by reach, or by rank among ``candidates`` (ids, an array literal), ties newest session first."""
    if sort == "oldest" or (sort == "relevance" and not q.strip()):
        return matches.order_by("document__session", "document__symbol", "position")
    if sort == "newest":
        return matches.order_by("-document__session", "document__symbol", "position")
    if sort == "widest":  # how widely the paragraph's agreed language is used (the English paragraph's reach)
        from archive.filters import by_reach

        return by_reach(matches)
    base = Paragraph.objects.filter(
        RawSQL('"archive_paragraph"."id" = ANY(%s::bigint[])', [candidates], output_field=BooleanField()),
        texts__language=lang.code,
    )
    return base.annotate(rank=SearchRank(F("texts__search"), web_query(q, lang))).order_by(
        "-rank", "-document__session", "document__symbol", "position"
    )


def headlines(ids: list[int], q: str, lang: Language, model=ParagraphText) -> dict[int, SafeString]:
    """Highlighted fragments of the rows' texts in ``lang`` (their whole text when the query is empty):
    of paragraphs (``ParagraphText``) or footnotes (``FootnoteText``), by the English row's id."""
    if not ids:
        return {}
    key = "paragraph_id" if model is ParagraphText else "footnote_id"
    if not q.strip() or lang.segmented:
        texts = dict(
            model.objects.filter(**{f"{key}__in": ids}, language=lang.code).order_by().values_list(key, "text")
        )
        if not q.strip():
            return {pid: escape(text[:400]) for pid, text in texts.items()}
        return {pid: highlight_runs(text, han_runs(q) + _other_words(q)) for pid, text in texts.items()}
    # escaped before ts_headline, whose parser would take markup in a text for tags (as archive.search.highlights does)
    sql = (
        f"SELECT {key}, ts_headline(%s::regconfig, {escaped_sql('text')}, websearch_to_tsquery(%s::regconfig, %s), %s) "
        f"FROM {model._meta.db_table} WHERE language = %s AND {key} = ANY(%s)"
    )
    options = [HEADLINE_OPTIONS]
    if model is FootnoteText:  # a short footnote whole, every match marked
        sql = sql.replace("%s) FROM", options_sql("text") + ") FROM")
        options = [WHOLE_OPTIONS, HEADLINE_OPTIONS]
    with connection.cursor() as cursor:
        cursor.execute(sql, [lang.search_config, lang.search_config, language_query(q, lang), *options, lang.code, ids])
        return {pid: mark(h) for pid, h in cursor.fetchall()}


def _other_words(q: str) -> list[str]:
    """The query's words that are not Chinese (numbers, Latin words), operators and negations left out."""
    words = re.findall(r'(?:^|\s)(-?)([^\s"]+)', re.sub(r"[\u3400-\u9fff]+", " ", q))
    return [w for neg, w in words if not neg and w.lower() != "or" and len(w) > 1]
