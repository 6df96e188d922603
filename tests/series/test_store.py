"""The series derive stage on the database: detected series stored, written only where they changed, in
a number of queries that does not grow with the number of series."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Document, Series, SeriesMember
from archive.series.store import update_series

pytestmark = pytest.mark.django_db

TITLES = [
    "Agricultural technology for sustainable development",
    "Oceans and the law of the sea",
    "Rights of the child",
    "Entrepreneurship for sustainable development",
    "Cooperation between the United Nations and the African Union",
]


def make(title: str, session: int, number: int) -> Document:
    return Document.objects.create(
        symbol=f"A/RES/{session}/{number}",
        kind="resolution",
        number=f"{session}/{number}",
        session=session,
        title=title,
        source_file="x.xml",
        source_format="akn",
        source_fingerprint=f"{session}/{number}",
    )


def made_series(titles) -> None:
    for title in titles:
        for session in (75, 77, 79):
            make(title, session, 300 + TITLES.index(title))


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def rerun_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        assert update_series() == 0
    assert writes(queries) == []
    return len(queries)


def test_detected_series_are_stored_and_a_rerun_writes_nothing_in_as_many_queries_for_more_series(collection):
    made_series(TITLES[:2])
    assert update_series() == 6  # two series of three members
    few = rerun_queries()
    made_series(TITLES[2:])
    assert update_series() == 9  # only the three new series' rows are written
    assert rerun_queries() == few
    stored = Series.objects.filter(detected=True, title__in=TITLES)
    assert stored.count() == len(TITLES)
    for series in stored:
        assert list(series.members.order_by("session").values_list("session", flat=True)) == [75, 77, 79]
        assert series.held_count == 3 and (series.first_session, series.last_session) == (75, 79)


def test_a_member_added_rewrites_its_series_only(collection):
    made_series(TITLES[:2])
    update_series()
    other = Series.objects.get(title=TITLES[1])
    kept = set(other.members.values_list("id", flat=True))
    make(TITLES[0], 80, 300)  # a fourth session of the first series
    assert update_series() == 4
    assert list(Series.objects.get(title=TITLES[0]).members.values_list("session", flat=True).order_by("session")) == [
        75,
        77,
        79,
        80,
    ]
    assert set(other.members.values_list("id", flat=True)) == kept
    assert SeriesMember.objects.filter(series__title=TITLES[0]).count() == 4
