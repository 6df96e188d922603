"""The series index, the series API and the home page count members the same way, and say what they count:
resolutions and reports apart, held or not held; the session filter keeps series with a member in it."""

from __future__ import annotations

import re

import pytest

from archive.models import Series, SeriesMember

pytestmark = pytest.mark.django_db
SLUG = "violence-against-women-migrant-workers"


def _expected(series) -> dict[str, int]:
    members = SeriesMember.objects.filter(series=series)
    return {
        "resolutions_held": members.filter(kind="resolution").exclude(document=None).count(),
        "resolutions_not_held": members.filter(kind="resolution", document=None).count(),
        "reports_held": members.filter(kind="report").exclude(document=None).count(),
        "reports_not_held": members.filter(kind="report", document=None).count(),
    }


def test_index_and_api_give_the_same_labelled_counts(client, collection):
    series = Series.objects.get(slug=SLUG)
    expected = _expected(series)
    assert expected["reports_held"] and expected["resolutions_not_held"]  # the collection has both kinds
    html = client.get("/series/").content.decode()
    for label in ("Resolutions held", "Resolutions not held", "Reports held", "Reports not held"):
        assert f">{label}</th>" in html
    row = re.search(rf'<tr>\s*<td><a href="/series/{SLUG}/">.*?</tr>', html, re.S).group(0)
    shown = {k.replace("-", "_"): int(v) for k, v in re.findall(r'data-count="([\w-]+)">(\d+)<', row)}
    assert shown == expected
    api = next(s for s in client.get("/api/series/").json()["results"] if s["slug"] == SLUG)
    assert {k: api[k] for k in expected} == expected
    assert api["member_count"] == sum(expected.values())
    assert api["held_count"] == expected["resolutions_held"] + expected["reports_held"]


def test_home_counts_not_held_by_kind_as_the_index_does(client, collection):
    html = client.get("/").content.decode()
    totals = {"resolutions_not_held": 0, "reports_not_held": 0}
    for series in Series.objects.all():
        for k in totals:
            totals[k] += _expected(series)[k]
    for k, n in totals.items():
        assert re.search(rf'data-count="{k.replace("_", "-")}">{n}<', html), k


def test_session_filter_keeps_series_with_a_member_in_that_session(client, collection):
    series = Series.objects.get(slug=SLUG)
    sessions = set(SeriesMember.objects.filter(series=series).values_list("session", flat=True))
    gap = next(s for s in range(series.first_session, series.last_session) if s not in sessions)
    html = client.get("/series/", {"session": gap}).content.decode()
    assert f'href="/series/{SLUG}/"' not in html
    member_session = min(sessions)
    assert f'href="/series/{SLUG}/"' in client.get("/series/", {"session": member_session}).content.decode()
    api = client.get("/api/series/", {"session": gap}).json()
    assert SLUG not in [s["slug"] for s in api["results"]]
    offered = [
        int(s) for s in re.findall(r'<option value="(\d+)"', html.split('id="session"')[1].split("</select>")[0])
    ]
    assert gap not in offered or SeriesMember.objects.filter(session=gap).exists()
    assert "Has a member in session" in html
