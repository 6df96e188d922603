"""CSV and JSON for every result set; search parameters as people write them."""

import csv
import io
import re

import pytest

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows(response) -> list[dict]:
    raw = body(response)
    assert raw.startswith("\ufeff".encode()), "UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def filename(response) -> str:
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_operative_paragraphs_come_with_their_sub_items(collection, client):
    response = client.get("/search.csv", {"document": "A/RES/74/127", "kind": "operative", "sort": "oldest"})
    anchors = [r["anchor"] for r in rows(response)]
    assert anchors[anchors.index("op41") : anchors.index("op41") + 5] == ["op41", "op41a", "op41b", "op41c", "op41d"]
    sub = next(
        r
        for r in rows(client.get("/search.csv", {"document": "A/RES/74/127", "kind": "operative"}))
        if r["anchor"] == "op41d"
    )
    assert sub["parent"] == "op41" and sub["paragraph_kind"] == "subparagraph"
    assert filename(response) == "paragraphs-A_RES_74_127-operative.csv"


@pytest.mark.parametrize(
    "params, name",
    [
        ({}, "paragraphs-all.csv"),
        ({"q": "domestic workers", "session_from": "74"}, "paragraphs-from-session-74-domestic_workers.csv"),
        ({"cites": "UNTS:2220:39481", "doc_kind": "resolution"}, "paragraphs-resolutions-citing-UNTS_2220_39481.csv"),
        ({"session_from": "60", "session_to": "62", "kind": "preambular"}, "paragraphs-preambular-sessions-60-62.csv"),
    ],
)
def test_files_are_named_for_what_they_hold(collection, client, params, name):
    assert filename(client.get("/search.csv", params)) == name


def test_curly_quotes_survive_excel_with_the_bom(collection, client):
    table = rows(client.get("/search.csv", {"q": "women’s", "document": "A/RES/74/127"}))
    assert any("’" in r["text"] for r in table)


def test_footnote_results_as_csv_and_json(collection, client):
    table = rows(client.get("/search/footnotes.csv", {"q": "Treaty Series", "document": "A/RES/74/127"}))
    api = client.get("/api/search/footnotes/", {"q": "Treaty Series", "document": "A/RES/74/127"}).json()
    assert len(table) == api["count"] >= 3
    first = table[0]
    assert first["document"] == "A/RES/74/127" and first["url"].endswith(
        f"/documents/A/RES/74/127/#fn{first['footnote']}"
    )
    assert "International Convention on the Protection of the Rights of All Migrant Workers" in " ".join(
        r["cites"] for r in table
    )
    assert {r["footnote"]["number"] for r in api["results"]} >= {int(first["footnote"])}
    assert all(r["paragraphs"] for r in api["results"])
    page = client.get("/search/", {"q": "Treaty Series", "in": "footnotes"}).content.decode()
    assert "/search/footnotes.csv?" in page and "/api/search/footnotes/?" in page


def test_compare_as_csv_and_json(collection, client):
    slug = "violence-against-women-migrant-workers"
    params = {"from": "62/132", "to": "a/res/74/127"}
    table = rows(client.get(f"/series/{slug}/compare.csv", params))
    data = client.get(f"/api/series/{slug}/compare/", params).json()
    assert data["from"]["symbol"] == "A/RES/62/132" and data["to"]["symbol"] == "A/RES/74/127"
    assert len(table) == len(data["rows"]) == sum(data["counts"].values())
    assert {r["status"] for r in table} >= {"amended", "new"}
    new = next(r for r in table if r["status"] == "new")
    assert new["from_text"] == "" and new["to_text"] and new["to_document"] == "A/RES/74/127"
    changes = client.get(f"/api/series/{slug}/compare/", {**params, "changes": "1"}).json()
    assert all(r["status"] != "unchanged" for r in changes["rows"])
    bad = client.get(f"/api/series/{slug}/compare/", {"from": "70/130"})
    assert bad.status_code == 400 and "A/RES/70/130 is not a resolution of this series" in bad.json()["detail"]
    assert filename(client.get(f"/series/{slug}/compare.csv", params)) == "compare-A_RES_62_132-A_RES_74_127.csv"


def test_history_as_csv_and_json(collection, client):
    table = rows(client.get("/documents/A/RES/80/185/para/pp22/history.csv"))
    data = client.get("/api/documents/A/RES/80/185/paragraphs/pp22/history/").json()
    assert [r["document"] for r in table] == [v["document"]["symbol"] for v in data["versions"]]
    assert table[-1]["document"] == "A/RES/80/185" and table[0]["status"] == "first"
    assert table[0]["date"] == str(collection[table[0]["document"]].adopted)
    amended = [r for r in table if r["status"] == "amended"]
    assert all("[-" in r["changes"] or "{+" in r["changes"] for r in amended)


def test_text_mentions_as_csv(collection, client):
    response = client.get("/instruments/UNTS:2220:39481/mentions.csv")
    table = rows(response)
    assert {(r["document"], r["anchor"]) for r in table} >= {("A/RES/60/139", "op15"), ("A/64/152", "p4")}
    assert filename(response) == "UNTS_2220_39481-text-mentions.csv"


@pytest.mark.parametrize("typed", ["74/127", "a/res/74/127", "A/RES/74/127", " A/res/74/127 "])
def test_a_document_filter_takes_the_symbol_as_people_write_it(collection, client, typed):
    api = client.get("/api/search/", {"document": typed, "q": "migrant"})
    assert api.status_code == 200
    assert api.json()["count"] > 0 and {r["document"]["symbol"] for r in api.json()["results"]} == {"A/RES/74/127"}


def test_a_document_the_archive_does_not_hold_is_an_error_not_zero_results(collection, client):
    page = client.get("/search/", {"document": "70/130"})
    assert page.status_code == 400 and "the archive holds no document A/RES/70/130" in page.content.decode()
    assert client.get("/api/search/", {"document": "a/72/999"}).status_code == 400


@pytest.mark.parametrize(
    "typed",
    [
        "UNTS:2220:39481",
        "unts:2220:39481",
        "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
        "United Nations, Treaty Series, vol. 2220, No. 39481",
        "Treaty Series, vol. 2220, No. 39481",
        "vol. 2220, No. 39481",
        "A/RES/45/158/annex",
        "resolution 45/158, annex",
    ],
)
def test_an_instrument_filter_takes_its_name_alias_and_identifier(collection, client, typed):
    expected = client.get("/api/search/", {"cites": "UNTS:2220:39481"}).json()["count"]
    got = client.get("/api/search/", {"cites": typed})
    assert got.status_code == 200, got.json()
    assert got.json()["count"] == expected > 0


def test_an_instrument_nobody_cites_is_an_error(collection, client):
    response = client.get("/search/", {"cites": "Treaty of Westphalia"})
    assert (
        response.status_code == 400
        and "no instrument in the archive is called or cited as" in response.content.decode()
    )


def test_a_symbol_not_held_says_so_with_the_official_link(collection, client):
    html = client.get("/search/", {"q": "70/130"}).content.decode()
    assert "The archive does not hold <strong>A/RES/70/130</strong>" in html
    assert 'href="https://undocs.org/A/RES/70/130"' in html
    # A/72/215 names it in its text: those paragraphs are found, and every facet heading has values
    assert re.findall(r"<h3>Session</h3><ul><li>", html)
    nothing = client.get("/search/", {"q": "64/139"}).content.decode()  # named nowhere in the archive
    assert "The archive does not hold <strong>A/RES/64/139</strong>" in nothing
    assert "<h3>Session</h3>" not in nothing  # no empty facet headings
    assert client.get("/search/", {"q": "a/res/74/127"})["Location"] == "/documents/A/RES/74/127/"
