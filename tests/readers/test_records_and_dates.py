"""Resolution pages: the vote by Member State, sponsors, subjects and committee report from the metadata
record, "no record held" elsewhere; sessions filtered by a Member State's vote; one date format."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def section(html: str, start: str, end: str = "</section>") -> str:
    i = html.index(start)
    return html[i : html.index(end, i)]


def names(block: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)]


def test_a_recorded_vote_names_every_member_state_and_its_sponsors(collection, client):
    html = client.get("/documents/A/RES/80/185/").content.decode()
    record = section(html, 'id="record"')
    in_favour = section(record, 'class="vote vote-in_favour"', "</details>")
    against = section(record, 'class="vote vote-against"', "</details>")
    assert ">175<" in in_favour and len(names(in_favour)) == 175
    assert names(against) == ["Argentina", "Israel", "United States of America"]
    additional = section(record, 'class="additional-sponsors"', "</details>")
    assert "Additional sponsors: 26" in additional and len(names(additional)) == 26
    assert 'href="https://undocs.org/A/80/545">A/80/545, para. 5<' in record
    assert "WOMEN MIGRANT WORKERS" in record and "(UNBIS Thesaurus)" in record


def test_a_resolution_adopted_without_a_vote_says_so_and_lists_its_39_additional_sponsors(collection, client):
    record = section(client.get("/documents/A/RES/74/127/").content.decode(), 'id="record"')
    assert "Adopted without a vote" in record
    assert "Additional sponsors: 39" in record
    assert "Women&#x27;s Rights" in record  # the record's "Women'S Rights" reads as printed English
    assert 'href="https://undocs.org/A/74/392">A/74/392, para. 21<' in record


@pytest.mark.parametrize("symbol, kind", [("A/RES/60/139", "resolution"), ("A/64/152", "document")])
def test_documents_without_a_record_say_none_is_held(collection, client, symbol, kind):
    record = section(client.get(f"/documents/{symbol}/").content.decode(), 'id="record"')
    assert f"No metadata record is held for this {kind}" in record
    assert "vote-in_favour" not in record


def test_member_state_names_come_from_the_name_table(collection):
    from archive.parsing.member_states import name_table

    d = collection["A/RES/80/185"]
    table = set(name_table().by_key.values())
    for how in ("in_favour", "against", "abstaining", "sponsors", "additional_sponsors"):
        assert {s["name"] for s in d.metadata["member_states"][how]} <= table


@pytest.mark.parametrize(
    "state, vote, found",
    [
        ("united states", "against", ["A/RES/80/185"]),  # any case, the short form
        ("TURKEY", "in_favour", ["A/RES/80/185"]),  # a former name
        ("Albania", "against", []),
        ("Hungary", "abstaining", ["A/RES/80/185"]),
    ],
)
def test_a_session_page_filters_by_how_a_member_state_voted(collection, client, state, vote, found):
    response = client.get("/sessions/80/", {"state": state, "vote": vote})
    assert response.status_code == 200
    rows = re.findall(r'<tr><td><a href="/documents/([^"]+)/">', response.content.decode())
    assert rows == found


@pytest.mark.parametrize(
    "params, message",
    [
        ({"state": "Narnia", "vote": "against"}, "is not the name of a Member State"),
        ({"state": "Albania", "vote": "maybe"}, "Vote must be in favour, against or abstaining"),
        ({"vote": "against"}, "Choose a Member State"),
    ],
)
def test_a_bad_vote_filter_is_a_400_that_says_why(collection, client, params, message):
    response = client.get("/sessions/80/", params)
    assert response.status_code == 400 and message in response.content.decode()


def test_the_queryset_reads_votes_from_the_normalised_lists(collection):
    from archive.models import Document

    assert list(Document.objects.voted("Israel", "against").values_list("symbol", flat=True)) == ["A/RES/80/185"]
    assert not Document.objects.voted("Israel", "in_favour").exists()
    with pytest.raises(ValueError):
        Document.objects.voted("Israel", "present")


DATE = re.compile(
    r"<time datetime=\"(\d{4})-(\d\d)-(\d\d)\">(\d{1,2}) (January|February|March|April|May|June|July|August|"
    r"September|October|November|December) (\d{4})</time>"
)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sessions/64/",
        "/series/violence-against-women-migrant-workers/",
        "/documents/A/64/152/",
        "/documents/A/RES/60/139/",
        "/documents/A/RES/76/141/para/op5/",
    ],
)
def test_one_date_format_everywhere(collection, client, path):
    html = client.get(path).content.decode()
    assert DATE.search(html), path
    assert not re.search(
        r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? \d{1,2}, \d{4}\b", html
    )  # "July 16, 2009"
    assert not re.search(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b", html)  # "16 Dec 2005"


def test_reports_are_dated_from_their_masthead_on_home_and_series_pages(collection, client):
    for path in ("/", "/series/violence-against-women-migrant-workers/"):
        html = client.get(path).content.decode()
        assert '<time datetime="2009-07-16">16 July 2009</time>' in html, path


def test_a_lost_date_is_said_on_the_page_and_in_the_source_report_never_guessed(collection, client):
    d = collection["A/72/215"]
    assert d.distributed is None and d.adopted is None
    lost = [a for a in d.anomalies if a["code"] == "missing_metadata" and "date" in a["message"]]
    assert len(lost) == 1 and "Distr.: General" in lost[0]["message"] and lost[0]["line"] == 5
    page = client.get("/documents/A/72/215/").content.decode()
    assert "the source's masthead keeps no legible date" in page
    report = client.get("/documents/A/72/215/source/").content.decode()
    assert "keeps no legible date" in report
    assert "undated" in client.get("/sessions/72/").content.decode()


def test_the_ocr_parser_reads_a_masthead_date_when_the_ocr_kept_it():

    from archive.parsing import parse_text

    source = settings.BASE_DIR / "fixtures" / "sources" / "A_72_215.txt"
    text = source.read_text(encoding="utf-8").replace("\\ Distr.: General", "Distr.: General\n21 July 2017", 1)
    doc = parse_text(text, "A_72_215.txt")
    assert str(doc.distributed) == "2017-07-21"
    assert not any(a.code == "missing_metadata" and "date" in a.message for a in doc.anomalies)


def test_the_record_in_json(collection, client):
    data = client.get("/api/documents/A/RES/80/185/").json()["record"]
    assert data["votes"]["in_favour"]["count"] == 175 == len(data["votes"]["in_favour"]["states"])
    assert [s["name"] for s in data["votes"]["against"]["states"]] == [
        "Argentina",
        "Israel",
        "United States of America",
    ]
    assert len(data["additional_sponsors"]) == 26 and data["committee_report"] == "A/80/545, para. 5"
    assert client.get("/api/documents/A/RES/60/139/").json()["record"] is None
