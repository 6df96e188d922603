"""A query word's frequency in a row, as BM25 reads it: its occurrences, whichever expression counts them."""

from __future__ import annotations

import pytest
from django.db import connection

from archive.search.compiler import compile_query
from archive.search.ranking import frequency_sql, score_sql

pytestmark = pytest.mark.django_db

COUNTED = "ts_rank_cd('{1,1,1,1}'::float4[], v, %s::tsquery, 0)"  # what counts occurrences of any tsquery


def _frequencies(vectors_sql: str, tsquery: str, params=()) -> list[tuple[float, float]]:
    """(the one-lexeme expression, ts_rank_cd) for each vector ``vectors_sql`` (with ``params``) selects as ``v``."""
    single = frequency_sql("v", tsquery)
    assert "ts_rank(" in single and "ts_rank_cd" not in single  # the cheaper form is the one tested
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {single}, {COUNTED} FROM ({vectors_sql}) t", [tsquery, tsquery, *params])
        return cursor.fetchall()


def test_one_word_s_occurrences_are_counted_exactly_up_to_every_count_a_vector_holds():
    """1 to 300 repeats (a vector keeps at most 255 positions of a lexeme): the closed form of ts_rank is
    ts_rank_cd's count, not an approximation of it."""
    pairs = _frequencies(
        "SELECT to_tsvector('english', repeat('trafficking ', n) || 'persons') AS v FROM generate_series(1, 300) n",
        "'traffick'",
    )
    assert [a for a, _ in pairs] == [b for _, b in pairs]
    assert [int(a) for a, _ in pairs[:3]] == [1, 2, 3] and max(a for a, _ in pairs) == 255


def test_one_word_s_occurrences_in_the_collection_are_ts_rank_cd_s(collection):
    for word in ("women", "trafficking", "migrant", "violence", "states"):
        tsquery = compile_query(word).units[0].tsquery
        pairs = _frequencies(
            "SELECT search AS v FROM archive_paragraph WHERE search @@ %s::tsquery", tsquery, [tsquery]
        )
        assert pairs and all(a == b for a, b in pairs), word
        assert any(b > 1 for _, b in pairs) or word != "women"  # repeats are among them


def test_other_units_are_counted_by_ts_rank_cd():
    """A phrase, or a word with its hyphenated form (an OR, whose ts_rank averages its operands), keeps the
    general count."""
    for tsquery in ("'migrant' <-> 'worker'", "'healthcar' | 'health-car'", "'a' & 'b'"):
        assert frequency_sql("v", tsquery).startswith("ts_rank_cd(")


def test_a_word_s_score_uses_the_one_lexeme_count_and_ranks_as_ts_rank_cd_would(collection):
    compiled = compile_query("trafficking")
    score, params = score_sql(compiled)
    assert "ts_rank(" in score and "ts_rank_cd" not in score
    general = score.replace(frequency_sql('"archive_paragraph"."search"', compiled.units[0].tsquery), COUNTED)
    general = general.replace("v,", '"archive_paragraph"."search",')
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {score}, {general} FROM archive_paragraph WHERE search @@ %s::tsquery",
            [*params, *params, compiled.tsquery],
        )
        scores = cursor.fetchall()
    assert len(scores) > 10 and all(a == b for a, b in scores)
