"""The statements every search sends are prepared once a session and return what they return as sent."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from archive.db import prepared
from archive.models import Paragraph
from archive.search import paragraphs

pytestmark = pytest.mark.django_db

SQL = "SELECT %s::int + 1, '100%%' || %s::text"


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        prepared.execute(cursor, "test", sql, params)
        return cursor.fetchall()


def test_a_statement_is_prepared_once_a_session_and_returns_what_it_returns_as_sent():
    with connection.cursor() as cursor:
        cursor.execute(SQL, [41, "x"])
        as_sent = cursor.fetchall()
    with CaptureQueriesContext(connection) as ctx:
        assert _run(SQL, [41, "x"]) == as_sent == [(42, "100%x")]
        assert _run(SQL, [1, "y"]) == [(2, "100%y")]
    name = prepared.statement_name("test", SQL)
    # PREPARE is the session's set-up, not a statement of the page: each run is one EXECUTE
    assert [q["sql"] for q in ctx.captured_queries] == [f"EXECUTE {name}(41, 'x')", f"EXECUTE {name}(1, 'y')"]
    assert name in _prepared_names()
    assert prepared.statement_text(ctx.captured_queries[0]["sql"]) == SQL


def test_a_prepared_statement_outlives_a_rolled_back_transaction():
    sql = "SELECT %s::int * 2"

    class Stop(Exception):
        pass

    with pytest.raises(Stop), transaction.atomic():
        assert _run(sql, [2]) == [(4,)]
        raise Stop
    assert _run(sql, [3]) == [(6,)]  # not prepared again (which PostgreSQL would refuse): it is still there
    assert prepared.statement_name("test", sql) in _prepared_names()


def test_past_the_limit_of_a_session_a_new_text_is_sent_as_written(monkeypatch):
    connection.ensure_connection()
    monkeypatch.setattr(prepared, "MAX_PER_SESSION", len(prepared._prepared.get(connection.connection, ())) + 1)
    with CaptureQueriesContext(connection) as ctx:
        assert _run("SELECT %s::int - 1", [1]) == [(0,)]
        assert _run("SELECT %s::int - 2", [3]) == [(1,)]
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["EXECUTE", "SELECT"]


def test_only_s_placeholders_are_numbered():
    assert prepared.numbered("SELECT %s, '5%%', %s") == "SELECT $1, '5%', $2"
    with pytest.raises(ValueError):
        prepared.numbered("SELECT %(name)s")


@override_settings(DATABASE_PREPARED_STATEMENTS=False)
def test_turned_off_the_statements_are_sent_as_written():
    with CaptureQueriesContext(connection) as ctx:
        assert _run(SQL, [41, "x"]) == [(42, "100%x")]
    assert ctx.captured_queries[0]["sql"] == "SELECT 41::int + 1, '100%' || 'x'::text"


@pytest.mark.parametrize("q", ["women", "women migrant workers", "CEDAW", "-violence women"])
def test_a_search_is_the_same_with_its_statements_prepared_or_sent_as_written(q):
    def shown(results):
        return [(h.paragraph.id, h.headline, [r.id for r in h.same_text]) for h in results.hits], (
            results.total,
            results.facets,
            [i.id for i in results.instruments],
        )

    with override_settings(DATABASE_PREPARED_STATEMENTS=False):
        as_sent = paragraphs.run_search(Paragraph.objects.body(), q, "relevance", 1)
    with CaptureQueriesContext(connection) as ctx:
        first = paragraphs.run_search(Paragraph.objects.body(), q, "relevance", 1)
        again = paragraphs.run_search(Paragraph.objects.body(), q, "relevance", 1)
    assert shown(first) == shown(again) == shown(as_sent) and as_sent.hits
    executed = [q["sql"].split("(")[0] for q in ctx.captured_queries if q["sql"].startswith("EXECUTE ")]
    # the compiled query, the ranking of its matches (over the whole archive) and the page's rows, in each search
    assert [name.split()[1].rsplit("_", 1)[0] for name in executed] == [
        "search_compile",
        "search_rank",
        "search_hits",
    ] * 2


def _executed(q: str, qs=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        paragraphs.run_search(Paragraph.objects.body() if qs is None else qs, q, "relevance", 1)
    return [q["sql"].split("(")[0].split()[1] for q in ctx.captured_queries if q["sql"].startswith("EXECUTE ")]


def test_the_ranking_statement_is_one_text_for_every_query_of_a_shape():
    """No value of the query is written into the ranking's text (its words, their IDF, the average length):
    two different words of one paragraph each run the one prepared ranking, and so do two pairs of words."""
    one = [_executed(w) for w in ("women", "migrant", "trafficking")]
    two = [_executed(w) for w in ("women migrant", "trafficking persons")]
    rank = [[n for n in names if n.startswith("search_rank")] for names in one + two]
    assert all(len(r) == 1 for r in rank)
    assert rank[0] == rank[1] == rank[2] and rank[3] == rank[4] and rank[0] != rank[3]


def test_a_filtered_ranking_is_sent_as_written():
    """A filter's values (a session range, a kind) need a plan of their own: not a prepared statement's
    generic plan."""
    from django.http import QueryDict

    from archive.filters import ParagraphFilter

    filterset = ParagraphFilter(QueryDict("session_from=1&session_to=79"), queryset=Paragraph.objects.body())
    assert filterset.is_valid()
    names = _executed("women", filterset.qs)
    assert [n.rsplit("_", 1)[0] for n in names] == ["search_compile", "search_hits"]


def _plans(prefix: str) -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE %s", [prefix + "%"]
        )
        return {name: (generic, custom) for name, generic, custom in cursor.fetchall()}


def test_a_search_runs_the_generic_plans_of_its_prepared_statements_from_the_first():
    """PostgreSQL plans a prepared statement anew for its first five runs, and after them while its custom plans
    look cheaper: the ranking's always did (0.7 ms of a rare word's 4.4). The search's transaction runs them
    generic; a statement prepared for a shape no other search has (six words) is never planned for its values."""
    q = "women migrant workers violence trafficking persons"
    before = _plans("search_")
    for _ in range(2):
        paragraphs.run_search(Paragraph.objects.body(), q, "relevance", 1)
    after = _plans("search_")
    ran = {name: (g - before.get(name, (0, 0))[0], c - before.get(name, (0, 0))[1]) for name, (g, c) in after.items()}
    ran = {name.rsplit("_", 1)[0]: counts for name, counts in ran.items() if counts != (0, 0)}
    assert ran["search_rank"] == (2, 0) and ran["search_hits"] == (2, 0)
