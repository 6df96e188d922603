"""A frequent word alone over the whole archive is answered from its ranking, built at ingest over every match
(``archive.search.word_rankings``): the same texts, scores, count and facets as ranking the rows gives, and the
rows' ranking whenever the word's ranking was dropped or falls behind the statistics."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.db import prepared
from archive.models import Document, Paragraph, TermRanking, TermRankingEntry, TermStatistic
from archive.search import paging, word_rankings
from archive.search.compiler import compile_query
from archive.search.paragraphs import run_search
from archive.search.ranking import matching, rank_all
from archive.search.statistics import refresh_statistics
from archive.search.word_rankings import listed_lexeme, rank_listed, rank_listed_within, session_scope

WORDS = ["women", "trafficking", "migrant"]


def body():
    return Paragraph.objects.body()


@pytest.fixture
def listed(collection, monkeypatch):
    """The default collection with a ranking for every lexeme of at least two paragraphs (far below the
    archive's threshold: the collection is small). Within sessions, a ranking answers however few matches the
    sessions hold (``rank_listed_within`` leaves up to ``GROUP_ALL`` of them to the rows: the archive's listed
    words have thousands)."""
    monkeypatch.setattr(word_rankings, "LISTED_FROM", 2)
    monkeypatch.setattr(paging, "GROUP_ALL", 0)
    refresh_statistics()
    return collection


@pytest.fixture
def shallow(listed, monkeypatch):
    """As ``listed``, keeping the best three texts of each word."""
    monkeypatch.setattr(word_rankings, "LISTED_TEXTS", 3)
    refresh_statistics()
    return listed


def _rows(q, limit):
    compiled = compile_query(q)
    return rank_all(matching(body(), compiled), compiled, limit)


def _uses_rankings(queries) -> bool:
    return any("archive_termranking" in prepared.statement_text(query["sql"]) for query in queries)


@pytest.mark.django_db
@pytest.mark.parametrize("q", WORDS)
def test_a_ranking_ranks_as_the_rows_do(listed, q):
    """Scores equal to the float (the ties depend on it), the same rows with their ties, count and facets."""
    compiled = compile_query(q)
    lexeme = listed_lexeme(compiled)
    assert lexeme and TermRanking.objects.get(lexeme=lexeme).matches == compiled.estimate
    for limit in (1, 5, 1000):
        from_list, from_rows = rank_listed(compiled, lexeme, limit), _rows(q, limit)
        assert from_list is not None
        assert sorted(from_list.top) == sorted(from_rows.top)  # ties in either order: the page breaks them
        assert sorted(from_list.rows) == sorted(from_rows.rows)
        assert (from_list.total, from_list.more) == (from_rows.total, from_rows.more)
        assert from_list.facets == from_rows.facets


@pytest.mark.django_db
def test_a_search_deeper_than_a_ranking_keeps_reads_the_rows(shallow):
    compiled = compile_query("women")
    assert rank_listed(compiled, "women", 3) is not None
    assert rank_listed(compiled, "women", 4) is None
    with CaptureQueriesContext(connection) as queries:
        results = run_search(body(), "women", "relevance", 1)
    assert not _uses_rankings(queries) and results.hits


@pytest.mark.django_db
def test_a_ranking_keeps_the_best_texts_and_every_text_tied_with_the_last(shallow):
    """Each entry is a paragraph of a text whose rank (1 + the texts scoring higher, over every match) is at most
    ``LISTED_TEXTS``, with its text's score; every such text has all its matching paragraphs entered."""
    checked = 0
    for ranking in TermRanking.objects.all():
        compiled = compile_query(ranking.lexeme)
        if listed_lexeme(compiled) != ranking.lexeme:  # a lexeme no query spells alone (a stem of a compound)
            continue
        every = _rows(ranking.lexeme, 10**6).rows  # every match, with its text's score
        scores = {row[8]: row[1] for row in every}
        rank = {key: 1 + sum(other > score for other in scores.values()) for key, score in scores.items()}
        expected = {(row[0], rank[row[8]], row[1]) for row in every if rank[row[8]] <= word_rankings.LISTED_TEXTS}
        entries = set(TermRankingEntry.objects.filter(ranking=ranking).values_list("paragraph_id", "rank", "score"))
        assert entries == expected, ranking.lexeme
        checked += 1
    assert checked > 10


@pytest.mark.django_db
@pytest.mark.parametrize("q", WORDS)
def test_the_search_page_reads_the_ranking_and_shows_the_rows_ranking(listed, q, monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        results = run_search(body(), q, "relevance", 1)
    assert _uses_rankings(queries)
    monkeypatch.setattr(word_rankings, "LISTED_FROM", 10**9)  # no word listed: the rows ranked
    with CaptureQueriesContext(connection) as queries:
        from_rows = run_search(body(), q, "relevance", 1)
    assert not _uses_rankings(queries)
    assert [h.paragraph.id for h in results.hits] == [h.paragraph.id for h in from_rows.hits]
    assert [[p.id for p in h.same_text] for h in results.hits] == [[p.id for p in h.same_text] for h in from_rows.hits]
    assert (results.total, results.facets, results.approximate) == (from_rows.total, from_rows.facets, False)


@pytest.mark.django_db
def test_a_word_above_the_ranking_cap_is_ranked_over_every_match(listed, monkeypatch):
    """Where the rows would rank only the most recent candidates (more than ``RANK_ALL`` matches), the word's
    ranking ranks them all: the page is not approximate, and its first hit is the best of every match."""
    from archive.search import paragraphs

    monkeypatch.setattr(paragraphs, "RANK_ALL", 2)
    results = run_search(body(), "women", "relevance", 1)
    assert not results.approximate and results.ranked == results.total == compile_query("women").estimate
    best = max(_rows("women", 10**6).top, key=lambda pair: pair[1])
    assert results.hits[0].paragraph.id == best[0] or any(p.id == best[0] for p in results.hits[0].same_text)


@pytest.mark.django_db
def test_only_one_lexeme_over_the_whole_archive_is_read_from_a_ranking(listed):
    assert listed_lexeme(compile_query("women"))
    for q in ["women -trafficking", "women trafficking", '"migrant workers"', "healthcare"]:
        assert listed_lexeme(compile_query(q)) is None, q
    session = Document.objects.order_by("session").values_list("session", flat=True).first()
    with CaptureQueriesContext(connection) as queries:
        filtered = run_search(body().filter(document__session=session), "women", "relevance", 1)
    assert not _uses_rankings(queries)
    assert filtered.hits and all(h.paragraph.document.session == session for h in filtered.hits)


@pytest.mark.django_db
def test_a_ranking_behind_the_statistics_leaves_the_ranking_to_the_rows(listed):
    """A ranking that counted other matches than the statistics now do is not read: the rows are ranked."""
    compiled = compile_query("women")
    before = run_search(body(), "women", "relevance", 1)
    TermRanking.objects.filter(lexeme="women").update(matches=compiled.estimate - 1)
    assert rank_listed(compiled, "women", 3) is None
    after = run_search(body(), "women", "relevance", 1)
    assert [h.paragraph.id for h in after.hits] == [h.paragraph.id for h in before.hits]
    assert after.total == before.total == TermStatistic.objects.get(lexeme="women").paragraphs


def _lexemes(column: str, value: int) -> set[str]:
    """The lexemes the stored vectors of the paragraphs with ``column`` = ``value`` hold."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT unnest(tsvector_to_array(search)) FROM archive_paragraph WHERE {column} = %s", [value]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_a_deleted_document_takes_the_rankings_of_its_words(listed):
    held = TermRankingEntry.objects.filter(ranking="women").values_list("paragraph__document_id", flat=True)[0]
    words = _lexemes("document_id", held)
    kept = set(TermRanking.objects.exclude(lexeme__in=words).values_list("lexeme", flat=True))
    assert kept
    Document.objects.get(id=held).delete()
    assert not TermRanking.objects.filter(lexeme__in=words).exists()
    assert set(TermRanking.objects.values_list("lexeme", flat=True)) == kept


@pytest.mark.django_db
def test_an_edited_paragraph_or_document_is_ranked_from_the_rows(listed):
    """An admin edit may change a text, a kind or a session that a ranking counted: the rankings of the words it
    held and of the words it holds go, the others stay, and a search reads the rows until ingest ranks again."""
    held = TermRankingEntry.objects.filter(ranking="women").order_by("paragraph_id").values_list("paragraph_id")[0]
    edited = Paragraph.objects.get(id=held[0])
    before = _lexemes("id", edited.id)
    edited.text = "The Assembly notes the report on remittances."
    edited.save()
    touched = before | _lexemes("id", edited.id)
    assert "women" in touched and "remitt" in touched
    assert not TermRanking.objects.filter(lexeme__in=touched).exists()
    assert TermRanking.objects.exists()  # the others stay
    results = run_search(body(), "women", "relevance", 1)
    assert results.total == body().search("women").count() and results.hits
    document = TermRankingEntry.objects.values_list("paragraph__document_id", flat=True).first()
    words = _lexemes("document_id", document)
    Document.objects.get(id=document).save()
    assert not TermRanking.objects.filter(lexeme__in=words).exists()


def _sessions_with(lexeme: str) -> list[int]:
    return sorted(set(TermRankingEntry.objects.filter(ranking=lexeme).values_list("session", flat=True)))


def _within(first: int, last: int):
    return body().filter(document__session__gte=first).filter(document__session__lte=last)


def _rows_within(q, first, last, limit):
    compiled = compile_query(q)
    return rank_all(matching(_within(first, last), compiled), compiled, limit)


def _same(from_list, from_rows):
    assert sorted(from_list.top) == sorted(from_rows.top)
    assert sorted(from_list.rows) == sorted(from_rows.rows)
    assert (from_list.total, from_list.more) == (from_rows.total, from_rows.more)
    assert from_list.facets == from_rows.facets


@pytest.mark.django_db
@pytest.mark.parametrize("q", WORDS)
def test_a_ranking_ranks_within_sessions_as_the_rows_do(listed, q):
    """Every text kept (the collection is small): any range of sessions is answered, as the rows rank it."""
    compiled = compile_query(q)
    lexeme = listed_lexeme(compiled)
    sessions = _sessions_with(lexeme)
    ranges = [(s, s) for s in sessions] + [(sessions[0], sessions[-1]), (sessions[1], sessions[-2])]
    for first, last in ranges:
        for limit in (1, 5, 1000):
            from_list = rank_listed_within(compiled, lexeme, (first, last), limit)
            assert from_list is not None, (first, last, limit)
            _same(from_list, _rows_within(q, first, last, limit))


@pytest.mark.django_db
def test_within_sessions_a_shallow_ranking_answers_only_what_it_can_tell(shallow):
    """Three texts kept: a range whose best text scores below the floor, or that holds fewer kept texts than
    asked for, is left to the rows; whatever it answers is the rows' ranking."""
    compiled = compile_query("women")
    answered, declined = 0, 0
    sessions = sorted(set(Document.objects.values_list("session", flat=True)))
    for first, last in [(s, s) for s in sessions] + [(sessions[0], sessions[-1])]:
        for limit in (1, 2, 3, 4):
            from_list = rank_listed_within(compiled, "women", (first, last), limit)
            if from_list is None:
                declined += 1
            else:
                answered += 1
                _same(from_list, _rows_within("women", first, last, limit))
    assert answered and declined


@pytest.mark.django_db
def test_only_a_range_of_sessions_is_read_from_a_ranking(listed):
    from django.http import QueryDict

    from archive.filters import ParagraphFilter

    def scope(query: str):
        return session_scope(ParagraphFilter(QueryDict(query), queryset=body()).qs)

    assert scope("session_from=61&session_to=63") == (61, 63)
    assert scope("session_from=61") == (61, 2**15 - 1)
    assert scope("session_to=63") == (0, 63)
    assert scope("") is None
    for other in ["kind=operative", "doc_kind=report", "opening=urges", "session_from=61&kind=operative"]:
        assert scope(other) is None, other


@pytest.mark.django_db
@pytest.mark.parametrize("q", WORDS)
def test_the_search_page_within_sessions_reads_the_ranking_and_shows_the_rows_ranking(listed, q, monkeypatch):
    sessions = _sessions_with(listed_lexeme(compile_query(q)))
    qs = _within(sessions[0], sessions[len(sessions) // 2])
    with CaptureQueriesContext(connection) as queries:
        results = run_search(qs, q, "relevance", 1)
    assert _uses_rankings(queries)
    monkeypatch.setattr(word_rankings, "LISTED_FROM", 10**9)
    from_rows = run_search(qs, q, "relevance", 1)
    assert [h.paragraph.id for h in results.hits] == [h.paragraph.id for h in from_rows.hits]
    assert [[p.id for p in h.same_text] for h in results.hits] == [[p.id for p in h.same_text] for h in from_rows.hits]
    assert (results.total, results.facets, results.approximate) == (from_rows.total, from_rows.facets, False)
