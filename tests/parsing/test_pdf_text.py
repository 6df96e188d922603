"""PDF-extracted text (pdftotext / PyMuPDF): samples generated from the AKN of 78/180.

No real extraction of a series resolution exists, so ``pdf_layout.render`` lays the AKN
parse out as the extractors print an official resolution; the pdf_text parse of that
text must give back exactly the AKN parse.
"""

import datetime as dt

import pytest

from archive.parsing import akn, detect, pdf_text
from archive.parsing.compare import compare_documents
from archive.parsing.document import ParseError

from .golden import FIXTURES, assert_golden
from .pdf_layout import render

SAMPLE = FIXTURES / "samples" / "A_RES_78_180.pdftotext.txt"


@pytest.fixture(scope="module")
def reference():
    return akn.parse((FIXTURES / "akn" / "A_RES_78_180.xml").read_text(encoding="utf-8"), "A_RES_78_180.xml")


@pytest.fixture(scope="module")
def sample():
    return pdf_text.parse(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name)


def test_saved_sample_is_the_generator_output(reference):
    # the fixture is what the generator makes; regenerate it if pdf_layout changes
    assert SAMPLE.read_text(encoding="utf-8") == render(reference, "pdftotext")


def test_sample_layout_has_the_hard_cases():
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert text.count("\f") >= 10  # pages
    assert "__________________" in lines  # footnote rules
    assert any(line.endswith("-") and line[-2].isalpha() for line in lines)  # line-end hyphens
    flat = text.replace("\n", " ")
    assert "for Sustainable Development, 10 acknowledging" in flat  # marker after a comma and a space
    assert "for Social Development 5 and their reviews" in flat  # marker after a word and a space
    assert "Morocco, on 10 and 11 December 2018" in flat  # ... and numbers that are not markers
    assert "12." in lines  # a number on its own line
    assert "23-26013" in lines and "2/19" in lines  # job number and page


@pytest.mark.parametrize("style", ["pdftotext", "pymupdf"])
def test_parse_equals_the_akn_parse(reference, style):
    text = render(reference, style)
    assert ("\f" in text) == (style == "pdftotext")
    doc = pdf_text.parse(text, f"78_180.{style}.txt")
    result = compare_documents(reference, doc)
    assert result["count_differences"] == {}
    assert result["identical"] == result["aligned"] == len(reference.paragraphs) == 105
    assert result["substantive"] == result["minor"] == 0
    for mine, theirs in zip(doc.paragraphs, reference.paragraphs):
        assert (mine.kind, mine.number, mine.opening, mine.text) == (
            theirs.kind,
            theirs.number,
            theirs.opening,
            theirs.text,
        )
        assert [(r.number, r.offset) for r in mine.refs] == [(r.number, r.offset) for r in theirs.refs]
    assert [(f.number, f.text) for f in doc.footnotes] == [(f.number, f.text) for f in reference.footnotes]
    for field in (
        "symbol",
        "number",
        "session",
        "title",
        "adopted",
        "distributed",
        "agenda_item",
        "committee_report",
        "meeting",
    ):
        assert getattr(doc, field) == getattr(reference, field), field


def test_sample_counts_and_anomalies(sample):
    assert sample.counts() == {
        "preambular": 49,
        "operative": 52,
        "subparagraphs": 4,
        "numbered": 0,
        "footnotes": 40,
        "footnote_references": 40,
    }
    # "Development of 2013" + marker 17 prints as "201317": read, and reported
    assert [(a.code, a.message) for a in sample.anomalies] == [
        ("ambiguous_marker", "marker 17 read off the end of 201317")
    ]
    p = next(p for p in sample.paragraphs if 17 in p.footnote_numbers)
    assert p.text[: p.refs[0].offset].endswith("International Migration and Development of 2013")


def test_sample_metadata(sample):
    assert (sample.symbol, sample.number, sample.session) == ("A/RES/78/180", "78/180", 78)
    assert sample.title == "Violence against women migrant workers"
    assert (sample.adopted, sample.distributed) == (dt.date(2023, 12, 19), dt.date(2023, 12, 22))
    assert (sample.agenda_item, sample.committee_report, sample.meeting) == (
        "25 (a)",
        "A/78/473",
        "50th plenary meeting",
    )
    assert sample.extra["report_paragraph"] == "24"


def test_sample_tricky_spots(sample):
    texts = " ".join(p.text for p in sample.paragraphs)
    assert "high-level plenary meeting" in texts  # a real hyphen at a line end is kept
    assert "inte-rnational" not in texts and "international cooperation" in texts  # a split word is rejoined
    assert "A/RES/78/180" not in texts and "23-26013" not in texts and "__" not in texts
    assert not any(p.text[:1].isdigit() or p.text.startswith("(") for p in sample.paragraphs)
    subs = [p for p in sample.paragraphs if p.kind == "subparagraph"]
    assert [p.number for p in subs] == ["49(a)", "49(b)", "49(c)", "49(d)"]
    texts_by_number = {p.number: p.text for p in sample.paragraphs}
    assert "on 10 and 11 December 2018" in next(
        p.text for p in sample.paragraphs if p.text.startswith("Recalling also the Global Compact")
    )
    assert texts_by_number["49"].endswith("and:")


def test_golden_78_180(sample):
    assert_golden("pdf_A_RES_78_180", sample.to_report())


def test_sniff_and_detect():
    text = SAMPLE.read_text(encoding="utf-8")
    assert pdf_text.sniff(text)
    assert detect(text) == "pdf_text"
    for source in (FIXTURES / "sources").glob("*.txt"):
        # 72/149 is the text of an official PDF: the one source in this format
        assert pdf_text.sniff(source.read_text(encoding="utf-8")) == (source.name == "A_RES_72_149.txt"), source.name
    assert not pdf_text.sniff((FIXTURES / "akn" / "A_RES_78_180.xml").read_text(encoding="utf-8"))


TEXT = SAMPLE.read_text(encoding="utf-8")
_LINES = TEXT.split("\n")
_ENACTING = _LINES.index("The General Assembly,") + 1
_MEETING = _LINES.index("50th plenary meeting") + 1


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", 1, "empty"),
        ("\n \n", 1, "empty"),
        ("some text\nwithout structure\n", 1, "not the text of a GA resolution"),
        (TEXT[: TEXT.index("50th plenary meeting")], None, "truncated: no closing meeting line"),
        (
            "\n".join(
                _LINES[:_ENACTING] + ["Recalling its resolutions,", "", "50th plenary meeting", "19 December 2023"]
            ),
            _ENACTING + 3,
            "no operative paragraphs",
        ),
    ],
)
def test_malformed(text, line, reason):
    with pytest.raises(ParseError) as err:
        pdf_text.parse(text, "bad.txt")
    assert reason in err.value.reason
    if line is not None:
        assert err.value.line == line
    assert err.value.line >= 1


def test_missing_footnote_and_unreferenced_footnote():
    text = "\n".join(
        [  # noqa: FLY002 -- one source line per item
            "A/RES/78/1",
            "78/1. A title",
            "",
            "The General Assembly,",
            "",
            "Recalling the Convention,1 and the Protocol,2",
            "",
            "1. Decides to act.",
            "",
            "__________________",
            "1 Resolution 1/1.",
            "3 Resolution 3/3.",
            "",
            "1st plenary meeting",
            "1 January 2024",
        ]
    )
    doc = pdf_text.parse(text, "x.txt")
    assert [p.footnote_numbers for p in doc.paragraphs] == [[1, 2], []]
    codes = [a.code for a in doc.anomalies]
    assert "missing_footnote_text" in codes and "unreferenced_footnote" in codes
