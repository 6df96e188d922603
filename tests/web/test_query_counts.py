"""Pages render in a fixed, small number of queries, whatever the document's size (no N+1)."""

import pytest

PAGES = {
    # path: queries (session/auth middleware make none: the pages are anonymous)
    # featured series, its documents, its members not held, kinds, series, not held, paragraphs, footnotes, instruments
    "/": 9,
    # document, languages; the assembly: paragraphs (with their markers, stored spans and whether each symbol
    # named is held, their reach), footnotes, citations, reports answering, lineage (alignment, links, origins,
    # members); the page: previous, next, members between, members for the report links
    "/documents/A/RES/74/127/": 14,
    "/documents/A/RES/60/139/": 14,  # the first of its series: the same queries
    "/documents/A/64/152/": 9,  # a report: no lineage, no reports answering
    "/documents/A/72/215/": 9,
    # document, languages, its document's assembly (no series navigation), + its versions in every language and
    # where its language stands
    "/documents/A/RES/74/127/para/op38/": 14,
    # instrument, aliases; citations counted by session, the page's citations, their citing paragraphs;
    # mentions counted, the page's mentions
    "/instruments/UNTS:2220:39481/": 7,
    "/instruments/": 2,  # the page and the count
    "/documents/A/72/215/source/": 3,  # document, paragraphs (for where each anomaly stands), language versions  # 128 instruments with their citing counts and sessions: one query
    "/instruments/?q=55/25&kind=treaty": 2,
    "/series/violence-against-women-migrant-workers/": 3,
    "/series/": 5,  # count, page, members not held of the page, committees, sessions covered
    "/series/?committee=Third+Committee&session=74": 5,
    "/sessions/": 2,
    "/sessions/74/": 4,
    # compile (with the timeout and the instruments the words name), the ranking with its count, facets and
    # top rows, the page with headlines; the savepoints around them
    "/search/?q=migrant": 5,
}


@pytest.mark.parametrize("path, expected", PAGES.items())
@pytest.mark.django_db
def test_page_query_count_is_pinned(collection, client, django_assert_num_queries, path, expected):
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_resolution_page_queries_do_not_grow_with_paragraphs(collection, client, django_assert_num_queries):
    """74/127 (88 paragraphs, 36 footnotes) and 60/139 (33, 12) take the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for symbol in ("A/RES/60/139", "A/RES/74/127", "A/RES/80/185"):
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/documents/{symbol}/")
        counts.append(len(ctx))
    assert len(set(counts)) == 1
