"""The ranking's rows over the whole archive, selected by a statement written once, are the queryset's."""

from __future__ import annotations

import pytest

from archive.models import Paragraph
from archive.search.compiler import compile_query
from archive.search.ranking import rank_all, search_matches

pytestmark = pytest.mark.django_db

QUERIES = ["women", "trafficking persons", '"migrant workers"', "-violence women", "CEDAW", "health-care", "debt"]


@pytest.mark.parametrize("q", QUERIES)
def test_the_written_statement_ranks_what_the_queryset_ranks(collection, q):
    compiled = compile_query(q)
    for _ in range(6):  # past PostgreSQL's first five custom plans: the prepared statement's generic plan
        rank_all(None, compiled, 21, whole=True)
    matches = search_matches(Paragraph.objects.body(), compiled)
    written = rank_all(matches, compiled, 21, whole=True)
    compiled_from_queryset = rank_all(matches, compiled, 21)
    assert written.total == compiled_from_queryset.total == matches.count()
    # the same rows and scores (the statement returns the top in no order: the page sorts it)
    assert sorted(written.top) == sorted(compiled_from_queryset.top)
    assert sorted(written.rows) == sorted(compiled_from_queryset.rows)
    assert written.facets == compiled_from_queryset.facets


def test_the_cap_counts_the_same(collection):
    compiled = compile_query("women")
    matches = search_matches(Paragraph.objects.body(), compiled)
    n = matches.count()
    assert n > 3
    assert rank_all(matches, compiled, 21, cap=n - 1, whole=True) is None
    assert rank_all(matches, compiled, 21, cap=n, whole=True).total == n
