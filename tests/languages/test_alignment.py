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
