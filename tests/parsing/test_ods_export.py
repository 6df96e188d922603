"""ODS export parser: A/RES/60/139 (glued plain-digit markers, trailing furniture)."""

import datetime as dt

import pytest

from archive.parsing import detect, ods_export
from archive.parsing.document import ParseError

from .golden import FIXTURES, assert_golden

SOURCE = FIXTURES / "sources" / "A_RES_60_139.txt"


@pytest.fixture(scope="module")
def text():
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(text):
    return ods_export.parse(text, "A_RES_60_139.txt")


def test_golden(doc):
    assert_golden("A_RES_60_139", doc.to_report())


def test_counts(doc):
    counts = doc.counts()
    assert counts["preambular"] == 15
    assert counts["operative"] == 18
    assert counts["footnotes"] == 12
    assert counts["footnote_references"] == 12
    assert [p.number for p in doc.paragraphs if p.kind == "operative"] == [str(n) for n in range(1, 19)]


def test_metadata_from_header_and_furniture(doc):
    assert doc.symbol == "A/RES/60/139"
    assert doc.number == "60/139"
    assert doc.session == 60
    assert doc.title == "Violence against women migrant workers"
    assert doc.adopted == dt.date(2005, 12, 16)
    assert doc.distributed == dt.date(2006, 2, 7)
    assert doc.agenda_item == "64"
    assert doc.committee_report == "A/60/503"
    assert doc.meeting == "64th plenary meeting"
    assert doc.anomalies == []


def test_markers_glued_to_words_and_punctuation(doc):
    first, second = doc.paragraphs[0], doc.paragraphs[1]
    assert first.text.endswith("Declaration on the Elimination of Violence against Women,")
    assert [(r.number, r.offset) for r in first.refs] == [(1, len(first.text))]
    # "Women4" and "Development5": markers glued to a word with no punctuation
    assert second.footnote_numbers == [2, 3, 4, 5]
    women = second.text.index("Fourth World Conference on Women") + len("Fourth World Conference on Women")
    assert second.refs[2].offset == women
    assert "Women and the World Summit" in second.text
    takes_note = doc.paragraphs[15]
    assert takes_note.text == "Takes note of the report of the Secretary-General;"
    assert takes_note.refs[0].offset == len(takes_note.text)


def test_digits_that_are_text_stay_text(doc):
    op3 = next(p for p in doc.paragraphs if p.number == "3")
    assert "in Development, 2004: Women and International Migration, including" in op3.text
    assert op3.footnote_numbers == [9]
    op4 = next(p for p in doc.paragraphs if p.number == "4")
    assert op4.text.endswith("Members of Their Families on 1 July 2003;")
    assert op4.footnote_numbers == [10]
    op16 = next(p for p in doc.paragraphs if p.number == "16")
    assert op16.footnote_numbers == [11, 12]
    assert "Organized Crime on 25 December 2003" in op16.text
    assert "Organized Crime on 28 January 2004" in op16.text
    op18 = next(p for p in doc.paragraphs if p.number == "18")
    assert "at its sixty-second session" in op18.text and op18.refs == []
    assert "mentioned in paragraph 2 above" in op18.text


def test_openings(doc):
    by_number = {p.number: p.opening for p in doc.paragraphs if p.kind == "operative"}
    assert by_number["2"] == "Also takes note"
    assert by_number["4"] == "Acknowledges with appreciation"
    assert by_number["18"] == "Requests the Secretary-General"
    assert doc.paragraphs[2].opening == "Noting with appreciation"


def test_footnotes_stop_before_furniture(doc):
    assert [f.number for f in doc.footnotes] == list(range(1, 13))
    assert doc.footnotes[9].text == "United Nations, Treaty Series, vol. 2220, No. 39481."
    assert doc.footnotes[-1].text == "Ibid., annex III."
    assert all("ODS" not in f.text and "05-49594" not in f.text for f in doc.footnotes)


def test_sniff_claims_only_the_ods_sample():
    for path in sorted((FIXTURES / "sources").glob("*.txt")) + sorted((FIXTURES / "akn").glob("*.xml")):
        claimed = ods_export.sniff(path.read_text(encoding="utf-8-sig"))
        assert claimed == (path.name == "A_RES_60_139.txt"), path.name
    assert detect(SOURCE.read_text(encoding="utf-8")) == "ods_export"


def test_marker_out_of_sequence_and_missing_text(text):
    # marker 2 is lost ("Rights,2" -> "Rights,"): 3 is out of sequence, footnote 2 is unreferenced
    damaged = text.replace("Human Rights,2 the", "Human Rights, the").replace("\n12 Ibid., annex III.", "")
    doc = ods_export.parse(damaged, "damaged")
    codes = [(a.code, a.line) for a in doc.anomalies]
    assert ("number_out_of_sequence", 10) in codes
    assert ("unreferenced_footnote", 45) in codes
    assert ("missing_footnote_text", 39) in codes
    assert doc.paragraphs[1].footnote_numbers == [3, 4, 5]


def test_repeated_marker_and_abbreviation(text):
    damaged = text.replace("Development5 and", "Development5 and the Conference on Women4 and Corr.1 and")
    doc = ods_export.parse(damaged, "damaged")
    assert doc.paragraphs[1].footnote_numbers == [2, 3, 4, 5, 4]
    assert "and Corr.1 and" in doc.paragraphs[1].text
    assert doc.anomalies == []


@pytest.mark.parametrize(
    "source, line, reason",
    [
        ("", 1, "empty"),
        ("[DU1]\nsome words\n", 1, "enacting formula"),
        ("[DU1]\n\tThe General Assembly,\n\tRecalling its resolutions,1\n", 3, "no closing meeting line"),
        (
            "[DU1]\n\tThe General Assembly,\n\tRecalling its resolutions,\n64th plenary meeting\n16 December 2005\n",
            4,
            "no operative paragraphs",
        ),
        ("[DU1]\n\tThe General Assembly,\nstray text\n\t1.\tUrges;\n64th plenary meeting\n", 3, "tab"),
    ],
)
def test_malformed_input_raises_parse_error(source, line, reason):
    with pytest.raises(ParseError) as err:
        ods_export.parse(source, "bad.txt")
    assert err.value.line == line
    assert reason in err.value.reason


def test_truncated_sample_raises_parse_error(text):
    cut = text[: text.index("\t9.\t")]
    with pytest.raises(ParseError) as err:
        ods_export.parse(cut, "cut.txt")
    assert "closing meeting line" in err.value.reason
    assert err.value.line == len(cut.splitlines())


def test_garbage_never_raises_other_errors():
    for junk in ["[DU1]" + "\t1.\t" * 500, "<<ODS JOB NO>>\n" * 50, "[DU1]\n\x00\x01\n\t\t\n99th plenary meeting\n"]:
        with pytest.raises(ParseError):
            ods_export.parse(junk, "junk")
