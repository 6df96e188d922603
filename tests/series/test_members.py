"""Series membership without a database: the registry file, facts read from texts, the merge."""

import datetime as dt
import json

import pytest

from archive.series.discover import Fact, TextParagraph, report_facts, resolution_facts, session_of
from archive.series.members import HeldDocument, merge_members
from archive.series.registry import RegistryError, SeriesEntry, load_registry

TITLE = "Protection of seafarers"


def test_facts_a_resolution_states_of_its_reports():
    paragraphs = [
        TextParagraph("preambular", "Recalling", "Recalling its resolution 70/12,", "pp1"),
        TextParagraph(
            "operative", "Takes note", "Takes note of the report of the Secretary-General;", "op1", ["A/72/301."]
        ),
        TextParagraph(
            "operative", "Takes note", "Takes note of the report of the Special Rapporteur;", "op2", ["A/HRC/35/1."]
        ),
        TextParagraph(
            "operative",
            "Requests",
            "Requests the Secretary-General to submit a report to the General "
            "Assembly at its seventy-fourth session on the implementation of the present resolution.",
            "op3",
        ),
    ]
    assert resolution_facts(paragraphs) == [
        Fact("takes_note_of", "A/72/301", "op1"),
        Fact("requests_session", 74, "op3"),
    ]


def test_facts_a_report_states_of_its_resolution_and_the_previous_report():
    paragraphs = [
        TextParagraph(
            "report", "", "The present report, submitted pursuant to General Assembly resolution 72/12, ...", "summary"
        ),
        TextParagraph(
            "report", "", f"In its resolution 72/12 on {TITLE.lower()}, the General Assembly requested ...", "para. 1"
        ),
        TextParagraph("report", "", "Since the previous report (A/72/301), States have ...", "para. 2"),
        TextParagraph(
            "report", "", "In its resolution 71/5 on oceans and the law of the sea, the Assembly ...", "para. 3"
        ),
    ]
    facts = report_facts(paragraphs, TITLE)
    assert facts == [
        Fact("answers", "A/RES/72/12", "summary"),
        Fact("answers", "A/RES/72/12", "para. 1"),
        Fact("previous_report", "A/72/301", "para. 2"),
    ]  # 71/5 is another series' resolution
    assert (session_of("A/RES/72/12"), session_of("A/72/301"), session_of("E/2019/27")) == (72, 72, None)


def _registry(tmp_path, members):
    path = tmp_path / "series.json"
    path.write_text(json.dumps({"series": [{"slug": "seafarers", "title": TITLE, "members": members}]}))
    return load_registry(path)


def test_registry_members_and_the_sources_of_their_facts(tmp_path):
    [entry] = _registry(
        tmp_path,
        [
            {
                "kind": "resolution",
                "session": 70,
                "symbol": "A/RES/70/12",
                "year": 2015,
                "requests_session": 72,
                "sources": {"symbol": "UN records", "year": "UN records"},
            },
            {"kind": "report", "session": 72, "symbol": "", "note": "symbol not known to the archive"},
        ],
    )
    first, report = entry.members
    assert (first.number, first.year, first.adopted, first.sources) == (
        "70/12",
        2015,
        None,
        {"symbol": ["UN records"], "year": ["UN records"]},
    )
    assert report.symbol == "" and report.note.startswith("symbol not known")


def test_a_malformed_registry_names_the_file_and_line(tmp_path):
    bad = tmp_path / "series.json"
    bad.write_text('{"series": [\n  {"slug": "x",,}]}')
    with pytest.raises(RegistryError, match=r"series\.json, line 2"):
        load_registry(bad)
    bad.write_text(
        json.dumps({"series": [{"slug": "x", "title": "X", "members": [{"kind": "decision", "session": 1}]}]})
    )
    with pytest.raises(RegistryError, match="neither resolution nor report"):
        load_registry(bad)
    assert load_registry(tmp_path / "missing.json") == []


def test_merge_fills_gaps_from_the_texts_and_reports_conflicts(tmp_path):
    [entry] = _registry(
        tmp_path,
        [
            {"kind": "resolution", "session": 70, "symbol": "A/RES/70/12", "year": 2015, "requests_session": 72},
            {"kind": "report", "session": 72, "symbol": ""},
            {
                "kind": "resolution",
                "session": 72,
                "symbol": "A/RES/72/12",
                "adopted": "2017-12-18",
                "takes_note_of": "A/72/999",
            },
        ],
    )
    held = [
        HeldDocument("A/72/301", "report", 72, facts=[Fact("answers", "A/RES/70/12", "para. 1")]),
        HeldDocument(
            "A/RES/72/12",
            "resolution",
            72,
            dt.date(2017, 12, 19),
            facts=[Fact("takes_note_of", "A/72/301", "op1"), Fact("requests_session", 74, "op9")],
        ),
    ]
    members, conflicts = merge_members(entry, held)
    assert [(m.kind, m.session, m.symbol, m.held) for m in members] == [
        ("resolution", 70, "A/RES/70/12", False),
        ("report", 72, "A/72/301", True),  # the registry's symbol-less report is the held one
        ("resolution", 72, "A/RES/72/12", True),
        ("report", 74, "", False),  # requested by 72/12's text
    ]
    resolution = members[2]
    assert resolution.adopted == dt.date(2017, 12, 19) and resolution.takes_note_of == "A/72/301"
    assert resolution.sources["takes_note_of"] == ["text of A/RES/72/12, op1"]
    assert members[3].answers == "A/RES/72/12"  # derived from the request
    assert sorted(c.message.split(":")[0] for c in conflicts) == [
        "takes note of",
        "the text is dated 19 December 2017, the registry 18 December 2017; the text is kept",
    ]


def test_without_a_registry_the_held_documents_are_the_members():
    members, conflicts = merge_members(None, [HeldDocument("A/RES/75/1", "resolution", 75)])
    assert [(m.symbol, m.held) for m in members] == [("A/RES/75/1", True)] and conflicts == []
    assert isinstance(SeriesEntry("s", "t").members, list)
