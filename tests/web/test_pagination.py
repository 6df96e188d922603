"""Every list page that can grow is paginated: a page holds at most its size, the pages together
hold every row once, and a bad page number is the nearest page, never an error."""

import re

import pytest

from archive.models import Document, Instrument, Series, SeriesMember
from archive.views import documents, instruments, series

pytestmark = pytest.mark.django_db


def make_series(n):
    Series.objects.bulk_create(
        [
            Series(
                slug=f"s-{i:03d}",
                title=f"Series {i:03d}",
                detected=True,
                committee="Third Committee",
                first_session=74,
                last_session=76,
                held_count=2,
                member_count=2,
            )
            for i in range(n)
        ]
    )


def rows_of(html, pattern):
    return re.findall(pattern, html)


def test_series_index_pages(client, monkeypatch):
    monkeypatch.setattr(series, "PER_PAGE", 7)
    make_series(20)
    total = Series.objects.count()
    seen = []
    for page in range(1, -(-total // 7) + 1):
        html = client.get(f"/series/?page={page}").content.decode()
        found = rows_of(html, r'href="/series/([^/"]+)/"')
        assert len(found) <= 7
        seen += found
    assert sorted(seen) == sorted(Series.objects.values_list("slug", flat=True))
    assert client.get("/series/?page=999").status_code == 200
    assert client.get("/series/?page=abc").status_code == 200
    assert client.get("/series/?session=x").status_code == 400


def test_series_index_filters_and_counts(client):
    make_series(3)
    Series.objects.filter(slug="s-001").update(committee="Sixth Committee", first_session=78, last_session=80)
    html = client.get("/series/?committee=Sixth+Committee").content.decode()
    assert "Series 001" in html and "Series 002" not in html and "1 series" in html
    # the session filter keeps the series with a member in that session (not those whose span merely covers it)
    for slug, session in (("s-002", 75), ("s-000", 74), ("s-000", 76)):
        SeriesMember.objects.create(
            series=Series.objects.get(slug=slug), kind="resolution", session=session, symbol=f"A/RES/{session}/1"
        )
    html = client.get("/series/?session=75").content.decode()
    assert "Series 002" in html and "Series 001" not in html and "Series 000" not in html
    data = client.get("/api/series/?committee=Sixth+Committee").json()
    assert data["count"] == 1 and data["results"][0]["slug"] == "s-001"


def test_session_page_pages(client, collection, monkeypatch):
    monkeypatch.setattr(documents, "SESSION_PAGE", 1)
    held = list(Document.objects.filter(session=72).values_list("symbol", flat=True))
    assert len(held) >= 2
    seen = []
    for page in range(1, len(held) + 1):
        html = client.get(f"/sessions/72/?page={page}").content.decode()
        seen += [s for s in held if f'href="/documents/{s}/"' in html.split("session-docs")[1].split("</table>")[0]]
    assert sorted(seen) == sorted(held)


def test_instruments_index_pages(client, collection, monkeypatch):
    monkeypatch.setattr(instruments, "INSTRUMENTS_PAGE", 10)
    total = Instrument.objects.count()
    first = client.get("/instruments/").content.decode()
    assert f"{total} instruments" in first and "Page 1 of" in first
    body = first.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 10


def test_home_page_does_not_list_every_document(client, collection):
    Document.objects.create(
        symbol="A/RES/77/999",
        kind="resolution",
        number="77/999",
        session=77,
        title="Unrelated",
        source_file="x.xml",
        source_format="akn",
        source_fingerprint="x",
    )
    html = client.get("/").content.decode()
    assert "A/RES/77/999" not in html
    assert "A/RES/74/127" in html
