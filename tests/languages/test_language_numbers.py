"""Sub-item labels as each language prints them, on the page and in the AKN export alike; what the
archive does not hold in a language (the enacting formula, the cover title) is not labelled as it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db
PRINTED = {"fr": "a)", "es": "a)", "ru": "a)", "ar": "(أ)", "en": "(a)"}


@pytest.mark.parametrize("symbol", ["A/RES/74/127", "A/RES/76/141", "A/RES/80/185"])
@pytest.mark.parametrize("code", list(PRINTED))
def test_sub_item_labels_as_printed_on_the_page_and_in_the_export(client, collection, symbol, code):
    html = client.get(f"/documents/{symbol}/?lang={code}").content.decode()
    labels = re.findall(r'<div class="para para-subparagraph[^>]*>\s*<span class="num"[^>]*>([^<]+)</span>', html)
    assert labels and labels[0] == PRINTED[code], labels[:3]
    assert not [x for x in labels if x.count(")") > x.count("(") + 1 or re.match(r"\(\d", x)]
    xml = client.get(f"/documents/{symbol}/akn.xml", {"lang": code}).content.decode()
    points = re.findall(r"<(?:akn:)?point [^>]*>\s*<(?:akn:)?num>([^<]+)<", xml)
    assert points and points[0] == PRINTED[code], points[:3]


@pytest.mark.parametrize("code", ["fr", "ar", "zh", "ru", "es"])
def test_no_english_cover_title_or_formula_in_another_language_expression(client, collection, code):
    xml = client.get("/documents/A/RES/80/185/akn.xml", {"lang": code}).content.decode()
    assert "Resolution adopted by the General Assembly" not in xml
    assert "The General Assembly" not in xml
    html = client.get(f"/documents/A/RES/80/185/?lang={code}").content.decode()
    formula = re.search(r'<p class="formula"[^>]*>.*?</p>', html, re.S).group(0)
    # the language's own formula, which ingest stored
    assert f'lang="{code}"' in formula and "in English" not in formula


FORMULAS = {
    "fr": "L’Assemblée générale,",
    "es": "La Asamblea General,",
    "ru": "Генеральная Ассамблея,",
    "ar": "إن الجمعية العامة،",
    "zh": "大会，",
}


def _source_version(symbol: str, code: str):
    """The version as the parser and the alignment give it to ingest, from the source file."""
    from pathlib import Path

    from archive.parsing.akn import parse
    from archive.parsing.languages import align

    root = Path(__file__).resolve().parents[2] / "fixtures"
    session = symbol.split("/")[2]
    english = next((root / "akn").glob(f"*{session}_{symbol.split('/')[3]}*.xml"))
    letter = {"ar": "A", "zh": "C", "fr": "F", "ru": "R", "es": "S"}[code]
    other = next((root / "languages" / session).glob(f"*{letter}.xml"))
    en = parse(english.read_text(encoding="utf-8"), str(english))
    return align(en, parse(other.read_text(encoding="utf-8"), str(other)))


@pytest.mark.parametrize("code", list(FORMULAS))
def test_each_language_carries_its_own_formula_and_cover_title(code):
    version = _source_version("A/RES/80/185", code)
    assert version.formula == FORMULAS[code]
    assert version.cover_title and "2025" in version.cover_title and "General Assembly" not in version.cover_title


@pytest.mark.parametrize("code", list(FORMULAS))
def test_page_and_export_give_the_held_formula_and_cover_title(client, collection, code):
    from lxml import etree

    from archive.models import DocumentVersion

    from .test_language_api import XSD

    version = _source_version("A/RES/80/185", code)
    # ingest stored the aligned version's own formula and cover title
    stored = DocumentVersion.objects.get(document__symbol="A/RES/80/185", language=code)
    assert (stored.formula, stored.cover_title) == (version.formula, version.cover_title)
    html = client.get(f"/documents/A/RES/80/185/?lang={code}").content.decode()
    formula = re.search(r'<p class="formula"[^>]*>.*?</p>', html, re.S).group(0)
    words = FORMULAS[code][:-1]
    assert f'lang="{code}"' in formula and f"<em>{words}</em>{FORMULAS[code][-1]}" in formula
    assert "The General Assembly" not in formula
    xml = client.get("/documents/A/RES/80/185/akn.xml", {"lang": code}).content
    assert etree.XMLSchema(etree.parse(str(XSD))).validate(etree.fromstring(xml))
    text = xml.decode()
    assert f'<akn:span class="italic">{words}</akn:span>{FORMULAS[code][-1]}' in text or f">{words}</span>" in text
    assert f">{version.cover_title}</" in text and "Resolution adopted by the General Assembly" not in text


def _printed_cover(symbol: str, code: str) -> dict[str, str]:
    """The cover and closing lines straight from the source file (lxml, not the archive's parser)."""
    from pathlib import Path

    from lxml import etree

    root = Path(__file__).resolve().parents[2] / "fixtures" / "languages" / symbol.split("/")[2]
    letter = {"ar": "A", "zh": "C", "fr": "F", "ru": "R", "es": "S"}[code]
    tree = etree.parse(str(next(root.glob(f"*{letter}.xml"))))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}

    def text(path):
        el = tree.find(path, ns)
        return " ".join("".join(el.itertext()).split()) if el is not None else ""

    return {
        "date": text(".//a:coverPage//a:docDate"),
        "session": text(".//a:coverPage//a:session"),
        "agenda_item": text(".//a:coverPage//a:inline[@name='agenda item']"),
        "proponent": text(".//a:coverPage//a:docProponent"),
        "meeting": text(".//a:conclusions//a:inline[@name='adoptionMeeting']")
        or text(".//a:conclusions//a:location[@refersTo='#adoptionMeeting']"),
        "adopted": text(".//a:conclusions//a:docDate"),
    }


@pytest.mark.parametrize("symbol", ["A/RES/74/127", "A/RES/80/185"])
@pytest.mark.parametrize("code", list(FORMULAS))
def test_the_export_in_another_language_prints_its_own_cover_and_closing_lines(client, collection, symbol, code):
    from lxml import etree

    from archive.models import DocumentVersion

    from .test_language_api import XSD

    printed = {k: v for k, v in _printed_cover(symbol, code).items() if v}
    assert "session" in printed and "date" in printed
    stored = DocumentVersion.objects.get(document__symbol=symbol, language=code).printed_lines
    assert stored == printed
    xml = client.get(f"/documents/{symbol}/akn.xml", {"lang": code}).content
    assert etree.XMLSchema(etree.parse(str(XSD))).validate(etree.fromstring(xml))
    cover = etree.fromstring(xml).find(".//{*}coverPage")
    written = {
        el.get("name") or etree.QName(el).localname: " ".join("".join(el.itertext()).split()) for el in cover.iter()
    }
    assert written["session"] == printed["session"] and written["docDate"] == printed["date"]
    if "agenda_item" in printed:
        assert written["agenda item"] == printed["agenda_item"]
    if "proponent" in printed:
        assert written["docProponent"] == printed["proponent"]
    closing = etree.fromstring(xml).find(".//{*}conclusions")
    assert [" ".join("".join(el.itertext()).split()) for el in closing.iter("{*}inline", "{*}docDate")] == [
        printed["meeting"],
        printed["adopted"],
    ]
    closing = etree.fromstring(xml).find(".//{*}conclusions")
    assert [" ".join("".join(el.itertext()).split()) for el in closing.iter("{*}inline", "{*}docDate")] == [
        printed["meeting"],
        printed["adopted"],
    ]
    text = xml.decode()
    for english in ("th session", "Agenda item", "on the report of", "December 20"):
        # English words only where the source itself prints them (the Russian cover dates in English)
        assert english not in text or any(english in line for line in printed.values()), english
