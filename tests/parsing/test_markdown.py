"""Markdown-like parser: resolution A/RES/74/127 and Secretary-General report A/64/152."""

import datetime as dt
import random

import pytest

from archive.parsing import detect, markdown
from archive.parsing.document import ParseError

from .golden import FIXTURES, assert_golden

SOURCES = FIXTURES / "sources"


def read(name):
    return (SOURCES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def res():
    return markdown.parse(read("A_RES_74_127.txt"), "A_RES_74_127.txt")


@pytest.fixture(scope="module")
def rep():
    return markdown.parse(read("A_64_152.txt"), "A_64_152.txt")


def para(doc, number):
    return next(p for p in doc.paragraphs if p.number == number)


def anomalies(doc, code):
    return [(a.line, a.message) for a in doc.anomalies if a.code == code]


# --- A/RES/74/127 --------------------------------------------------------------


def test_resolution_golden(res):
    assert_golden("A_RES_74_127", res.to_report())


def test_resolution_counts(res):
    counts = res.counts()
    assert (counts["preambular"], counts["operative"], counts["subparagraphs"]) == (41, 43, 4)
    assert counts["footnotes"] == 35
    assert counts["footnote_references"] == 39
    assert [p.number for p in res.paragraphs if p.kind == "operative"] == [str(n) for n in range(1, 44)]
    assert [p.number for p in res.paragraphs if p.kind == "subparagraph"] == ["41(a)", "41(b)", "41(c)", "41(d)"]
    assert [f.number for f in res.footnotes] == [n for n in range(1, 37) if n != 13]


def test_resolution_metadata(res):
    assert (res.symbol, res.number, res.session, res.kind) == ("A/RES/74/127", "74/127", 74, "resolution")
    assert res.title == "Violence against women migrant workers"
    assert res.adopted == dt.date(2019, 12, 18)
    assert res.distributed == dt.date(2020, 1, 10)
    assert res.agenda_item == "26 (a)"
    assert res.committee_report == "A/74/392"
    assert res.meeting == "50th plenary meeting"
    assert res.extra["committee"] == "Third Committee"


def test_resolution_anomalies(res):
    assert anomalies(res, "missing_footnote_text") == [
        (51, "footnote 13 is referenced but its text is not in the source")
    ]
    assert [line for line, _ in anomalies(res, "suspected_lost_hyphen")] == [175, 233, 239]
    assert {a.code for a in res.anomalies} == {"missing_footnote_text", "suspected_lost_hyphen"}


def test_resolution_keeps_conversion_damage(res):
    assert "gendersensitive, transparent mechanisms" in para(res, "26").text
    assert "targeted, gender-responsive, childsensitive, accessible" in para(res, "29").text


def test_paragraph_rejoined_across_footnote_block(res):
    taking_note = next(p for p in res.paragraphs if p.line == 83)
    assert "the Violence and Harassment Convention, 2019 (No. 190), encouraging States parties" in taking_note.text
    assert taking_note.footnote_numbers == [18, 19, 20, 21]
    first = taking_note.text.index("2011 (No. 189),") + len("2011 (No. 189),")
    assert taking_note.refs[0].offset == first  # marker after a space attaches to the comma
    op3 = para(res, "3")
    assert "Members of Their Families, the Protocol to Prevent, Suppress and Punish" in op3.text
    assert op3.footnote_numbers == [25, 26, 27, 18, 20, 28, 29, 30, 31, 32]
    assert para(res, "8").text.endswith(
        "women migrant workers who are victims of violence, trafficking in persons "
        "or other forms of exploitation or abuse to apply for residency permits "
        "independently of abusive employers or spouses, and to eliminate abusive "
        "sponsorship systems;"
    )
    recognizing = next(p for p in res.paragraphs if p.line == 109)
    assert "formal and informal employment and integration into the host society" in recognizing.text


def test_repeated_markers_are_separate_refs(res):
    refs = [r.number for p in res.paragraphs for r in p.refs]
    assert sorted(n for n in set(refs) if refs.count(n) == 2) == [4, 18, 20]
    assert next(p for p in res.paragraphs if p.line == 71).footnote_numbers == [4, 14]


def test_italics_and_markers_removed(res):
    op1 = para(res, "1")
    assert (op1.text, op1.opening, op1.footnote_numbers) == (
        "Takes note of the report of the Secretary-General;",
        "Takes note",
        [23],
    )
    assert op1.refs[0].offset == len(op1.text)
    assert para(res, "43").opening == "Requests the Secretary-General"
    assert para(res, "22").opening == "Also calls upon"
    assert all("*" not in p.text and not any(c in p.text for c in "¹²³⁴⁵⁶⁷⁸⁹⁰") for p in res.paragraphs)
    fn7 = next(f for f in res.footnotes if f.number == 7)
    assert fn7.text == "United Nations, Treaty Series, vol. 1249, No. 20378."
    preamble = [p for p in res.paragraphs if p.kind == "preambular"]
    assert preamble[0].text.startswith("Recalling all of its previous resolutions")
    assert preamble[-1].text.startswith("Underlining the important role")
    assert all(p.opening for p in preamble)


def test_subparagraphs(res):
    sub = para(res, "41(a)")
    assert sub.text.startswith("To further study the costs of violence against women")
    assert sub.opening is None
    assert para(res, "41").text.endswith("at all stages of the migration process, and:")
    assert para(res, "42").text.startswith("Encourages the United Nations system")


# --- A/64/152 -----------------------------------------------------------------------


def test_report_golden(rep):
    assert_golden("A_64_152", rep.to_report())


def test_report_counts(rep):
    counts = rep.counts()
    assert counts["numbered"] == 53
    assert counts["footnotes"] == 5
    assert counts["footnote_references"] == 5
    numbers = [p.number for p in rep.paragraphs if p.kind == "report" and p.number]
    assert numbers == [str(n) for n in range(1, 54)]
    assert [p.number for p in rep.paragraphs if p.kind == "subparagraph"] == ["36(a)", "36(b)", "36(c)", "36(d)"]


def test_report_metadata(rep):
    assert rep.symbol is None and rep.number is None and rep.adopted is None
    assert (rep.kind, rep.session, rep.distributed) == ("report", 64, dt.date(2009, 7, 16))
    assert rep.title == "Violence against women migrant workers"
    assert rep.agenda_item == "63"
    assert anomalies(rep, "missing_metadata") == [(1, "the report symbol is not printed in the text")]
    assert rep.extra["header_notes"] == [{"marker": "*", "text": "A/64/50.", "line": 17}]
    assert not any("A/64/50" in p.text for p in rep.paragraphs)


def test_summary_and_headings(rep):
    summary = rep.paragraphs[0]
    assert (summary.kind, summary.number, summary.section) == ("report", None, "Summary")
    assert summary.text.endswith("The report concludes with recommendations for future action.")
    headings = [(p.number, p.text) for p in rep.paragraphs if p.kind == "heading"]
    assert headings[:3] == [
        ("I", "Introduction"),
        ("II", "Measures reported by Member States"),
        ("A", "International instruments"),
    ]
    assert ("1", "Resolutions and recommendations") in headings
    assert ("IV", "Conclusions and recommendations") in headings
    assert len(headings) == 19
    instruments = next(p for p in rep.paragraphs if p.kind == "heading" and p.number == "A")
    assert instruments.footnote_numbers == [2] and instruments.refs[0].offset == len("International instruments")
    assert para(rep, "27").section == "Resolutions and recommendations"
    assert para(rep, "26").section == "Activities undertaken within the United Nations system"
    assert para(rep, "36(b)").section == "Support for legislative and policy development"
    assert not any("Page" in p.text or "Cor" in p.text.split() for p in rep.paragraphs)


def test_recovered_paragraphs(rep):
    assert [line for line, _ in anomalies(rep, "recovered_paragraph")] == [58, 88, 110]
    p4 = para(rep, "4")
    assert p4.text.startswith(
        "As at June 2009, 41 States had become party to the International Convention "
        "on the Protection of the Rights of All Migrant Workers"
    )
    assert para(rep, "3").text.endswith("the Convention and the Trafficking Protocol.")
    assert para(rep, "15").text.endswith("the risks related to illegal employment.")
    p16 = para(rep, "16")
    assert p16.text.startswith("Sweden, Thailand and Turkey emphasized") and p16.line == 88
    assert para(rep, "24").text.endswith("combating violence against women and human trafficking.")
    assert para(rep, "25").text.startswith("A few States reported on specific efforts")
    assert not any(anomalies(rep, "number_out_of_sequence"))


def test_report_page_breaks_rejoined(rep):
    assert "provides them with guidance in this respect, and establishes" in para(rep, "3").text
    assert "measures to combat violence against foreign women" in para(rep, "10").text
    assert "addressed refugee women and women migrants in its resolution 52/2" in para(rep, "28").text
    assert para(rep, "44").text.endswith(
        "The database is intended as a tool for sharing good practices and "
        "initiatives to prevent and eliminate violence against women."
    )
    p2 = para(rep, "2")
    assert p2.footnote_numbers == [1]
    assert p2.text[: p2.refs[0].offset].endswith("implementation of resolution 62/132,")


def test_report_footnotes_and_repairs(rep):
    fn4 = next(f for f in rep.footnotes if f.number == 4)
    assert fn4.text.endswith("website at: http://www.un.org/womenwatch/daw/vaw/v-handbook.htm.")
    assert [line for line, _ in anomalies(rep, "repaired_url")] == [164]
    assert [f.line for f in rep.footnotes] == [52, 54, 124, 164, 186]
    assert [line for line, _ in anomalies(rep, "garbled_contents")] == [29, 38]
    assert [line for line, _ in anomalies(rep, "suspected_lost_hyphen")] == [110, 202]
    assert "sexand age-disaggregated" in para(rep, "24").text  # source text kept


# --- sniffing and malformed input ---------------------------------------------------


@pytest.mark.parametrize(
    "name,claimed",
    [
        ("A_RES_74_127.txt", True),
        ("A_64_152.txt", True),
        ("A_RES_60_139.txt", False),
        ("A_RES_62_132.txt", False),
        ("A_72_215.txt", False),
    ],
)
def test_sniff(name, claimed):
    assert markdown.sniff(read(name)) is claimed


def test_sniff_refuses_xml():
    for path in sorted((FIXTURES / "akn").glob("*.xml")):
        assert not markdown.sniff(path.read_text(encoding="utf-8"))


def test_registry_detects_markdown():
    assert detect(read("A_RES_74_127.txt")) == "markdown"
    assert detect(read("A_64_152.txt")) == "markdown"


@pytest.mark.parametrize(
    "text,line,reason",
    [
        ("", 1, "empty"),
        ("   \n\n", 1, "empty"),
        ("hello¹ world\n\n¹ a note\n", 3, "no report body"),
    ],
)
def test_malformed(text, line, reason):
    with pytest.raises(ParseError) as e:
        markdown.parse(text, "bad.txt")
    assert e.value.line == line and reason in e.value.reason


def test_truncated_resolution_has_no_closing_line():
    lines = read("A_RES_74_127.txt").splitlines()[:240]
    with pytest.raises(ParseError) as e:
        markdown.parse("\n".join(lines), "cut.txt")
    assert e.value.line == 239 and "no closing meeting line" in e.value.reason  # 240 is blank


def test_resolution_without_operative_paragraphs():
    lines = read("A_RES_74_127.txt").splitlines()[:140] + ["", "50th plenary meeting 18 December 2019"]
    with pytest.raises(ParseError) as e:
        markdown.parse("\n".join(lines), "cut.txt")
    assert "no operative paragraphs" in e.value.reason and e.value.line == len(lines)


def test_resolution_without_general_assembly_line():
    text = read("A_RES_74_127.txt").replace("The General Assembly,", "The Assembly")
    with pytest.raises(ParseError) as e:
        markdown.parse(text, "x.txt")
    assert e.value.line == 1


def test_report_without_numbered_paragraphs():
    lines = read("A_64_152.txt").splitlines()[:41]
    with pytest.raises(ParseError) as e:
        markdown.parse("\n".join(lines), "cut.txt")
    assert "no numbered paragraphs" in e.value.reason and e.value.line == 40  # the last non-blank line


def test_random_slices_raise_only_parse_errors():
    rng = random.Random(7)
    texts = [read(n) for n in ("A_RES_74_127.txt", "A_64_152.txt", "A_72_215.txt")]
    for _ in range(300):
        text = rng.choice(texts)
        a = rng.randrange(len(text))
        b = rng.randrange(a, len(text) + 1)
        try:
            markdown.parse(text[a:b], "slice.txt")
        except ParseError as e:  # any other exception is a bug and fails the test
            assert e.line is None or e.line >= 1
            assert e.reason
