"""Relevance ranks texts: identical texts are one, scored by their best row's BM25 plus ln(copies among
the matches), and the ranking statement fetches its top by distinct texts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from archive.models import Paragraph
from archive.search.compiler import compile_query
from archive.search.paragraphs import run_search
from archive.search.parameters import PAGE_SIZE
from archive.search.ranking import rank_sql, score_sql, search_matches
from archive.search.results import group_identical, normalized_text, text_key
from archive.search.statistics import refresh_statistics

from .made_documents import make_document

SESSION = 91  # above every session of the default collection: these paragraphs are found by a filter
REPEATED = "Invites xeric municipalities to act."
ONCE = "Invites xeric municipalities to plan."  # the same lexeme counts and frequencies: the same BM25


def _qs(sessions):
    return Paragraph.objects.body().filter(document__session__in=sessions)


def _bm25(q: str, sessions) -> dict[str, float]:
    compiled = compile_query(q)
    score, params = score_sql(compiled)
    rows = search_matches(_qs(sessions), compiled).annotate(s=RawSQL(score, params, output_field=FloatField()))
    return {p.text: p.s for p in rows}


@pytest.fixture
def repeated_and_once(db):
    for number in (1, 2, 3):  # the repeated text in three documents, none newer than the other text
        make_document(SESSION, [REPEATED], number)
    make_document(SESSION + 1, [ONCE])
    refresh_statistics()
    return [SESSION, SESSION + 1]


@pytest.mark.django_db
def test_a_text_in_three_documents_outranks_a_newer_one_off_text_of_equal_bm25(collection, repeated_and_once):
    bm25 = _bm25("xeric municipalities", repeated_and_once)
    assert bm25[REPEATED] == pytest.approx(bm25[ONCE]), "a tie by BM25, which newest-first would give to ONCE"
    hits = run_search(_qs(repeated_and_once), "xeric municipalities", "relevance", 1).hits
    assert [h.paragraph.text for h in hits] == [REPEATED, ONCE]
    assert len(hits[0].same_text) == 2 and not hits[1].same_text


@pytest.mark.django_db
def test_copies_are_counted_among_the_rows_searched(collection, repeated_and_once):
    # one document of the three in the filter: one copy each, a true tie, broken newest session first
    qs = _qs(repeated_and_once).exclude(document__symbol__in=["A/RES/91/1", "A/RES/91/2"])
    hits = run_search(qs, "xeric municipalities", "relevance", 1).hits
    assert [h.paragraph.text for h in hits] == [ONCE, REPEATED]


@pytest.mark.django_db
def test_a_much_repeated_text_does_not_fill_the_rows_fetched(collection):
    # one text in 70 documents, 30 texts once each: page 1 is 20 distinct texts from one ranking statement
    for number in range(70):
        make_document(SESSION, [REPEATED], number)
    others = [f"Invites xeric municipalities to report in {2000 + i}." for i in range(30)]
    make_document(SESSION + 1, others)
    refresh_statistics()
    qs = _qs([SESSION, SESSION + 1])
    with CaptureQueriesContext(connection) as statements:
        results = run_search(qs, "xeric municipalities", "relevance", 1)
    assert sum("texts AS" in s["sql"] for s in statements.captured_queries) == 1, "fetched once"
    texts = [h.paragraph.text for h in results.hits]
    assert len(texts) == PAGE_SIZE == len({normalized_text(t) for t in texts}) and results.pages == 2
    assert texts[0] == REPEATED and len(results.hits[0].same_text) == 69
    # the page is the top of the full ranking: one ORDER BY over every match, each row its text's score
    compiled = compile_query("xeric municipalities")
    score, params = rank_sql(compiled)
    full = (
        search_matches(qs, compiled)
        .annotate(s=RawSQL(score, params, output_field=FloatField()))
        .order_by("-s", "-document__session", "document__symbol", "position")
        .values_list(
            "id", "s", "text", "position", "anchor", "document__session", "document__symbol", "document__number"
        )
    )
    from archive.search.results import RankedRow

    assert [h.paragraph.id for h in results.hits] == [g[0].id for g in group_identical([RankedRow(*r) for r in full])][
        :PAGE_SIZE
    ]


@pytest.mark.django_db
def test_every_paragraph_has_its_texts_key(collection):
    ingested = list(Paragraph.objects.values_list("text", "text_key")[:200])
    assert ingested and all(key == text_key(text) for text, key in ingested), "ingest sets the key"
    doc = make_document(SESSION, [])
    Paragraph.objects.bulk_create(  # a path that sets no key: the statistics stage fills it
        [
            Paragraph(document=doc, position=0, kind="operative", text="Urges “all” States;", anchor="op1"),
            Paragraph(document=doc, position=1, kind="operative", text="urges all states.", anchor="op2"),
        ]
    )
    assert refresh_statistics()["keyed"] == 2
    first, second = Paragraph.objects.filter(document=doc).order_by("position")
    assert first.text_key == second.text_key == text_key("Urges all States")
    first.text = "Urges all Member States;"
    first.save(update_fields=["text"])  # a changed text gets its key again
    first.refresh_from_db()
    assert first.text_key == text_key(first.text) != second.text_key
