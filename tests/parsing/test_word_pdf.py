"""Word-made PDF parser: A/RES/62/132 (no header, Word anchors, footnote blocks at page ends)."""

import datetime as dt

import pytest

from archive.parsing import detect, word_pdf
from archive.parsing.document import ParseError

from .golden import FIXTURES, assert_golden

SOURCE = FIXTURES / "sources" / "A_RES_62_132.txt"


@pytest.fixture(scope="module")
def text():
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(text):
    return word_pdf.parse(text, "A_RES_62_132.txt")


def test_golden(doc):
    assert_golden("A_RES_62_132", doc.to_report())


def test_counts(doc):
    counts = doc.counts()
    assert counts["preambular"] == 18
    assert counts["operative"] == 18
    assert counts["footnotes"] == 13
    assert counts["footnote_references"] == 13
    assert [p.number for p in doc.paragraphs if p.kind == "operative"] == [str(n) for n in range(1, 19)]


def test_metadata_only_from_closing_lines(doc):
    assert doc.symbol is None and doc.number is None and doc.title is None and doc.session is None
    assert doc.adopted == dt.date(2007, 12, 18)
    assert doc.meeting == "76th plenary meeting"
    assert [(a.code, a.line) for a in doc.anomalies] == [("missing_metadata", 1)]


def test_anchor_and_marker_number_become_one_ref(doc):
    reaffirming = doc.paragraphs[1]
    assert reaffirming.footnote_numbers == [2, 3, 4, 5]
    assert "Human Rights, the International Conference" in reaffirming.text
    assert (
        "Fourth World Conference on Women and the World Summit for Social Development and their five-year reviews,"
        in reaffirming.text
    )
    women = reaffirming.text.index("Conference on Women") + len("Conference on Women")
    assert reaffirming.refs[2].offset == women
    op2 = next(p for p in doc.paragraphs if p.number == "2")
    assert op2.footnote_numbers == [8, 9, 10]
    assert "Families, the Protocol to Prevent" in op2.text
    assert "Organized Crime, as well as all human rights treaties" in op2.text
    assert all(p.text.count("  ") == 0 and " 0F" not in p.text and "F " not in p.text for p in doc.paragraphs)


def test_footnote_blocks_do_not_leak_into_paragraphs(doc):
    noting = doc.paragraphs[2]
    assert noting.text.endswith("continues to be assessed and alleviated,")
    recalling = doc.paragraphs[3]
    assert recalling.text.startswith("Recalling the discussions during the High-level Dialogue")
    assert recalling.line == 46
    op4 = next(p for p in doc.paragraphs if p.number == "4")
    assert op4.text.endswith("reducing their vulnerability to abuse;")
    assert "2004: Women and International Migration, including its" in op4.text
    assert not any("Sales No." in p.text or "Treaty Series" in p.text for p in doc.paragraphs)


def test_page_starts_open_paragraphs(doc):
    op5 = next(p for p in doc.paragraphs if p.number == "5")
    assert op5.opening == "Requests" and op5.line == 176
    op12 = next(p for p in doc.paragraphs if p.number == "12")
    assert op12.opening == "Also calls upon"
    assert op12.text.startswith("Also calls upon Governments, in particular those of the countries of origin")


def test_line_end_hyphen_kept(doc):
    emphasizing = doc.paragraphs[12]
    assert "and gender-sensitive indicators" in emphasizing.text
    assert "including sex- and age-disaggregated data" in emphasizing.text


def test_footnotes(doc):
    assert [f.number for f in doc.footnotes] == list(range(1, 14))
    assert doc.footnotes[2].text == (
        "Report of the International Conference on Population and Development, Cairo, 5–13 September 1994 "
        "(United Nations publication, Sales No. E.95.XIII.18), chap. I, resolution 1, annex."
    )
    assert doc.footnotes[6].text == "A/62/177."
    assert doc.footnotes[9].text == "Ibid., vol. 2241, No. 39574."


def test_sniff_claims_only_the_word_pdf_sample():
    for path in sorted((FIXTURES / "sources").glob("*.txt")) + sorted((FIXTURES / "akn").glob("*.xml")):
        claimed = word_pdf.sniff(path.read_text(encoding="utf-8-sig"))
        assert claimed == (path.name == "A_RES_62_132.txt"), path.name
    assert detect(SOURCE.read_text(encoding="utf-8")) == "word_pdf"


def test_page_break_inside_a_paragraph_continues_it(text):
    # move the page break of "  Recalling the discussions" into the middle of the paragraph above
    damaged = text.replace(
        "which the plight of women migrant workers continues to be assessed and \n",
        "which the plight of women migrant workers continues to be \n\n_______________ \n"
        "99 Moved footnote. \n  assessed and \n",
    )
    doc = word_pdf.parse(damaged, "damaged")
    assert doc.paragraphs[2].text.endswith("continues to be assessed and alleviated,")
    assert doc.counts()["preambular"] == 18
    assert ("unreferenced_footnote", "footnote 99 is not referenced by any marker") in [
        (a.code, a.message) for a in doc.anomalies
    ]


def test_lost_marker_number_is_inferred(text):
    damaged = text.replace("Women, 0F\n\n1 \n", "Women, 0F\n\n")
    assert damaged != text
    doc = word_pdf.parse(damaged, "damaged")
    assert doc.paragraphs[0].footnote_numbers == [1]
    assert ("footnote_number_inferred", 7) in [(a.code, a.line) for a in doc.anomalies]


def test_missing_footnote_text(text):
    doc = word_pdf.parse(text.replace("6 Resolution 61/295, annex. \n", ""), "damaged")
    assert ("missing_footnote_text", 78) in [(a.code, a.line) for a in doc.anomalies]


@pytest.mark.parametrize(
    "source, line, reason",
    [
        ("", 1, "empty"),
        ("some text without structure\n", 1, "before the first paragraph"),
        ("  The General Assembly, \n\n Recalling its resolutions, 0F \n\n1 \n", 6, "no closing meeting line"),
        (
            "  The General Assembly, \n\n Recalling its resolutions, \n\n76th plenary meeting \n18 December 2007 \n",
            5,
            "no operative paragraphs",
        ),
    ],
)
def test_malformed_input_raises_parse_error(source, line, reason):
    with pytest.raises(ParseError) as err:
        word_pdf.parse(source, "bad.txt")
    assert err.value.line == line
    assert reason in err.value.reason


def test_truncated_sample_raises_parse_error(text):
    cut = text[: text.index(" 9. Also urges")]
    with pytest.raises(ParseError) as err:
        word_pdf.parse(cut, "cut.txt")
    assert "closing meeting line" in err.value.reason


def test_garbage_never_raises_other_errors():
    for junk in [" 0F\n" * 300, "_______________\n" * 20, " 1. \n 1. \n76th plenary meeting\n", "\x00\n 5F\n\n7\n"]:
        try:
            word_pdf.parse(junk, "junk")
        except ParseError:
            pass


def test_a_closing_date_that_does_not_exist_is_reported_not_dropped(text):
    doc = word_pdf.parse(text.replace("18 December 2007", "31 February 2007"), "bad-date.txt")
    assert doc.adopted is None
    assert any(a.code == "missing_metadata" and "adoption date" in a.message for a in doc.anomalies)
