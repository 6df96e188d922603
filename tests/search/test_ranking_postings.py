"""A word in many paragraphs is ranked from its postings (``TermPosting``): the same ranking, scores, count
and facets as the rows' own vectors give, and the rows' ranking whenever the postings fall behind."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Document, Paragraph, TermPosting, TermStatistic
from archive.search import ranking
from archive.search.compiler import compile_query
from archive.search.paragraphs import run_search
from archive.search.ranking import matching, posted_lexeme, rank_all, rank_posted
from archive.search.statistics import refresh_statistics

WORDS = ["women", "trafficking", "migrant"]


def body():
    return Paragraph.objects.body()


@pytest.fixture
def posted(collection, monkeypatch):
    """The default collection with postings for every lexeme of at least two paragraphs (far below the
    archive's threshold: the collection is small)."""
    monkeypatch.setattr(ranking, "POSTED_FROM", 2)
    refresh_statistics()
    return collection


def _heap(q, limit):
    compiled = compile_query(q)
    return rank_all(matching(body(), compiled), compiled, limit)


@pytest.mark.django_db
@pytest.mark.parametrize("q", WORDS)
def test_the_postings_rank_as_the_rows_do(posted, q):
    """Scores equal to the float (the ties depend on it), the same rows, count and facets."""
    compiled = compile_query(q)
    lexeme = posted_lexeme(compiled)
    assert lexeme and TermPosting.objects.filter(lexeme=lexeme).count() == compiled.estimate
    for limit in (1, 5, 1000):
        from_postings, from_rows = rank_posted(compiled, lexeme, limit), _heap(q, limit)
        assert from_postings is not None
        assert sorted(from_postings.top) == sorted(from_rows.top)  # ties in either order: the page breaks them
        assert sorted(from_postings.rows) == sorted(from_rows.rows)
        assert (from_postings.total, from_postings.more) == (from_rows.total, from_rows.more)
        assert from_postings.facets == from_rows.facets


@pytest.mark.django_db
@pytest.mark.parametrize("q", WORDS)
def test_the_search_page_reads_the_postings_and_shows_the_rows_ranking(posted, q, monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        results = run_search(body(), q, "relevance", 1)
    assert any("archive_termposting" in query["sql"] for query in queries)
    monkeypatch.setattr(ranking, "POSTED_FROM", 10**9)  # no word posted: the rows ranked
    with CaptureQueriesContext(connection) as queries:
        from_rows = run_search(body(), q, "relevance", 1)
    assert not any("archive_termposting" in query["sql"] for query in queries)
    assert [h.paragraph.id for h in results.hits] == [h.paragraph.id for h in from_rows.hits]
    assert [[p.id for p in h.same_text] for h in results.hits] == [[p.id for p in h.same_text] for h in from_rows.hits]
    assert (results.total, results.pages, results.facets) == (from_rows.total, from_rows.pages, from_rows.facets)


@pytest.mark.django_db
def test_only_one_lexeme_over_the_whole_archive_is_read_from_postings(posted):
    assert posted_lexeme(compile_query("women"))
    for q in ["women -trafficking", "women trafficking", '"migrant workers"', "healthcare"]:
        assert posted_lexeme(compile_query(q)) is None, q
    session = Document.objects.order_by("session").values_list("session", flat=True).first()
    filtered = run_search(body().filter(document__session=session), "women", "relevance", 1)
    assert all(h.paragraph.document.session == session for h in filtered.hits)


@pytest.mark.django_db
def test_postings_behind_the_paragraphs_leave_the_ranking_to_the_rows(posted):
    """Postings not rebuilt since the paragraphs changed are not read: the rows are ranked instead."""
    compiled = compile_query("women")
    before = run_search(body(), "women", "relevance", 1)
    TermPosting.objects.filter(id__in=TermPosting.objects.filter(lexeme="women").values("id")[:1]).delete()
    assert rank_posted(compiled, "women", 20) is None
    after = run_search(body(), "women", "relevance", 1)
    assert [h.paragraph.id for h in after.hits] == [h.paragraph.id for h in before.hits]
    assert after.total == before.total == TermStatistic.objects.get(lexeme="women").paragraphs


@pytest.mark.django_db
def test_a_deleted_document_takes_its_postings_with_it(posted):
    held = TermPosting.objects.filter(lexeme="women").values_list("paragraph__document_id", flat=True).first()
    assert TermPosting.objects.filter(paragraph__document_id=held).exists()
    Document.objects.filter(id=held).delete()
    assert not TermPosting.objects.filter(paragraph__document_id=held).exists()


@pytest.mark.django_db
def test_an_edited_paragraph_or_document_is_ranked_from_the_rows(posted):
    """An admin edit may change a text, a kind or a session that the postings copied: its postings go, and
    the word's ranking reads the rows (what they now say) until ingest rebuilds them."""
    women = TermPosting.objects.filter(lexeme="women")
    edited = Paragraph.objects.get(id=women.order_by("paragraph_id").values_list("paragraph_id", flat=True)[0])
    edited.text = "The Assembly notes the report."
    edited.save()
    assert not TermPosting.objects.filter(paragraph=edited).exists()
    assert rank_posted(compile_query("women"), "women", 20) is None
    results = run_search(body(), "women", "relevance", 1)
    assert results.total == body().search("women").count() == women.count()
    document = women.values_list("paragraph__document_id", flat=True).first()
    Document.objects.get(id=document).save()
    assert not TermPosting.objects.filter(paragraph__document_id=document).exists()
    assert TermPosting.objects.filter(lexeme="women").exists()  # the others' postings stay
