"""Round trip: each document of the default collection → AKN4UN XML → ``archive.parsing.akn.parse``.

The export is only as good as what can be read back from it: the same paragraphs (kind,
number, text, opening phrase, section), the same footnotes (number, text) and the same
references (which footnote, at which offset of which paragraph).

Two things the AKN parser cannot say, and which are normalized here rather than hidden:
- it reads every document as a resolution, so a report's paragraphs come back as
  ``operative`` paragraphs (their numbers, texts and markers are compared as usual);
- it sets no ``section`` on paragraphs: the section of a report paragraph is the text
  of the heading before it, which is what is compared; a report's summary stands under
  no heading paragraph (its "Summary" label is no paragraph of the archive), so the
  section of paragraphs before the first heading is not compared.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from archive.export.akn import document_akn
from archive.models import Document, FootnoteReference
from archive.parsing.akn import parse

SYMBOLS = [
    "A/RES/60/139",
    "A/RES/62/132",
    "A/64/152",
    "A/72/215",
    "A/RES/74/127",
    "A/RES/76/141",
    "A/RES/78/180",
    "A/RES/80/185",
]
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def stored(document: Document) -> dict:
    refs: dict[int, list] = {}
    for pid, number, offset in (
        FootnoteReference.objects.filter(paragraph__document=document)
        .order_by("paragraph__position", "offset", "footnote__number")
        .values_list("paragraph_id", "footnote__number", "offset")
    ):
        refs.setdefault(pid, []).append((number, offset))
    paragraphs, under_heading = [], False
    for p in document.paragraphs.order_by("position"):
        under_heading = under_heading or p.kind == "heading"
        paragraphs.append(
            (
                p.kind,
                p.number or None,
                p.text,
                p.opening or None if document.is_resolution else None,
                p.section or None if p.kind == "report" and under_heading else None,
                refs.get(p.id, []),
            )
        )
    footnotes = [(f.number, f.text) for f in document.footnotes.order_by("number") if not f.text_missing]
    return {
        "paragraphs": paragraphs,
        "footnotes": footnotes,
        "symbol": document.symbol,
        "title": document.title,
        "session": document.session,
        "adopted": document.adopted,
        "number": document.number or None,
    }


def reimported(xml: str, document: Document) -> dict:
    parsed = parse(xml, f"{document.symbol} (export)")
    paragraphs, section = [], None
    for p in parsed.paragraphs:
        if p.kind == "heading":
            section = p.text or None
        kind = "report" if not document.is_resolution and p.kind == "operative" else p.kind
        paragraphs.append(
            (
                kind,
                p.number or None,
                p.text,
                p.opening if document.is_resolution else None,
                section if kind == "report" else None,
                [(r.number, r.offset) for r in sorted(p.refs, key=lambda r: (r.offset, r.number))],
            )
        )
    return {
        "paragraphs": paragraphs,
        "footnotes": [(f.number, f.text) for f in parsed.footnotes],
        "symbol": parsed.symbol,
        "title": parsed.title,
        "session": parsed.session,
        "adopted": parsed.adopted,
        "number": parsed.number,
    }


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_export_then_import_gives_the_same_document(collection, symbol):
    document = collection[symbol]
    xml = document_akn(document, "http://testserver")
    before, after = stored(document), reimported(xml, document)
    for key in ("symbol", "title", "session", "adopted", "number"):
        assert after[key] == before[key], key
    assert len(after["paragraphs"]) == len(before["paragraphs"])
    for i, (a, b) in enumerate(zip(after["paragraphs"], before["paragraphs"])):
        assert a == b, f"paragraph {i}"
    assert after["footnotes"] == before["footnotes"]


def test_export_follows_the_akn4un_profile(collection):
    root = ET.fromstring(document_akn(collection["A/RES/74/127"], "http://testserver"))
    statement = root.find(f"{AKN}statement")
    assert statement.get("name") == "resolution"
    preamble = statement.find(f"{AKN}preamble")
    assert preamble.find(f"{AKN}formula").get("name") == "enactingFormula"
    assert preamble.find(f"{AKN}container").get("eId") == "pp1"
    first = statement.find(f"{AKN}mainBody/{AKN}paragraph")
    assert first.find(f"{AKN}num").text == "1."
    notes = list(root.iter(f"{AKN}authorialNote"))
    assert [n.get("marker") for n in notes] == [str(n) for n in range(1, len(notes) + 1)]
    links = {a.get("href") for a in root.iter(f"{AKN}a")}
    assert "https://undocs.org/A/RES/48/104" in links and "https://undocs.org/A/74/235" in links
    refs = {r.get("href"): "".join(r.itertext()) for r in root.iter(f"{AKN}ref")}
    assert (
        refs["http://testserver/instruments/UNTS:2220:39481/"] == "United Nations, Treaty Series, vol. 2220, No. 39481"
    )
    assert any(s.text == "4" for s in root.iter(f"{AKN}sup")), "a repeated marker is a <sup>"


def test_sub_items_are_points(collection):
    root = ET.fromstring(document_akn(collection["A/RES/80/185"]))
    points = [p for p in root.iter(f"{AKN}point")]
    assert points and points[0].find(f"{AKN}num").text == "(a)"
    assert points[0].get("eId").startswith("op")


def test_footnotes_without_a_marker_are_kept(collection):
    root = ET.fromstring(document_akn(collection["A/72/215"]))
    box = [c for c in root.iter(f"{AKN}container") if c.get("name") == "footnotesWithoutMarker"]
    assert [n.get("marker") for n in box[0].iter(f"{AKN}authorialNote")] == ["13", "17", "24", "43"]
