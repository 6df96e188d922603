"""The one parser of user queries (pure Python): words, phrases, OR, exclusions, and anything else typed."""

import pytest

from archive.search.query import Term, parse_query


def clauses(q):
    return [[(t.text, t.phrase, t.negated) for t in c] for c in parse_query(q).clauses]


def test_words_are_all_required():
    assert clauses("migrant women") == [[("migrant", False, False)], [("women", False, False)]]


def test_or_binds_tighter_than_and():
    assert clauses("migrant women OR girls") == [
        [("migrant", False, False)],
        [("women", False, False), ("girls", False, False)],
    ]
    assert clauses("a or b or c") == [[("a", False, False), ("b", False, False), ("c", False, False)]]


def test_phrases_and_exclusions():
    assert clauses('"domestic workers" -agencies -"private sector"') == [
        [("domestic workers", True, False)],
        [("agencies", False, True)],
        [("private sector", True, True)],
    ]


def test_or_never_joins_an_exclusion():
    assert clauses("trafficking OR -persons") == [[("trafficking", False, False)], [("persons", False, True)]]


@pytest.mark.parametrize("q", ["", "   ", "OR", "-", '"', "&|!()", "OR OR", '""'])
def test_nothing_to_search(q):
    assert not parse_query(q)


def test_operators_and_stray_punctuation_are_text():
    assert clauses("women & | ! (") == [[("women", False, False)]]
    assert clauses('"unterminated phrase') == [[("unterminated phrase", True, False)]]
    assert clauses("'; DROP TABLE x; --") == [
        [("DROP", False, False)],
        [("TABLE", False, False)],
        [("x", False, False)],
    ]


def test_inner_punctuation_is_kept():
    assert clauses("55/25 health-care, U.N.") == [
        [("55/25", False, False)],
        [("health-care", False, False)],
        [("U.N", False, False)],
    ]


def test_compounds_are_hyphenated_words():
    assert Term("health-care").is_compound and Term("self-employed-workers").is_compound
    assert not Term("healthcare").is_compound and not Term("health care", phrase=True).is_compound
    assert not Term("55/25").is_compound


def test_only_exclusions_are_a_query():
    parsed = parse_query("-persons")
    assert parsed and not parsed.positive and [t.text for t in parsed.negated] == ["persons"]
