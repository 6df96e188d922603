"""The API's contract beyond single endpoints: one paging scheme, JSON for every error status, strict
enums, anchors with a dot, footnote references, the search's grouping, approximation and suggestions,
and a generated schema whose examples reach real resources."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.db.models import Count
from django.test import Client

from archive.models import Document, FootnoteReference, Paragraph

from .schema_check import SPEC, body_of, check


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, body_of(response)[:300]
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == status and data["detail"]
    return data


# --- paging -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/documents/", "/api/series/", "/api/instruments/", "/api/search/?q=women", "/api/search/footnotes/?q=Treaty"],
)
def test_every_list_and_search_pages_with_page_and_page_size(client, collection, url):
    sep = "&" if "?" in url else "?"
    first = client.get(f"{url}{sep}page_size=2").json()
    assert {"count", "page", "pages", "page_size", "next", "previous", "results"} <= first.keys()
    assert first["page_size"] == 2 and first["page"] == 1 and len(first["results"]) == min(2, first["count"])
    if first["count"] > 2:
        query = dict(p.split("=", 1) for p in urlsplit(first["next"]).query.split("&"))
        assert query["page"] == "2" and query["page_size"] == "2"
        second = client.get(first["next"]).json()
        assert second["page"] == 2 and second["previous"] and len(second["results"]) >= 1
        assert second["results"] != first["results"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/?limit=5",
        "/api/series/?offset=2",
        "/api/instruments/?limit=5&offset=5",
        "/api/search/?q=women&limit=5",
        "/api/search/footnotes/?offset=20",
    ],
)
def test_limit_and_offset_are_refused_naming_what_replaced_them(client, collection, url):
    data = _json_error(client.get(url), 400)
    assert "page" in data["detail"] and "page_size" in data["detail"]
    assert set(data["fields"]) <= {"limit", "offset"} and data["fields"]


def test_search_page_size_slices_the_same_ranking(client, collection):
    big = client.get("/api/search/?q=women+migrant&page_size=20").json()
    small = client.get("/api/search/?q=women+migrant&page_size=10&page=2").json()
    ids = [(r["document"]["symbol"], r["paragraph"]["anchor"]) for r in big["results"]]
    assert [(r["document"]["symbol"], r["paragraph"]["anchor"]) for r in small["results"]] == ids[10:20]
    assert _json_error(client.get("/api/search/?q=women&page_size=101"), 400)["fields"].keys() == {"page_size"}
    assert _json_error(client.get("/api/search/?q=women&page_size=100&page=101"), 400)["fields"].keys() == {"page"}


# --- error statuses -----------------------------------------------------------------------


def test_an_over_long_request_line_is_a_414(client, collection):
    data = _json_error(client.get("/api/search/?q=" + "a" * 9000), 414)
    assert "8000" in data["detail"]
    page = client.get("/search/?q=" + "a" * 9000)
    assert page.status_code == 414 and page["Content-Type"].startswith("text/plain")
    # a download the API documents outside /api/ answers as the API does (its schema says JSON errors)
    for path in ("/search.csv", "/search/footnotes.csv"):
        assert "8000" in _json_error(client.get(f"{path}?q=" + "a" * 9000), 414)["detail"]
    assert client.get("/api/search/?q=" + "a" * 150).status_code == 200  # within both limits


def test_an_internal_error_is_a_json_500_and_is_logged(collection, monkeypatch, caplog):
    from archive.api import serializers

    def broken(*args, **kwargs):
        raise RuntimeError("planted")

    monkeypatch.setattr(serializers, "document_summary", broken)
    client = Client(raise_request_exception=False)
    data = _json_error(client.get("/api/documents/"), 500)
    assert data["error"] == "Internal Server Error" and "planted" not in data["detail"]  # no internals shown
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)  # the traceback is logged


def test_unknown_paths_and_resources_are_json_404s(client, collection):
    for url in (
        "/api/nowhere/",
        "/api/documents/A/RES/1/1/",
        "/api/documents/A/RES/74/127/paragraphs/op999/",
        "/api/instruments/UNTS:1:1/",
        "/api/series/no-such-series/",
        "/documents/A/RES/1/1/akn.xml",
    ):
        _json_error(client.get(url), 404)
    response = client.post("/api/nowhere/")  # read-only everywhere, and not Django's CSRF page
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD" and response.json()["status"] == 405


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/documents/?kind=", "kind"),
        ("/api/documents/?kind=decision", "kind"),
        ("/api/documents/?session=", "session"),
        ("/api/instruments/?kind=", "kind"),
        ("/api/instruments/?sort=", "sort"),
        ("/api/series/?sort=", "sort"),
        ("/api/search/?kind=", "kind"),
        ("/api/search/?kind=heading", "kind"),
        ("/api/search/?doc_kind=", "doc_kind"),
        ("/api/search/?has_footnotes=", "has_footnotes"),
        ("/api/search/?sort=", "sort"),
        ("/api/search/?lang=", "lang"),
        ("/api/search/?lang=de", "lang"),
        ("/api/search/?in=", "in"),
        ("/api/search/footnotes/?doc_kind=x", "doc_kind"),
        ("/api/documents/A/RES/74/127/?lang=", "lang"),
        ("/api/series/violence-against-women-migrant-workers/compare/?changes=", "changes"),
        ("/search.csv?kind=", "kind"),
        ("/documents/A/RES/74/127/akn.xml?lang=xx", "lang"),
    ],
)
def test_empty_or_unknown_enum_values_are_400s_naming_the_parameter(client, collection, url, field):
    data = _json_error(client.get(url), 400)
    assert field in data["fields"] and field in data["detail"]


def test_a_filter_naming_nothing_held_is_a_400(client, collection):
    data = _json_error(client.get("/api/search/?document=A/RES/1/1"), 400)
    assert "A/RES/1/1" in data["fields"]["document"][0]


# --- defects fixed ------------------------------------------------------------------------


@pytest.fixture
def dotted(collection):
    """A resolution whose paragraph number prints with a dot (A/RES/76/3 op4.1 in the GA corpus)."""
    source = Paragraph.objects.filter(document__symbol="A/RES/74/127", kind="operative").order_by("position").first()
    document = Document.objects.create(
        symbol="A/RES/76/903",
        kind="resolution",
        number="76/903",
        session=76,
        title="A test resolution",
        source_file="test",
        source_format="akn",
        source_fingerprint="0" * 64,
    )
    Paragraph.objects.create(
        document=document, position=0, kind="operative", number="4.1", ordinal=1, text=source.text, anchor="op4.1"
    )
    return document


def test_an_anchor_with_a_dot_has_its_api_and_html_pages(client, dotted):
    data = check(
        client.get("/api/documents/A/RES/76/903/paragraphs/op4.1/"), "/api/documents/{symbol}/paragraphs/{anchor}/"
    )
    assert data["anchor"] == "op4.1" and data["links"]["html"].endswith("/documents/A/RES/76/903/para/op4.1/")
    assert client.get("/documents/A/RES/76/903/para/op4.1/").status_code == 200
    document = check(client.get("/api/documents/A/RES/76/903/"), "/api/documents/{symbol}/")
    assert [p["anchor"] for p in document["paragraphs"]] == ["op4.1"]


def test_search_lists_a_paragraph_whose_anchor_has_a_dot(client, dotted):
    word = max(re.findall(r"\b[a-z]{6,}\b", dotted.paragraphs.get().text.lower()), key=len)
    data = check(client.get(f"/api/search/?q={word}&document=A/RES/76/903&sort=oldest"), "/api/search/")
    assert [r["paragraph"]["anchor"] for r in data["results"]] == ["op4.1"]
    assert client.get(f"/search/?q={word}&document=A/RES/76/903").status_code == 200


def test_paragraph_footnotes_carry_every_marker_pointing_to_them(client, collection):
    shared = (
        FootnoteReference.objects.filter(paragraph__document__symbol="A/RES/74/127")
        .values("footnote_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("footnote_id")
        .first()
    )
    assert shared, "the collection has a footnote referenced twice"
    refs = FootnoteReference.objects.filter(footnote_id=shared["footnote_id"]).select_related("paragraph", "footnote")
    anchor, number = refs[0].paragraph.anchor, refs[0].footnote.number
    data = check(
        client.get(f"/api/documents/A/RES/74/127/paragraphs/{anchor}/"), "/api/documents/{symbol}/paragraphs/{anchor}/"
    )
    footnote = next(f for f in data["footnotes"] if f["number"] == number)
    document = client.get("/api/documents/A/RES/74/127/").json()
    assert footnote["references"] == next(f for f in document["footnotes"] if f["number"] == number)["references"]
    assert {r["paragraph"] for r in footnote["references"]} == {r.paragraph.anchor for r in refs}
    assert all(f["references"] for f in data["footnotes"])


def test_search_in_footnotes_answers_footnotes(client, collection):
    response = client.get("/api/search/?q=Treaty+Series&in=footnotes&doc_kind=resolution")
    assert response.status_code == 302 and response["Location"].startswith("/api/search/footnotes/?")
    data = check(client.get(response["Location"]), "/api/search/footnotes/")
    direct = client.get("/api/search/footnotes/?q=Treaty+Series&doc_kind=resolution").json()
    assert data["count"] == direct["count"] > 0 and data["results"] == direct["results"]
    assert all(r["document"]["kind"] == "resolution" for r in data["results"])
    french = client.get("/api/search/?q=Trait%C3%A9&in=footnotes&lang=fr")
    assert french.status_code == 302 and "lang=fr" in french["Location"]
    data = check(client.get(french["Location"]), "/api/search/footnotes/")
    assert data["language"] == "fr" and data["count"] > 0


def test_search_groups_identical_texts_as_the_page_does(client, collection):
    from archive.search.results import normalized_text

    data = check(client.get("/api/search/?q=migrant+women+workers&page_size=50"), "/api/search/")
    grouped = [r for r in data["results"] if r["same_text"]]
    assert grouped, "agreed language repeats across the series"
    hit = grouped[0]
    text = Paragraph.objects.get(document__symbol=hit["document"]["symbol"], anchor=hit["paragraph"]["anchor"]).text
    for other in hit["same_text"]:
        twin = Paragraph.objects.get(document__symbol=other["symbol"], anchor=other["anchor"])
        assert normalized_text(twin.text) == normalized_text(text) and other["symbol"] != hit["document"]["symbol"]
        assert other["links"]["self"].endswith(f"/paragraphs/{other['anchor']}/")
    page = client.get("/search/?q=migrant+women+workers").context["results"]
    assert [o.label for o in page.hits[0].same_text] == [o["label"] for o in data["results"][0]["same_text"]]


def test_search_says_when_its_ranking_is_approximate(client, collection, monkeypatch):
    from archive.search import paragraphs as engine  # where the ranking rule reads RANK_ALL

    assert client.get("/api/search/?q=women").json()["approximate"] is False
    monkeypatch.setattr(engine, "RANK_ALL", 5)  # "women" then has more matches than the ranking takes in full
    data = check(client.get("/api/search/?q=women"), "/api/search/")
    page = client.get("/search/?q=women").context["results"]
    assert data["approximate"] is True and page.approximate is True and data["ranked"] == page.ranked


def test_search_suggests_a_spelling_from_the_archive(client, collection):
    data = check(client.get("/api/search/?q=traficking"), "/api/search/")
    assert data["suggestion"] == client.get("/search/?q=traficking").context["results"].suggestion == "trafficking"
    assert client.get("/api/search/?q=trafficking").json()["suggestion"] is None


# --- the generated schema -----------------------------------------------------------------


def test_every_path_parameter_has_a_real_example():
    for template, item in SPEC["paths"].items():
        for p in item["get"]["parameters"]:
            if p["in"] == "path":
                assert p.get("example"), (template, p["name"])


def _example_url(template: str) -> str:
    op = SPEC["paths"][template]["get"]
    path = template
    for p in op["parameters"]:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", p["example"])
    return path


@pytest.mark.parametrize("template", sorted(SPEC["paths"]))
def test_every_path_answers_its_examples(client, collection, template):
    response = client.get(_example_url(template))
    assert response.status_code == 200, (template, body_of(response)[:300])
    check(response, template)


@pytest.mark.parametrize(
    "template",
    [
        "/api/documents/{symbol}/",
        "/api/documents/{symbol}/paragraphs/{anchor}/",
        "/api/search/",
        "/search.csv",
        "/documents/{symbol}/akn.xml",
    ],
)
def test_lang_is_in_the_schema(template):
    (lang,) = [p for p in SPEC["paths"][template]["get"]["parameters"] if p["name"] == "lang"]
    assert lang["schema"]["enum"] == ["ar", "zh", "en", "fr", "ru", "es"]


def test_the_schema_is_generated_and_served(client, collection):
    served = client.get("/api/schema/").json()
    assert served["openapi"].startswith("3.1") and served["paths"] == SPEC["paths"]
    assert served["servers"] == [{"url": "http://testserver"}]
    listed = client.get("/api/documents/").json()
    assert "limit" not in listed and "offset" not in listed
