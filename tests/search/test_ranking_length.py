"""Relevance's length and ties: a paragraph's length is its distinct lexemes, normalised fully against the
average; repeats saturate; equal scores break newest session first."""

from __future__ import annotations

import pytest
from django.db import connection

from archive.models import CorpusStatistic, Paragraph
from archive.search.compiler import compile_query
from archive.search.indexing import indexed
from archive.search.paragraphs import run_search
from archive.search.ranking import rank_all, search_matches
from archive.search.statistics import refresh_statistics

from .made_documents import make_document

SESSION = 91  # above every session of the default collection: these paragraphs are found by a filter


def _texts(q: str, sessions: list[int]) -> list[str]:
    qs = Paragraph.objects.body().filter(document__session__in=sessions)
    return [h.paragraph.text for h in run_search(qs, q, "relevance", 1).hits]


def _lexemes(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT length(to_tsvector('english', %s))", [indexed(text)])  # as the index reads it
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_average_length_is_the_mean_of_the_vectors_distinct_lexemes(collection):
    refresh_statistics()
    corpus = CorpusStatistic.objects.get(name="paragraphs")
    texts = list(Paragraph.objects.body().values_list("text", flat=True))
    assert corpus.average_lexemes == pytest.approx(sum(_lexemes(t) for t in texts) / len(texts))
    assert compile_query("trafficking").average_length == pytest.approx(corpus.average_lexemes)


@pytest.mark.django_db
def test_the_paragraph_that_says_least_else_ranks_first_though_longer_in_bytes(collection):
    # the same query words once in each; the first says little else (its other words repeat), the
    # second is shorter in bytes but names more different things: by lexemes the first is shorter
    repetitive = (
        "Urges States to protect zymotic labourers, and again urges States to protect them, "
        "and urges States again and again to protect them."
    )
    varied = "Urges zymotic labourers' unions, employers, recruiters, consulates, courts to act."
    assert len(repetitive.encode()) > len(varied.encode()) and _lexemes(repetitive) < _lexemes(varied)
    make_document(SESSION, [varied, repetitive])
    refresh_statistics()
    assert _texts("zymotic labourers", [SESSION]) == [repetitive, varied]


@pytest.mark.django_db
def test_a_short_paragraph_with_the_words_outranks_a_long_one_repeating_a_word(collection):
    answer = "Condemns debt bondage of quokka herders by recruiters."
    # many different words, and the commoner query word fourteen times
    long = (
        "Recalls its previous resolutions on the protection of migrants, the reports of the special "
        "rapporteurs, the conventions of the international labour organization and the declarations of "
        "regional conferences on employment, housing, schooling, pensions, transport and health; "
        + "quokka "
        + " ".join(["debt"] * 14)
        + " and notes bondage."
    )
    make_document(SESSION, [long, answer])
    refresh_statistics()
    assert _texts("quokka debt bondage", [SESSION]) == [answer, long]
    assert _texts("quokka debt", [SESSION])[0] == answer, "fourteen repeats saturate: they do not win"


@pytest.mark.django_db
def test_equal_scores_break_newest_session_first(collection):
    # different texts (so not grouped) with the same lexemes counts and frequencies: the same score
    older, newer, newest = (
        "Invites xeric municipalities to act.",
        "Invites xeric municipalities to move.",
        "Invites xeric municipalities to plan.",
    )
    make_document(SESSION, [older])
    make_document(SESSION + 2, [newest])
    make_document(SESSION + 1, [newer])
    refresh_statistics()
    sessions = [SESSION, SESSION + 1, SESSION + 2]
    compiled = compile_query("xeric municipalities")
    qs = Paragraph.objects.body().filter(document__session__in=sessions)
    scores = {s for _, s in rank_all(search_matches(qs, compiled), compiled, 10).top}
    assert len(scores) == 1, "a true tie"
    assert _texts("xeric municipalities", sessions) == [newest, newer, older]
