"""The ingest command: the default collection loads exactly, re-runs change nothing,
changed sources replace their document whole, bad input fails clearly and atomically."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError

from archive.ingest import persist
from archive.ingest.pipeline import run_ingest
from archive.models import Document, Footnote, FootnoteReference, Paragraph

BASE_DIR = settings.BASE_DIR
SOURCES = BASE_DIR / "fixtures" / "sources"

EXPECTED = {
    # symbol: (preambular, operative, subparagraphs, numbered report paragraphs, footnotes with text)
    "A/RES/60/139": (15, 18, 0, 0, 12),
    "A/RES/62/132": (18, 18, 0, 0, 13),
    "A/RES/72/149": (36, 38, 4, 0, 34),
    "A/RES/74/127": (41, 43, 4, 0, 36),  # shown from the AKN, which has footnote 13's text
    "A/64/152": (0, 0, 4, 53, 5),
    "A/72/215": (0, 0, 13, 65, 54),
}


def failing_copy(model, error: Exception):
    """``persist._copy`` that raises ``error`` when the rows of ``model`` are written (the rows of the
    tables copied before it are then already in the transaction)."""
    real = persist._copy

    def copy(cursor, table, columns, rows):
        if table is model:
            raise error
        return real(cursor, table, columns, rows)

    return copy


def counts(doc: Document) -> tuple:
    paras = doc.paragraphs.all()
    return (
        paras.filter(kind="preambular").count(),
        paras.filter(kind="operative").count(),
        paras.filter(kind="subparagraph").count(),
        paras.filter(kind="report").exclude(number="").count(),
        doc.footnotes.filter(text_missing=False).count(),
    )


@pytest.mark.django_db
def test_default_collection_loads_every_document_with_exact_counts(collection):
    assert set(collection) == {*EXPECTED, "A/RES/76/141", "A/RES/78/180", "A/RES/80/185"}
    for symbol, expected in EXPECTED.items():
        assert counts(collection[symbol]) == expected, symbol
    res_74 = collection["A/RES/74/127"]
    assert res_74.source_format == "akn"
    assert "A_RES_74_127.txt (markdown) was also read" in res_74.source_note
    assert "fixtures/" not in res_74.source_note and res_74.source_file == "A_RES_74_127.xml"
    # markers referenced twice are two references to one footnote
    assert FootnoteReference.objects.filter(footnote__document=res_74, footnote__number=18).count() == 2
    assert FootnoteReference.objects.filter(paragraph__document=res_74).count() == 39


@pytest.mark.django_db
def test_manifest_fills_what_the_source_lacks_and_reports_answer_resolutions(collection):
    r62 = collection["A/RES/62/132"]
    assert (r62.number, r62.session, r62.title) == ("62/132", 62, "Violence against women migrant workers")
    assert r62.adopted.isoformat() == "2007-12-18" and r62.meeting == "76th plenary meeting"
    assert any(a["code"] == "missing_metadata" for a in r62.anomalies)
    assert collection["A/64/152"].answers == r62
    assert collection["A/RES/60/139"].committee_report == "A/60/503"
    assert collection["A/RES/74/127"].adoption_type == "without a vote"
    r80 = collection["A/RES/80/185"]
    assert (r80.adoption_type, r80.votes_yes, r80.votes_no, r80.votes_abstain) == ("recorded vote", 175, 3, 3)
    assert len(r80.metadata["votes"]["in_favour_states"]) == 175


@pytest.mark.django_db
def test_rerunning_ingest_changes_nothing(collection):
    before = sorted(Paragraph.objects.values_list("id", "text"))
    result = run_ingest()
    assert {o.status for o in result.outcomes} == {"unchanged"}
    assert sorted(Paragraph.objects.values_list("id", "text")) == before
    assert Document.objects.count() == 9


@pytest.mark.django_db
def test_a_changed_source_replaces_its_document_whole(collection, tmp_path):
    src = tmp_path / "A_RES_60_139.txt"
    text = (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8")
    src.write_text(text, encoding="utf-8")
    assert run_ingest([str(src)]).outcomes[0].status == "replaced"  # another source file: new fingerprint
    src.write_text(
        text.replace("Calls upon all Governments to incorporate", "Urges all Governments to incorporate"),
        encoding="utf-8",
    )
    result = run_ingest([str(src)])
    assert result.outcomes[0].status == "replaced"
    doc = Document.objects.get(symbol="A/RES/60/139")
    op6 = doc.paragraphs.get(anchor="op6")
    assert op6.text.startswith("Urges all Governments to incorporate") and op6.opening == "Urges"
    assert counts(doc) == EXPECTED["A/RES/60/139"]
    assert Document.objects.filter(symbol="A/RES/60/139").count() == 1
    assert run_ingest([str(src)]).outcomes[0].status == "unchanged"


@pytest.mark.django_db
def test_an_edited_authority_file_re_resolves_unchanged_sources(collection, tmp_path, monkeypatch):
    from archive.citations import resolve as citing
    from archive.models import Instrument

    data = json.loads(citing.AUTHORITY.read_text(encoding="utf-8"))
    ilo = next(e for e in data["instruments"] if e["key"] == "web:ilo.org")
    ilo["title"] = "ILO website (title edited)"
    edited = tmp_path / "authority.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(citing, "AUTHORITY", edited)
    citing.authority.cache_clear(), citing.authority_digest.cache_clear()
    try:
        result = run_ingest()
        assert {o.status for o in result.outcomes} == {"replaced"}
        assert Instrument.objects.get(key="web:ilo.org").title == "ILO website (title edited)"
        assert {o.status for o in run_ingest().outcomes} == {"unchanged"}
    finally:
        citing.authority.cache_clear(), citing.authority_digest.cache_clear()


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_the_previous_state(collection, tmp_path, monkeypatch):
    doc = collection["A/RES/60/139"]
    before = list(doc.paragraphs.values_list("text", flat=True))
    src = tmp_path / "A_RES_60_139.txt"
    src.write_text(
        (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8").replace("Recalling all", "Recalling once more all"),
        encoding="utf-8",
    )

    monkeypatch.setattr(
        persist, "_copy", failing_copy(persist.FootnoteReference, DatabaseError("disk full (injected)"))
    )
    result = run_ingest([str(src)])
    assert result.failed and "disk full" in result.errors[0]["message"]
    assert result.errors[0]["kind"] == "database_error"
    assert result.outcomes[0].status == "failed"
    assert list(Document.objects.get(symbol="A/RES/60/139").paragraphs.values_list("text", flat=True)) == before
    assert Footnote.objects.filter(document__symbol="A/RES/60/139").count() == 12


@pytest.mark.django_db
def test_an_instrument_that_cannot_be_recorded_fails_its_document_only(collection, tmp_path, monkeypatch):
    from archive.citations.store import InstrumentRegistry
    from archive.models import Instrument

    sources = []
    for name, old, new in [
        ("A_RES_60_139.txt", "Recalling all", "Recalling once more all"),
        ("A_RES_74_127.txt", "", ""),
    ]:
        src = tmp_path / name
        # 74/127's copy gains a blank line at its end: a changed source, so that it is written again
        # (an unchanged copy of one of its sources would leave it as built)
        text = (SOURCES / name).read_text(encoding="utf-8")
        src.write_text(text.replace(old, new) if old else text + "\n", encoding="utf-8")
        sources.append(str(src))
    before_60 = list(collection["A/RES/60/139"].paragraphs.values_list("text", flat=True))
    cited_by_60 = Instrument.objects.filter(citations__footnote__document__symbol="A/RES/60/139")
    # one instrument only 60/139 cites, which the database refuses; one it shares with 74/127
    refused = cited_by_60.exclude(citations__footnote__document__symbol="A/RES/74/127").values_list("key", flat=True)
    refused = sorted(refused)[0]
    shared = "Sales:E.95.XIII.18"
    assert cited_by_60.filter(key=shared).exists()
    Instrument.objects.filter(key__in=[refused, shared]).delete()
    real_flush = InstrumentRegistry.flush

    def flush(registry):
        if any(i.key == refused for i in registry._new.values()):
            raise DatabaseError("text fields cannot contain NUL (injected)")
        return real_flush(registry)

    monkeypatch.setattr(InstrumentRegistry, "flush", flush)
    result = run_ingest(sources)
    by_symbol = {o.shown.doc.symbol: o.status for o in result.outcomes}
    assert by_symbol["A/RES/60/139"] == "failed" and by_symbol["A/RES/74/127"] == "replaced"
    assert [e["source"] for e in result.errors] == [sources[0]] and "NUL (injected)" in result.errors[0]["message"]
    assert "while recording the instruments it cites" in result.errors[0]["message"]
    assert list(Document.objects.get(symbol="A/RES/60/139").paragraphs.values_list("text", flat=True)) == before_60
    assert not Instrument.objects.filter(key=refused).exists()
    # created by 74/127 itself once 60/139's transaction, which had made it first, was rolled back
    assert Instrument.objects.filter(key=shared, citations__footnote__document__symbol="A/RES/74/127").exists()


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"\xff\xfe\x00garbage", "binary file"),
        ((SOURCES / "A_RES_60_139.txt").read_bytes().replace(b"Calls upon all", b"Calls\x00 upon all"), "NUL byte"),
        ("Caf\u00e9 menu\nsoup of the day\n".encode("latin-1"), "not UTF-8"),
        (b"Shopping list\neggs\nmilk\n", "no recognisable structure"),
    ],
)
@pytest.mark.django_db
def test_malformed_input_is_refused_with_file_line_and_reason(collection, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = Paragraph.objects.count()
    result = run_ingest([str(bad)])
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error["source"] == str(bad)
    assert error["kind"] == "parse_error"
    assert reason in error["message"]
    assert isinstance(error["line"], int) and error["line"] >= 1
    assert Paragraph.objects.count() == before


@pytest.mark.django_db
def test_truncated_source_fails_and_the_archive_keeps_the_document(collection, tmp_path):
    text = (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8")
    cut = tmp_path / "A_RES_60_139.txt"
    cut.write_text(text[: len(text) // 3], encoding="utf-8")
    result = run_ingest([str(cut)])
    assert result.failed
    assert result.errors[0]["source"] == str(cut) and result.errors[0]["line"]
    assert counts(Document.objects.get(symbol="A/RES/60/139")) == EXPECTED["A/RES/60/139"]


@pytest.mark.django_db
def test_one_bad_file_does_not_stop_the_others(collection, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SOURCES / "A_RES_60_139.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    result = run_ingest([str(folder)])
    assert [e["source"] for e in result.errors] == [str(folder / "empty.txt")]
    assert [o.shown.doc.symbol for o in result.outcomes] == ["A/RES/60/139"]


def _planted_bug(*args, **kwargs):
    raise IndexError("list index out of range (planted)")


def _assert_internal(error: dict, source) -> None:
    assert error["source"] == str(source)
    assert error["kind"] == "internal_error" and error["exception"] == "IndexError"
    assert "planted" in error["message"] and "a bug in the archive, not a fault of the source" in error["message"]
    assert error["line"] is None


def _logged_traceback(caplog) -> str:
    (record,) = [r for r in caplog.records if r.name == "archive.ingest.pipeline" and r.exc_info]
    assert record.levelname == "ERROR"
    return caplog.text


def test_a_bug_in_a_parser_is_reported_as_internal_not_as_a_bad_source(monkeypatch, caplog, tmp_path):
    from archive.parsing import ocr

    monkeypatch.setattr(ocr._Parser, "_label_headings", _planted_bug)
    source = SOURCES / "A_72_215.txt"  # the OCR report
    result = run_ingest([str(source), str(SOURCES / "A_RES_60_139.txt")], dry_run=True)
    (error,) = result.errors
    _assert_internal(error, source)
    assert "Traceback" in _logged_traceback(caplog) and "_planted_bug" in caplog.text
    assert [o.shown.doc.symbol for o in result.outcomes] == ["A/RES/60/139"]  # the others still parse
    # and the command says so, in its report
    report = tmp_path / "report.json"
    with pytest.raises(SystemExit):
        call_command("ingest", str(source), "--dry-run", "--report", str(report))
    (reported,) = json.loads(report.read_text())["errors"]
    _assert_internal(reported, source)


def test_a_bug_in_the_citation_parser_is_reported_as_internal(monkeypatch, caplog):
    from archive.citations import parse as citations

    monkeypatch.setattr(citations, "_identifiers", _planted_bug)
    source = SOURCES / "A_RES_60_139.txt"
    result = run_ingest([str(source)], dry_run=True)
    (error,) = result.errors
    _assert_internal(error, source)
    assert "_planted_bug" in _logged_traceback(caplog)
    assert result.outcomes == []


@pytest.mark.django_db
def test_a_bug_while_writing_is_internal_and_leaves_the_previous_state(collection, tmp_path, monkeypatch, caplog):
    before = list(collection["A/RES/60/139"].paragraphs.values_list("text", flat=True))
    src = tmp_path / "A_RES_60_139.txt"
    src.write_text(
        (SOURCES / "A_RES_60_139.txt").read_text(encoding="utf-8").replace("Recalling all", "Recalling once more all"),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        persist, "_copy", failing_copy(persist.FootnoteReference, IndexError("list index out of range (planted)"))
    )
    result = run_ingest([str(src)])
    (error,) = result.errors
    _assert_internal(error, src)
    assert "while loading" in error["message"] and _logged_traceback(caplog)
    assert result.outcomes[0].status == "failed"
    assert list(Document.objects.get(symbol="A/RES/60/139").paragraphs.values_list("text", flat=True)) == before


def test_a_bad_metadata_record_is_refused_with_file_and_line_and_nothing_loads(tmp_path):
    (tmp_path / "akn").mkdir()
    (tmp_path / "metadata").mkdir()
    shutil.copy(BASE_DIR / "fixtures" / "akn" / "A_RES_74_127.xml", tmp_path / "akn")
    bad = tmp_path / "metadata" / "74.jsonl"
    bad.write_text('{"symbol": "A/RES/74/127"}\n{"symbol": \n', encoding="utf-8")
    result = run_ingest([str(tmp_path / "akn")], dry_run=True)
    assert result.errors == [
        {"source": str(bad), "kind": "parse_error", "line": 2, "message": result.errors[0]["message"]}
    ]
    assert "not a JSON object" in result.errors[0]["message"]
    assert result.outcomes == []


def test_dry_run_needs_no_database_and_writes_the_report(tmp_path):
    report = tmp_path / "report.json"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--dry-run", "--report", str(report)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("dry run: 9 documents")
    data = json.loads(report.read_text())
    assert data["errors"] == []
    by_source = {d["source"]: d for d in data["documents"]}
    d = by_source["fixtures/sources/A_RES_74_127.txt"]
    assert d["counts"] == {
        "preambular": 41,
        "operative": 43,
        "subparagraphs": 4,
        "numbered": 0,
        "footnotes": 35,
        "footnote_references": 39,
    }
    assert {"code", "message", "line"} <= set(d["anomalies"][0])
    assert any(a["code"] == "missing_footnote_text" and "13" in a["message"] for a in d["anomalies"])
    r60 = by_source["fixtures/sources/A_RES_60_139.txt"]
    assert (r60["symbol"], r60["kind"], r60["session"], r60["adopted"], r60["format"]) == (
        "A/RES/60/139",
        "resolution",
        60,
        "2005-12-16",
        "ods_export",
    )
    first = r60["paragraphs"][0]
    assert set(first) == {"kind", "number", "opening", "text", "footnotes"}
    assert first["footnotes"] == [1] and first["opening"] == "Recalling"
    fn10 = next(f for f in r60["footnotes"] if f["number"] == 10)
    assert fn10["citations"][0]["key"] == "UNTS:2220:39481"
    # every citation of an instrument names it; only a remark ("other") has none
    cites = [c for d in data["documents"] for f in d["footnotes"] for c in f["citations"]]
    assert len(cites) > 250 and all(set(c) == {"kind", "key", "pinpoint", "instrument"} for c in cites)
    assert all(c["instrument"] for c in cites if c["kind"] != "other")
    assert all(c["instrument"] is None for c in cites if c["kind"] == "other")


def test_command_exits_1_when_a_document_failed(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--dry-run", str(bad)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"error: {bad}:1: empty file" in done.stderr
    assert "1 failed" in done.stdout


@pytest.mark.django_db
def test_only_option_loads_only_that_document(collection):
    result = run_ingest(only="A/RES/62/132")
    assert [o.shown.doc.symbol for o in result.outcomes] == ["A/RES/62/132"]


@pytest.mark.django_db
def test_command_prints_a_one_line_summary(collection, capsys):
    call_command("ingest")
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("9 documents: 9 unchanged, 0 failed")


def test_a_title_guessed_from_the_words_before_the_marker_stays_marked_as_guessed():
    from archive.citations.resolve import resolve_document
    from archive.parsing.document import FootnoteRef, ParsedDocument, ParsedFootnote, ParsedParagraph

    doc = ParsedDocument(source="t", format="markdown", kind="resolution")
    text = "Recalling the Convention on Widgets,"
    doc.paragraphs.append(
        ParsedParagraph(
            kind="preambular", text=text, number=None, opening="Recalling", refs=[FootnoteRef(1, len(text) - 1)], line=1
        )
    )
    doc.footnotes.append(ParsedFootnote(1, "Resolution 48/999, annex.", 2))
    (c,) = resolve_document(doc)[1]
    assert (c.key, c.title, c.title_inferred, c.authoritative) == (
        "A/RES/48/999/annex",
        "Convention on Widgets",
        True,
        False,
    )
