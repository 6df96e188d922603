"""The JSON API, the CSV downloads and the XML export, endpoint by endpoint (on the default collection)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from archive.export.csv import safe_cell
from archive.models import Paragraph

from .schema_check import body_of, check

# Every endpoint with an example request.
EXAMPLES = [
    ("/api/", "/api/"),
    ("/api/documents/", "/api/documents/?session=74&kind=resolution&series=violence-against-women-migrant-workers"),
    ("/api/documents/{symbol}/", "/api/documents/A/RES/74/127/"),
    ("/api/documents/{symbol}/paragraphs/{anchor}/", "/api/documents/A/RES/74/127/paragraphs/op1/"),
    ("/api/instruments/", "/api/instruments/?kind=treaty&page_size=5"),
    ("/api/instruments/{key}/", "/api/instruments/UNTS:2220:39481/"),
    ("/api/search/", "/api/search/?q=trafficking&kind=operative&session_from=70&sort=oldest"),
    ("/search.csv", "/search.csv?q=trafficking&kind=operative"),
    ("/instruments/{key}/citations.csv", "/instruments/UNTS:2220:39481/citations.csv"),
    ("/documents/{symbol}/akn.xml", "/documents/A/RES/74/127/akn.xml"),
]


@pytest.mark.parametrize("template, url", EXAMPLES)
def test_every_endpoint_answers_its_example_as_the_schema_says(client, collection, template, url):
    response = client.get(url)
    assert response.status_code == 200, body_of(response)[:300]
    check(response, template)


def test_document_list_pages_with_next_and_previous(client, collection):
    first = check(client.get("/api/documents/?page_size=3"), "/api/documents/")
    assert first["count"] == len(collection) and len(first["results"]) == 3 and first["previous"] is None
    assert first["page"] == 1 and first["pages"] == -(-len(collection) // 3) and first["page_size"] == 3
    second = check(client.get(first["next"]), "/api/documents/")
    assert second["page"] == 2 and second["previous"].endswith("page=1&page_size=3")
    assert {d["symbol"] for d in first["results"]}.isdisjoint(d["symbol"] for d in second["results"])
    last = check(client.get(f"/api/documents/?page_size=3&page={first['pages']}"), "/api/documents/")
    assert last["next"] is None and 1 <= len(last["results"]) <= 3


def test_document_has_paragraphs_footnotes_citations_and_links(client, collection):
    data = client.get("/api/documents/A/RES/74/127/").json()
    assert data["links"]["html"] == "http://testserver/documents/A/RES/74/127/"
    assert data["links"]["akn"] == "http://testserver/documents/A/RES/74/127/akn.xml"
    op1 = next(p for p in data["paragraphs"] if p["anchor"] == "op1")
    assert op1["citation"] == "A/RES/74/127, para. 1" and op1["markers"][0]["footnote"] == 23
    fn20 = next(f for f in data["footnotes"] if f["number"] == 20)
    assert fn20["citations"][0]["instrument"]["key"] == "UNTS:2220:39481"
    assert fn20["citations"][0]["instrument"]["links"]["self"] == "http://testserver/api/instruments/UNTS:2220:39481/"
    assert len(fn20["references"]) == 2  # marker 20 is referenced twice


def test_paragraph_links_back_to_its_document_and_neighbours(client, collection):
    data = client.get("/api/documents/A/RES/80/185/paragraphs/op49/").json()
    assert data["document"]["symbol"] == "A/RES/80/185"
    assert data["subitems"][:2] == ["op49a", "op49b"]
    assert data["next"]["anchor"] == "op49a"
    sub = client.get(data["next"]["links"]["self"]).json()
    assert sub["parent"] == "op49" and sub["kind"] == "subparagraph"


def test_instrument_lists_every_citing_paragraph(client, collection):
    data = client.get("/api/instruments/UNTS:2220:39481/").json()
    symbols = {c["document"]["symbol"] for c in data["citations"]}
    assert "A/RES/74/127" in symbols and data["documents"] == len(symbols)
    assert all(c["paragraphs"] for c in data["citations"] if c["document"]["kind"] == "resolution")


def test_instrument_list_filters_by_name_like_the_index_page(client, collection):
    data = check(client.get("/api/instruments/?q=2237"), "/api/instruments/")
    assert [i["key"] for i in data["results"]] == ["UNTS:2237:39574"]
    page = client.get("/instruments/?q=2237").context["instruments"]
    assert [i.key for i in page] == ["UNTS:2237:39574"]
    assert client.get("/api/instruments/?q=" + "x" * 201).status_code == 400


def test_search_matches_the_search_page(client, collection):
    data = check(client.get("/api/search/?q=%22domestic+workers%22&doc_kind=resolution"), "/api/search/")
    assert data["count"] > 0 and all(r["document"]["kind"] == "resolution" for r in data["results"])
    assert all("<mark>" in r["headline"] for r in data["results"])
    assert data["links"]["html"].startswith("http://testserver/search/?")
    symbol = check(client.get("/api/search/?q=74/127"), "/api/search/")
    assert symbol["document"]["symbol"] == "A/RES/74/127"


def test_search_pages_have_next_links(client, collection):
    data = client.get("/api/search/?q=women").json()
    assert data["pages"] > 1 and data["next"].endswith("page=2")
    second = client.get(data["next"]).json()
    assert second["page"] == 2 and second["previous"].endswith("page=1")


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/documents/?session=abc", 400),
        ("/api/documents/?page_size=1000", 400),
        ("/api/documents/?kind=x", 400),
        ("/api/instruments/?sort=x", 400),
        ("/api/search/?sort=x", 400),
        ("/api/search/?page=0", 400),
        ("/api/search/?q=" + "a" * 201, 400),
        ("/api/search/?session_to=NaN", 400),
        ("/api/search/?opening=%00", 400),
        ("/search.csv?kind=heading", 400),
        ("/api/documents/A/RES/1/1/", 404),
        ("/api/documents/A/RES/74/127/paragraphs/op999/", 404),
        ("/api/instruments/nothing/", 404),
        ("/instruments/nothing/citations.csv", 404),
        ("/documents/A/RES/1/1/akn.xml", 404),
        ("/api/nowhere", 404),
        ("/api/instruments/%00/", 404),
        ("/instruments/%00/citations.csv", 404),
        ("/documents/A%00/akn.xml", 404),
    ],
)
def test_errors_are_json(client, collection, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json" and response.json()["status"] == status


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/documents/", "/api/documents/A/RES/74/127/", "/api/search/", "/api/schema/"])
def test_unsafe_methods_get_a_json_405_with_allow_not_a_csrf_page(client, collection, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json" and response.json()["status"] == 405


def test_head_answers_like_get_without_a_body(client, collection):
    get, head = client.get("/api/documents/A/RES/74/127/"), client.head("/api/documents/A/RES/74/127/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == get["Content-Type"] and int(head["Content-Length"]) == len(get.content)


@pytest.mark.parametrize(
    "url", ["/api/documents/", "/api/nowhere/", "/search.csv?q=women", "/api/schema/", "/api/documents/?kind="]
)
def test_every_api_answer_may_be_read_by_any_site(client, collection, url):
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"


def test_queries_are_bounded(client, collection, django_assert_max_num_queries):
    for url, most in [
        ("/api/documents/A/72/215/", 6),
        ("/api/documents/?page_size=100", 3),
        ("/api/instruments/?page_size=100", 3),
        ("/api/instruments/A/RES/48/104/", 5),  # 5: its text mentions
        ("/api/documents/A/RES/74/127/paragraphs/pp5/", 15),
    ]:
        # 4 of the 15: its lineage; 1: its languages; 1: also in; 1: every marker of its footnotes
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body_of(response).decode("utf-8-sig"))))


def test_search_csv_has_every_match_with_the_filters(client, collection):
    api = client.get("/api/search/?q=trafficking&doc_kind=resolution").json()
    response = client.get("/search.csv?q=trafficking&doc_kind=resolution")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv(response)
    assert len(rows) == api["count"]
    assert {r["document_kind"] for r in rows} == {"resolution"}
    from archive.models import Paragraph

    p = Paragraph.objects.get(document__symbol=rows[0]["document"], anchor=rows[0]["anchor"])
    assert rows[0]["text"] == p.text  # commas and quotes survive the quoting


def test_instrument_citations_csv(client, collection):
    rows = _csv(client.get("/instruments/UNTS:2220:39481/citations.csv"))
    assert rows and {r["instrument"] for r in rows} == {"UNTS:2220:39481"}
    assert any(r["document"] == "A/RES/74/127" and r["footnote"] == "20" for r in rows)


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (74, 74),
        (None, ""),
    ],
)
def test_csv_cells_cannot_be_formulas(value, cell):
    assert safe_cell(value) == cell


def test_akn_export_is_served_as_xml(client, collection):
    response = client.get("/documents/A/64/152/akn.xml")
    assert response["Content-Type"].startswith("application/akn+xml")
    assert b'<doc name="report">' in response.content


@pytest.mark.django_db
def test_document_page_links_its_json_csv_and_xml(collection, client):
    html = client.get("/documents/A/RES/74/127/").content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" type="([^"]+)"', html))
    by_type = {t: href.replace("&amp;", "&") for href, t in links.items()}
    assert client.get(by_type["application/json"]).json()["symbol"] == "A/RES/74/127"
    assert client.get(by_type["application/akn+xml"]).status_code == 200
    csv_response = client.get(by_type["text/csv"])
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    body = Paragraph.objects.body().filter(document__symbol="A/RES/74/127").order_by("position")
    assert [r[4] for r in rows[1:]] == list(body.values_list("anchor", flat=True))
