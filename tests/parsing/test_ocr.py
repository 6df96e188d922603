"""The OCR parser on A/72/215: counts, page furniture, markers, footnotes, damage."""

import re

import pytest

from archive.parsing import ocr
from archive.parsing.document import ParseError

from .golden import FIXTURES, assert_golden

SOURCE = FIXTURES / "sources" / "A_72_215.txt"


@pytest.fixture(scope="module")
def doc():
    return ocr.parse(SOURCE.read_text(encoding="utf-8"), "sources/A_72_215.txt")


def para(doc, number):
    return next(p for p in doc.paragraphs if p.number == number and p.kind != "heading")


def note(doc, number):
    return next(f for f in doc.footnotes if f.number == number)


def test_golden(doc):
    assert_golden("A_72_215", doc.to_report())


def test_metadata(doc):
    assert (doc.symbol, doc.kind, doc.session, doc.agenda_item) == ("A/72/215", "report", 72, "29")
    assert doc.title == "Violence against women migrant workers"
    assert doc.number is None and doc.adopted is None
    assert any(a.code == "misread_symbol" and "Al72/215" in a.message for a in doc.anomalies)


def test_numbered_paragraphs_in_sequence(doc):
    numbers = [p.number for p in doc.paragraphs if p.kind == "report" and p.number]
    assert numbers == [str(n) for n in range(1, 66)]


def test_summary_is_an_unnumbered_report_paragraph(doc):
    first = doc.paragraphs[0]
    assert (first.kind, first.number, first.section) == ("report", None, "Summary")
    assert first.text.startswith("The present report, submitted pursuant to General Assembly resolution 70/130")
    assert first.text.endswith("recommendations for future action.")


def test_subparagraphs_of_64(doc):
    subs = [p for p in doc.paragraphs if p.kind == "subparagraph"]
    assert [p.number for p in subs] == [f"64({c})" for c in "abcdefghijklm"]
    assert para(doc, "64(c)").text.startswith("Align national migration legislation")
    assert para(doc, "64(j)").text.startswith("Improve working conditions")
    assert para(doc, "64(l)").text.startswith("Establish accessible and confidential")
    # continued across a page: "capacity-" / " building"
    assert "provide capacity-building to public officials" in para(doc, "64(h)").text
    labels = [a.message for a in doc.anomalies if a.code == "misread_label"]
    assert len(labels) == 3 and "'(¢)'" in labels[0] and "'(J))'" in labels[1] and "'()'" in labels[2]


def test_headings(doc):
    heads = [(p.number, p.text) for p in doc.paragraphs if p.kind == "heading"]
    assert heads[:4] == [
        ("I", "Introduction"),
        ("II", "Context"),
        ("III", "Global legal and policy development and intergovernmental meetings"),
        ("IV", "Measures reported by Member States"),
    ]
    assert ("V", "Initiatives of United Nations and related entities in support of national efforts") in heads
    assert ("VI", "Conclusions and recommendations") in heads
    assert (None, "Recommendations") == heads[-1]
    assert para(doc, "21").section == heads[2][1]
    assert para(doc, "64(m)").section == "Recommendations"


def test_no_page_furniture_anywhere(doc):
    furniture = re.compile(r"17-12353|\d+/18\b|Al72/215|\bIN\)|unicef-report-data\.pdf\s+http")
    for text in [p.text for p in doc.paragraphs] + [f.text for f in doc.footnotes]:
        assert not furniture.search(text), text[:80]
        assert not re.search("[®¥©]", text), text[:80]


def test_paragraph_11_glued_digit(doc):
    assert para(doc, "11").text.startswith("In 2016, IOM reported")
    assert any(a.code == "ocr_garbage_removed" and a.line == 236 for a in doc.anomalies)


def test_paragraphs_rejoined_across_pages(doc):
    p4 = para(doc, "4")
    assert "and reports by special procedures mandate holders" in p4.text
    assert p4.text.endswith("all forms of gender-based violence.")
    assert "Mandatory detention can place migrant women" in para(doc, "8").text
    assert "the Chair of the Civil Society Days underscored" in para(doc, "23").text
    assert "Dominican Republic, Ecuador, Italy and the Philippines" in para(doc, "34").text
    assert "in March 2018. The Secretary-General’s High-level Panel" in para(doc, "57").text
    assert "reported conducting training programmes" in para(doc, "50").text
    # the ratification table is dropped, not run into paragraph 30
    assert para(doc, "30").text.endswith("has marginally increased.")
    # OCR words are kept as printed
    assert "feel safe secking support" in para(doc, "9").text


def test_footnotes(doc):
    assert [f.number for f in doc.footnotes] == list(range(1, 55))
    assert note(doc, 1).text.startswith("Argentina, Australia, Bosnia and Herzegovina")
    assert note(doc, 2).text.startswith("International Labour Organization (ILO), International Organization")
    assert note(doc, 3).text == (
        "More information about the Women in Migration Network is available from womeninmigration.org."
    )
    assert note(doc, 27).text.startswith("Amnesty International, “Invisible victims")
    assert note(doc, 28).text.startswith("JOM, Key informant interviews")
    assert note(doc, 31).text.startswith("UNICEF press release, 17 May 2017.")
    # entries split although no blank line separates them
    assert note(doc, 12).text.startswith("See http://ir.westernunion.com/")
    assert note(doc, 42).text.startswith("Available from www.unwomen.org/")
    assert note(doc, 49).text == (
        "See http://asean.org/asean-continues-to-protect-and-promote-the-rights-of-migrant-workers/."
    )
    assert note(doc, 54).text == "Available from www.youtube.com/watch?v=v1GY61tQVaM."
    # entries joined across a blank line; web addresses rejoined without a space
    assert note(doc, 17).text.startswith(
        "United Nations, “UN Special Rapporteur on the human rights of migrants "
        "concludes his follow up country visit to Greece”"
    )
    assert "estimatesgraphs.shtml?5g5." in note(doc, 6).text
    assert "2016/Western-Union-Pays-Tribute" in note(doc, 12).text
    assert note(doc, 50).text.startswith("Available from https://publications.iom.int/")
    inferred = [a for a in doc.anomalies if a.code == "footnote_number_inferred"]
    assert len(inferred) == 54


def test_markers(doc):
    p4 = para(doc, "4")
    assert p4.footnote_numbers == [1, 2, 3]
    assert p4.text[: p4.refs[0].offset].endswith("25 Member States")
    assert p4.text[: p4.refs[1].offset].endswith("five United Nations entities")
    assert p4.refs[2].offset == len(p4.text)
    assert para(doc, "6").footnote_numbers == [4, 5, 6, 7, 8, 9]
    p6 = para(doc, "6")
    assert p6.text[: p6.refs[1].offset].endswith("Oceania")
    assert para(doc, "7").footnote_numbers == [10, 11, 12, 14, 15]
    assert para(doc, "9").footnote_numbers == [18, 19, 20]
    p10 = para(doc, "10")
    assert p10.footnote_numbers == [21, 22, 23]
    assert p10.text[: p10.refs[2].offset].endswith("or gender inequality")
    assert para(doc, "11").footnote_numbers == [25, 26]
    assert para(doc, "12").footnote_numbers == [27, 28]
    assert "the “price” they demand of migrants. Women" in para(doc, "12").text
    assert para(doc, "25").footnote_numbers == [44]
    assert para(doc, "35").footnote_numbers == [48, 49]
    assert para(doc, "54").footnote_numbers == [50, 51]
    assert para(doc, "57").footnote_numbers == [52, 53]
    assert para(doc, "58").footnote_numbers == [54]
    # closing quotation marks are not markers
    assert para(doc, "9").text.count("“firewalls”") == 1
    assert para(doc, "58").text.endswith("three women migrant workers.")
    refs = [n for p in doc.paragraphs for n in p.footnote_numbers]
    assert refs == sorted(refs) and len(refs) == 50
    assert len([a for a in doc.anomalies if a.code == "misread_marker"]) == 50


def test_lost_markers_reported(doc):
    lost = sorted(
        int(re.search(r"footnote (\d+)", a.message).group(1))
        for a in doc.anomalies
        if a.code == "unreferenced_footnote"
    )
    assert lost == [13, 17, 24, 43]


def test_masthead_garbage_reported(doc):
    lines = {a.line for a in doc.anomalies if a.code == "ocr_garbage_removed"}
    assert {1, 6, 7, 9, 281, 304, 309, 313} <= lines


def test_sniff_claims_only_ocr():
    assert ocr.sniff(SOURCE.read_text(encoding="utf-8"))
    others = list((FIXTURES / "sources").glob("A_RES_*.txt")) + [FIXTURES / "sources" / "A_64_152.txt"]
    others += list((FIXTURES / "akn").glob("*.xml"))
    for path in others:
        assert not ocr.sniff(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", 1, "empty"),
        ("   \n\n", 1, "empty"),
        ("%$#@ garbage\nmore garbage ®\n", 1, "no report start"),
        ("Summary\n\nThe present report outlines things.\n", 2, "no numbered report paragraphs"),
    ],
)
def test_malformed_input(text, line, reason):
    with pytest.raises(ParseError) as e:
        ocr.parse(text, "bad.txt")
    assert e.value.line == line and reason in e.value.reason


def test_truncated_source_is_refused():
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    with pytest.raises(ParseError) as e:
        ocr.parse("\n".join(lines[:600]), "cut.txt")
    assert e.value.line == 600 and "truncated" in e.value.reason


def _odd_outcomes() -> list:
    """Damaged copies of the source, each parsed or refused: any other exception escapes."""
    text = SOURCE.read_text(encoding="utf-8")
    lines = text.splitlines()
    samples = ["\n".join(lines[i::7]) for i in range(7)] + ["\n".join(reversed(lines))]
    samples.append("Summary\n1. " + "word ® ” * " * 5000 + ".\n" + "% Note.\n" * 3000)
    samples += [
        "\n".join(s for i, s in enumerate(lines) if i % 10 != 5),
        text.replace("\n", "\n\n"),
        "\n".join(lines + lines[len(lines) // 2 :]),
    ]
    outcomes = []
    for sample in samples:
        try:
            outcomes.append(ocr.parse(sample, "odd.txt"))
        except ParseError as e:
            assert e.source == "odd.txt" and e.reason
            assert e.line is None or 1 <= e.line <= len(sample.splitlines()) + 1
            outcomes.append(e)
    return outcomes


def test_odd_input_gives_only_parse_errors():
    outcomes = _odd_outcomes()
    parsed = [o for o in outcomes if not isinstance(o, ParseError)]
    # damage the parser can read past is read, damage it cannot is refused
    assert 3 <= len(parsed) < len(outcomes)
    assert all(p.paragraphs and p.format == "ocr" for p in parsed)


def test_a_bug_is_not_passed_off_as_odd_input(monkeypatch):
    """A bug planted in the parser escapes as itself: it is not a ParseError about the source."""

    def bug(self):
        raise IndexError("list index out of range (planted)")

    monkeypatch.setattr(ocr._Parser, "_label_headings", bug)
    with pytest.raises(IndexError, match="planted"):
        ocr.parse(SOURCE.read_text(encoding="utf-8"), "sources/A_72_215.txt")
    with pytest.raises(IndexError, match="planted"):
        _odd_outcomes()


def test_acronyms_ocr_misread_are_reported_and_kept_as_printed():
    from archive.parsing.text import misread_acronyms

    lines = ["the ILO and IOM", "ILO, IOM and ILO", "the TLO Domestic Workers Convention; IOM", "JOM interviews", "I0M"]
    assert misread_acronyms(lines) == [(3, "TLO", "ILO", 3), (4, "JOM", "IOM", 3), (5, "I0M", "IOM", 3)]
    # an acronym used twice is its own; one close to a rare acronym is not flagged; numbers are not acronyms
    assert misread_acronyms(["TLO TLO ILO ILO ILO"]) == []
    assert misread_acronyms(["JOM ILO IOM"]) == []
    assert misread_acronyms(["10 10 10 1O"]) == []
