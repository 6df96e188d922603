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
    last = rows_of(client.get(f"/series/?page={-(-total // 7)}").content.decode(), r'href="/series/([^/"]+)/"')
    # past the end, by a little or by far more digits than a page number has, is the last page
    for beyond in ("999", "99999999999999999999"):
        assert rows_of(client.get(f"/series/?page={beyond}").content.decode(), r'href="/series/([^/"]+)/"') == last
    first = rows_of(client.get("/series/").content.decode(), r'href="/series/([^/"]+)/"')
    for bad in ("abc", "²", "-3", "1.5"):
        assert rows_of(client.get("/series/", {"page": bad}).content.decode(), r'href="/series/([^/"]+)/"') == first
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


def test_a_session_page_lists_resolutions_in_the_assembly_s_number_order(client):
    for n in (100, 9, 10, 1, 2, 11):
        Document.objects.create(
            symbol=f"A/RES/81/{n}", kind="resolution", number=f"81/{n}", session=81, title=f"R{n}", source_file="x.xml"
        )
    html = client.get("/sessions/81/").content.decode()
    shown = [int(m) for m in re.findall(r'href="/documents/A/RES/81/(\d+)/"', html)]
    assert list(dict.fromkeys(shown)) == [1, 2, 9, 10, 11, 100]


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
