"""AKN4UN XML parser, the metadata records, and the AKN/Markdown comparison of 74/127."""

import datetime as dt
import json

import pytest

from archive.parsing import akn
from archive.parsing.compare import compare_documents, normalize
from archive.parsing.document import ParseError
from archive.parsing.metadata import (
    apply_metadata,
    load_metadata_records,
    normalize_record,
)

from .golden import FIXTURES, assert_golden

AKN = FIXTURES / "akn"


def load(name):
    return akn.parse((AKN / f"{name}.xml").read_text(encoding="utf-8"), f"{name}.xml")


@pytest.fixture(scope="module")
def r74():
    return load("A_RES_74_127")


@pytest.fixture(scope="module")
def r76():
    return load("A_RES_76_141")


def para(doc, number):
    return next(p for p in doc.paragraphs if p.number == number)


# --- 74/127 ---------------------------------------------------------------------


def test_74_127_counts(r74):
    # The XML has footnote 13 (UNW/2017/6/Rev.1), which the Markdown source lacks: 36 footnotes here,
    # 35 in A_RES_74_127.txt; 39 marker references in both.
    assert r74.counts() == {
        "preambular": 41,
        "operative": 43,
        "subparagraphs": 4,
        "numbered": 0,
        "footnotes": 36,
        "footnote_references": 39,
    }
    assert [f.number for f in r74.footnotes] == list(range(1, 37))
    assert r74.anomalies == []


def test_74_127_metadata(r74):
    assert (r74.symbol, r74.number, r74.session, r74.kind) == ("A/RES/74/127", "74/127", 74, "resolution")
    assert r74.title == "Violence against women migrant workers"
    assert r74.adopted == dt.date(2019, 12, 18)
    assert r74.distributed == dt.date(2020, 1, 10)
    assert (r74.agenda_item, r74.committee_report, r74.meeting) == ("26 (a)", "A/74/392", "50th plenary meeting")
    extra = r74.extra
    assert extra["meeting_record"] == "A/74/PV.50"
    assert extra["report_paragraph"] == "21"
    assert extra["adoption_type"] == "without a vote"
    assert extra["job_number"] == "19-22222"
    assert extra["sponsors"][:2] == ["Bangladesh", "Côte d’Ivoire"]
    assert extra["sponsors"][-1] == "Venezuela (Bolivarian Republic of)"
    assert len(extra["additional_sponsors"]) == 39


def test_74_127_repeated_markers_are_sup_elements(r74):
    # "<sup>4</sup>" repeats footnote 4 without defining it again.
    p = next(p for p in r74.paragraphs if p.text.startswith("Reaffirming the outcomes of the Fourth"))
    assert [(r.number, r.offset) for r in p.refs] == [(4, 114), (14, 271)]
    assert p.text[:114].endswith("Platform for Action,")
    assert p.text[114:].startswith(" and of the twenty-third")
    three = para(r74, "3")
    assert three.footnote_numbers == [25, 26, 27, 18, 20, 28, 29, 30, 31, 32]
    assert three.text[: three.refs[3].offset].endswith("Domestic Workers Convention, 2011 (No. 189),")


def test_74_127_texts_and_footnotes(r74):
    first = r74.paragraphs[0]
    assert first.kind == "preambular" and first.opening == "Recalling" and first.number is None
    assert first.text.endswith("the Declaration on the Elimination of Violence against Women,")
    assert first.refs[0].offset == len(first.text)
    assert para(r74, "1").text == "Takes note of the report of the Secretary-General;"
    assert para(r74, "43").opening == "Requests the Secretary-General"
    assert para(r74, "43").text.endswith("including non-governmental organizations.")  # U+2011 in the XML
    notes = {f.number: f.text for f in r74.footnotes}
    assert notes[1] == "Resolution 48/104."
    assert notes[13] == "UNW/2017/6/Rev.1."
    assert notes[14] == "Resolution S-23/2, annex, and resolution S-23/3, annex."
    assert all("  " not in p.text and p.text == p.text.strip() for p in r74.paragraphs)


def test_74_127_unnumbered_paragraphs_become_subparagraphs(r74):
    subs = [p for p in r74.paragraphs if p.kind == "subparagraph"]
    assert [p.number for p in subs] == ["41(a)", "41(b)", "41(c)", "41(d)"]
    assert subs[0].text == (
        "To further study the costs of violence against women, including migrant workers, "
        "to the women themselves, their families and their communities;"
    )
    assert subs[0].opening is None
    kinds = [p.kind for p in r74.paragraphs]
    assert kinds.index("subparagraph") == kinds.index("operative") + 41  # right after operative 41


def test_golden_74_127(r74):
    assert_golden("akn_A_RES_74_127", r74.to_report())


# --- 76/141: <point> sub-items ---------------------------------------------------------


def test_76_141_points(r76):
    assert r76.counts() == {
        "preambular": 43,
        "operative": 46,
        "subparagraphs": 4,
        "numbered": 0,
        "footnotes": 39,
        "footnote_references": 39,
    }
    assert [p.number for p in r76.paragraphs if p.kind == "subparagraph"] == ["43(a)", "43(b)", "43(c)", "43(d)"]
    assert para(r76, "43").text.endswith("at all stages of the migration process, and:")
    assert (r76.meeting, r76.adopted, r76.committee_report) == (
        "53rd plenary meeting",
        dt.date(2021, 12, 16),
        "A/76/455",
    )


def test_golden_76_141(r76):
    assert_golden("akn_A_RES_76_141", r76.to_report())


def test_80_185_recorded_vote():
    doc = load("A_RES_80_185")
    votes = doc.extra["votes"]
    assert (votes["in_favour"], votes["against"], votes["abstaining"]) == (175, 3, 3)
    assert votes["against_states"] == ["ARGENTINA", "ISRAEL", "UNITED STATES"]
    assert len(votes["in_favour_states"]) == 175
    assert doc.meeting == "62nd plenary meeting"  # <location> in <conclusions>, not <inline>


# --- sniff and malformed input ------------------------------------------------------------


def test_sniff():
    assert akn.sniff((AKN / "A_RES_74_127.xml").read_text(encoding="utf-8"))
    assert akn.sniff('\ufeff<?xml version="1.0"?>\n<!-- x -->\n<akomaNtoso xmlns="x"/>')
    assert not akn.sniff("<html><body>akomaNtoso</body></html>")
    for source in (FIXTURES / "sources").glob("*.txt"):
        assert not akn.sniff(source.read_text(encoding="utf-8")), source.name


XML = (AKN / "A_RES_74_127.xml").read_text(encoding="utf-8")
NS = 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", 1, "empty"),
        ("   \n", 1, "empty"),
        ("hello", 1, "malformed XML"),
        (XML[: len(XML) // 2], 306, "malformed XML"),
        (XML.replace("<num>\t3.</num>", "<num>\t3.</nmu>", 1), 325, "mismatched tag"),
        ('<?xml version="1.0"?>\n<html><body/></html>', 2, "not AKN"),
        (f"<akomaNtoso {NS}>\n<statement><meta/></statement></akomaNtoso>", 2, "without <mainBody>"),
        (f"<akomaNtoso {NS}>\n<statement>\n<mainBody/></statement></akomaNtoso>", 3, "no operative paragraphs"),
        (f"<akomaNtoso {NS}/>", 1, "without a document element"),
    ],
)
def test_malformed(text, line, reason):
    with pytest.raises(ParseError) as err:
        akn.parse(text, "bad.xml")
    assert err.value.line == line
    assert reason in err.value.reason


def test_number_inside_text_is_recovered():
    body = (
        f"<akomaNtoso {NS}><statement><mainBody>"
        "<paragraph><num>1.</num><content><p>Decides to act;</p></content></paragraph>\n"
        "<paragraph><content><p>\t2.\u200e\t<span>Requests</span> a report.</p></content></paragraph>"
        "</mainBody></statement></akomaNtoso>"
    )
    doc = akn.parse(body, "x.xml")
    assert [(p.number, p.text) for p in doc.paragraphs] == [("1", "Decides to act;"), ("2", "Requests a report.")]
    assert [a.code for a in doc.anomalies if a.code != "missing_metadata"] == ["recovered_paragraph"]


def test_sup_without_footnote_text_is_reported():
    body = (
        f"<akomaNtoso {NS}><statement><mainBody><paragraph><num>1.</num><content>"
        "<p>Recalls the Convention,<sup>7</sup> and decides;</p></content></paragraph>"
        "</mainBody></statement></akomaNtoso>"
    )
    doc = akn.parse(body, "x.xml")
    assert doc.paragraphs[0].text == "Recalls the Convention, and decides;"
    assert [(r.number, r.offset) for r in doc.paragraphs[0].refs] == [(7, 23)]
    assert "missing_footnote_text" in [a.code for a in doc.anomalies]


# --- the AKN4UN version against the Markdown conversion ----------------------------------


def test_74_127_matches_its_markdown_version_paragraph_by_paragraph(r74):
    from archive.parsing import markdown

    md = markdown.parse((FIXTURES / "sources" / "A_RES_74_127.txt").read_text(encoding="utf-8"), "A_RES_74_127.txt")
    result = compare_documents(r74, md)
    assert result["only_in_a"] == [] and result["only_in_b"] == []
    assert result["aligned"] == len(r74.paragraphs) == len(md.paragraphs) == 88
    assert result["differences"] == [], json.dumps(result["differences"], indent=1, ensure_ascii=False)
    assert result["ref_differences"] == []
    assert result["substantive"] == 0
    # typographic variants only: curly vs straight quotes, hyphens lost in the conversion
    assert 0 < result["minor"] == len(result["minor_differences"])
    assert any("gendersensitive" in d["b"] and "gender-sensitive" in d["a"] for d in result["minor_differences"])
    # footnote 13's text is absent from the Markdown source (reported there as missing_footnote_text)
    assert result["footnotes"]["only_in_a"] == [13] and result["footnotes"]["only_in_b"] == []
    assert result["footnotes"]["differences"] == []


def test_compare_normalization_is_typographic_only():
    assert normalize("women’s “Women 2000” 6–12 gender\u2011sensitive") == normalize(
        'women\'s "Women 2000" 6-12 gendersensitive'
    )
    assert normalize("Urges States") != normalize("Calls upon States")
    assert normalize("resolution 48/104") != normalize("resolution 48/105")


# --- metadata records --------------------------------------------------------------------


def test_load_metadata_records_formats():
    records = load_metadata_records(FIXTURES / "metadata" / "series.jsonl")
    assert sorted(records) == ["A/RES/74/127", "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"]
    r74, r80 = records["A/RES/74/127"], records["A/RES/80/185"]
    assert r74["adopted"] == dt.date(2019, 12, 18)  # "2019-12-18 00:00:00"
    assert r80["adopted"] == dt.date(2025, 12, 15)  # "15\xa0December 2025"
    assert records["A/RES/76/141"]["adopted"] == dt.date(2021, 12, 16)
    assert r74["votes"]["in_favour"] is None  # "N.A.", adopted without a vote
    assert r74["adoption_type"] == "without a vote"
    assert (r80["votes"]["in_favour"], r80["votes"]["against"], r80["votes"]["abstaining"]) == (175, 3, 3)
    assert r80["adoption_type"] == "recorded vote"
    assert (r74["session"], r74["agenda_item"], r74["committee_report"]) == (74, "26 (a)", "A/74/392")
    assert records["A/RES/78/180"]["committee_report"] == "A/78/473"  # "A/78/473, para. 24"


def test_load_metadata_records_rejects_bad_lines(tmp_path):
    bad = tmp_path / "99.jsonl"
    bad.write_text('{"symbol": "A/RES/99/1"}\n\n{not json\n', encoding="utf-8")
    with pytest.raises(ParseError) as err:
        load_metadata_records(bad)
    assert err.value.line == 3


def test_apply_metadata_fills_and_reports_conflicts(r74):
    record = load_metadata_records(FIXTURES / "metadata" / "series.jsonl")["A/RES/74/127"]
    doc = load("A_RES_74_127")
    apply_metadata(doc, record)
    assert doc.anomalies == []  # XML and record agree on 74/127
    assert doc.extra["subjects"][0] == ["Gender-Based Violence", "UNBIS Thesaurus"]
    assert doc.extra["sdgs"] == ["16", "5", "3"]

    doc = load("A_RES_74_127")
    doc.meeting = None
    doc.extra.pop("sponsors")
    conflicting = normalize_record(
        {**record["raw"], "adoption_date": "17 December 2019", "additional_sponsors": ["ARGENTINA"]}
    )
    apply_metadata(doc, conflicting)
    assert doc.meeting == "50th plenary meeting"  # filled from the record
    assert doc.adopted == dt.date(2019, 12, 18)  # the text wins ...
    assert doc.extra["sponsors"][0] == "BANGLADESH"  # filled from the record
    messages = [a.message for a in doc.anomalies if a.code == "metadata_conflict"]
    assert any(m.startswith("adopted:") for m in messages)  # ... and the conflict is reported
    assert any(m.startswith("additional_sponsors:") for m in messages)


# --- every AKN file in the repository ---------------------------------------------------
# (a whole corpus, with the time it takes: python -m scripts.fuzz --corpus DIR)


@pytest.mark.parametrize(
    "path", sorted([*AKN.glob("*.xml"), *(FIXTURES / "samples").glob("*.xml")]), ids=lambda p: p.name
)
def test_every_akn_file_of_the_repository_parses(path):
    text = path.read_bytes().decode("utf-8-sig")
    assert akn.sniff(text)
    doc = akn.parse(text, path.name)
    assert doc.symbol and doc.session and doc.paragraphs
    assert all(p.text.strip() for p in doc.paragraphs)


def test_language_versions_keep_their_sub_item_labels_as_printed():
    """French, Spanish and Russian print "a)", the Arabic "(أ)": whether the label is a <num> or the text's
    first characters, the parsed number is the paragraph's number and the label as printed."""
    from pathlib import Path

    from archive.parsing.akn import parse

    root = Path(__file__).resolve().parents[2] / "fixtures" / "languages"
    for pattern, label in (("*F.xml", "a)"), ("*S.xml", "a)"), ("*R.xml", "a)"), ("*A.xml", "(أ)")):
        for path in sorted(root.glob(f"*/{pattern}")):
            doc = parse(path.read_text(encoding="utf-8"), str(path))
            subs = [p.number for p in doc.paragraphs if p.kind == "subparagraph"]
            assert subs and subs[0].endswith(label) and subs[0][: -len(label)].isdigit(), (path.name, subs[:3])
