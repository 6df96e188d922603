"""Every language version of the default collection parses to the English structure and aligns to it.

No database: the parser and the aligner are pure Python. The language comes from the
file's FRBRlanguage, never its name (the 74th-session files are named 74_127_A.xml).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from django.conf import settings

from archive.documents.anchors import paragraph_anchors
from archive.parsing.akn import parse
from archive.parsing.languages import LANGUAGES, align

FIXTURES = settings.BASE_DIR / "fixtures"
VERSIONS = sorted((FIXTURES / "languages").rglob("*.xml"))
FRBR_RE = re.compile(r'<FRBRlanguage language="(\w+)"')
CODES = {"ara": "ar", "zho": "zh", "fra": "fr", "rus": "ru", "spa": "es"}


def _parse(path: Path):
    return parse(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="module")
def english():
    docs = [_parse(p) for p in sorted((FIXTURES / "akn").glob("*.xml"))]
    return {d.symbol: d for d in docs}


def test_the_collection_holds_five_languages_of_four_resolutions():
    assert len(VERSIONS) == 20
    by_symbol: dict[str, set[str]] = {}
    for path in VERSIONS:
        doc = _parse(path)
        by_symbol.setdefault(doc.symbol, set()).add(doc.language)
    assert by_symbol == {
        s: {"ar", "zh", "fr", "ru", "es"} for s in ("A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185")
    }


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.name)
def test_language_is_read_from_frbrlanguage(path):
    declared = FRBR_RE.search(path.read_text(encoding="utf-8")).group(1)
    assert _parse(path).language == CODES[declared]


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.name)
def test_each_version_has_the_english_structure_and_aligns_whole(path, english):
    doc = _parse(path)
    en = english[doc.symbol]
    assert doc.counts() == en.counts()
    assert [p.kind for p in doc.paragraphs] == [p.kind for p in en.paragraphs]
    # the anchors a version's paragraphs get are the English ones, element by element
    assert [a for a, _ in paragraph_anchors(doc.paragraphs)] == [
        a for a, _ in paragraph_anchors(en.paragraphs)
    ] or doc.language == "ar"  # Arabic letters its points (op49أ): its anchors come from the English
    version = align(en, doc)
    assert version.anomalies == []
    assert version.aligned == len(en.paragraphs)
    assert sorted(version.footnotes) == [f.number for f in en.footnotes]
    for e, t in zip(en.paragraphs, version.paragraphs):
        assert [r.number for r in t.refs] == [r.number for r in e.refs]
        assert all(0 <= r.offset <= len(t.text) for r in t.refs)
        assert t.text and t.text != e.text or e.kind == "heading"


def test_french_spanish_russian_sub_items_written_a_bracket(english):
    for name in ("74_127_F.xml", "74_127_S.xml", "74_127_R.xml"):
        doc = _parse(FIXTURES / "languages" / "74" / name)
        subs = [p for p in doc.paragraphs if p.kind == "subparagraph"]
        # the label as these languages print it ("a)"), after the number of the paragraph it belongs to
        assert [p.number for p in subs] == ["41a)", "41b)", "41c)", "41d)"]
        assert not any(re.match(r"^[a-d]\)", p.text) for p in subs)  # the label is not left in the text


def test_arabic_numbers_in_the_text_and_bracketed_markers():
    doc = _parse(FIXTURES / "languages" / "74" / "74_127_A.xml")
    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == [str(n) for n in range(1, 44)]
    assert not any(re.match(r"^\d+\s*-", p.text) for p in operative)  # "1 -" read as the number
    assert sum(len(p.refs) for p in doc.paragraphs) == 39  # "(18)" is a repeated marker, "(" note ")" one
    assert not any("()" in p.text for p in doc.paragraphs)
    assert not any(f.text.startswith("()") for f in doc.footnotes)
    assert {a.code for a in doc.anomalies} == {"recovered_paragraph"}  # said, not hidden


def test_arabic_80_185_paragraph_without_num_and_arabic_point_letters():
    doc = _parse(FIXTURES / "languages" / "80" / "A_RES_80_185-2520998A.xml")
    numbers = [p.number for p in doc.paragraphs if p.kind == "operative"]
    assert numbers == [str(n) for n in range(1, 53)]  # 56 <num> of 57: paragraph 16's is in its text
    assert [a.message for a in doc.anomalies if a.code == "recovered_paragraph"] == [
        "paragraph 16: number found inside the text, not in <num>"
    ]
    points = [p.number for p in doc.paragraphs if p.kind == "subparagraph"]
    assert points == ["49(أ)", "49(ب)", "49(ج)", "49(د)", "49(ه)"]


def test_a_structural_disagreement_is_an_anomaly_and_nothing_is_misaligned(english):
    en = english["A/RES/78/180"]
    doc = _parse(FIXTURES / "languages" / "78" / "A_RES_78_180-2326013F.xml")
    broken = copy.deepcopy(doc)
    op = [i for i, p in enumerate(broken.paragraphs) if p.kind == "operative"]
    del broken.paragraphs[op[10]]  # a paragraph lost in the middle of the body
    version = align(en, broken)
    assert [a.code for a in version.anomalies] == ["language_structure_differs"]
    assert "the body has 55 elements against 56" in version.anomalies[0].message
    # where the gap stands cannot be known from order: the body is left unpaired, the preamble is whole
    for e, t, original in zip(en.paragraphs, version.paragraphs, doc.paragraphs):
        if e.kind == "preambular":
            assert t is not None and t.text == original.text
        else:
            assert t is None


def test_a_kind_that_disagrees_stops_the_region_there(english):
    en = english["A/RES/78/180"]
    doc = _parse(FIXTURES / "languages" / "78" / "A_RES_78_180-2326013S.xml")
    broken = copy.deepcopy(doc)
    op = [i for i, p in enumerate(broken.paragraphs) if p.kind == "operative"]
    broken.paragraphs[op[20]].kind = "subparagraph"
    version = align(en, broken)
    assert [a.code for a in version.anomalies] == ["language_structure_differs"]
    assert version.paragraphs[op[19]].text == doc.paragraphs[op[19]].text
    assert all(t is None for t in version.paragraphs[op[20] :])


def test_footnotes_align_by_marker_order_not_by_number(english):
    en = english["A/RES/76/141"]
    doc = _parse(FIXTURES / "languages" / "76" / "A_RES_76_141-2119156R.xml")
    renumbered = copy.deepcopy(doc)
    for p in renumbered.paragraphs:  # the version numbers its footnotes from 101
        for r in p.refs:
            r.number += 100
    for f in renumbered.footnotes:
        f.number += 100
    version = align(en, renumbered)
    assert version.anomalies == []
    assert version.footnotes == {f.number: f.text for f in doc.footnotes}


def test_languages_table():
    assert list(LANGUAGES) == ["ar", "zh", "en", "fr", "ru", "es"]
    assert LANGUAGES["ar"].direction == "rtl" and all(LANGUAGES[c].direction == "ltr" for c in LANGUAGES if c != "ar")


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.name)
def test_each_version_keeps_its_own_printed_opening_words(path):
    doc = _parse(path)
    paragraphs = [p for p in doc.paragraphs if p.kind in ("preambular", "operative")]
    with_opening = [p for p in paragraphs if p.opening]
    assert all(p.text.startswith(p.opening) for p in with_opening)
    assert len(with_opening) >= 0.95 * len(paragraphs)  # the one or two a text prints without emphasis go without


def test_arabic_brackets_around_a_marker_are_the_markers_printing_and_an_irregular_form_is_said():
    # 80/185 prints "(رقم 97(" <sup>)(</sup> note <sup>))</sup>: the superscript brackets are the marker's
    doc = _parse(FIXTURES / "languages" / "80" / "A_RES_80_185-2520998A.xml")
    source = (FIXTURES / "languages" / "80" / "A_RES_80_185-2520998A.xml").read_text(encoding="utf-8")
    irregular = set(re.findall(r"<sup>\)\(</sup><authorialNote marker=\"(\d+)\"", source))
    assert irregular  # the source's form, found in the file rather than assumed
    texts = [p.text for p in doc.paragraphs]
    assert not any("()" in t for t in texts)
    op3 = next(p for p in doc.paragraphs if p.kind == "operative" and p.number == "3")
    at = {r.number: r.offset for r in op3.refs}
    for n in ("25", "26", "27"):
        assert n in irregular
        # the marker stands where the note stands, right after the text's own "(رقم 97(" (kept as printed)
        assert op3.text[: at[int(n)]].endswith("(")
        assert op3.text[at[int(n)] :].startswith("،")
    said = {
        re.match(r"footnote (\d+):", a.message).group(1) for a in doc.anomalies if a.code == "footnote_marker_brackets"
    }
    assert said == irregular
    kept = [a.message for a in doc.anomalies if a.code == "footnote_marker_brackets"]
    assert all(m.endswith("the text before them ends with '(', kept as printed") for m in kept)
    # the regular form, "(" note ")", is not an anomaly, and no other text changes
    regular = _parse(FIXTURES / "languages" / "74" / "74_127_A.xml")
    assert not [a for a in regular.anomalies if a.code == "footnote_marker_brackets"]


def test_superscript_brackets_touching_a_note_are_its_printing_other_superscripts_stay_text():
    xml = (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
        '<mainBody><paragraph><num>1.</num><content><p>Reads (No. 1)<sup>(</sup><authorialNote marker="1">'
        "<p>Note.</p></authorialNote><sup>))</sup>, and x<sup>(a)</sup> y;</p></content></paragraph>"
        "</mainBody></statement></akomaNtoso>"
    )
    doc = parse(xml, "x.xml")
    p = doc.paragraphs[-1]
    assert p.text == "Reads (No. 1), and x(a) y;"
    said = [a.message for a in doc.anomalies if a.code == "footnote_marker_brackets"]
    assert len(said) == 1 and "'(' before and '))' after" in said[0]
