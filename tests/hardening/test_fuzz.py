"""Parser fuzzing, seeded and small: every parser either parses or raises ParseError.

The full run, with the CPU time of every parse judged and printed, is
``python -m scripts.fuzz --inputs 10000``; here only the outcomes count. The
regressions below pin the failures it found (quadratic scans on enormous lines, line
numbers out of step with the file), and a planted bug shows that a crash is counted as
a failure, never as a clean ParseError.
"""

import pytest

from archive.parsing import ParseError, _module, ocr
from archive.parsing.text import dehyphenate, source_lines
from scripts import fuzz


def _describe(failures) -> str:
    return "\n\n".join(
        f"input {i} ({src}, {mut}) via {o.path}: {o.result}\n{o.detail}" for i, src, mut, o in failures[:5]
    )


def test_seeded_inputs_fail_well():
    summary = fuzz.fuzz(
        inputs=200, seed=20261122, mutations=[m for m in fuzz.MUTATIONS if m != "enormous_lines"], time_limit=None
    )
    summary_big = fuzz.fuzz(inputs=4, seed=20261122, mutations=["enormous_lines"], time_limit=None)
    failures = summary.failures + summary_big.failures
    assert summary.inputs + summary_big.inputs == 204
    assert not failures, _describe(failures)
    # the inputs are not all refused: the harness would pass a parser that refuses everything
    cell = summary.cells[("detect", "all")]
    assert cell.parsed > 20 and cell.parse_error > 20


def test_a_bug_planted_in_a_parser_is_a_failure_not_a_parse_error(monkeypatch):
    def bug(self):
        raise IndexError("list index out of range (planted)")

    monkeypatch.setattr(ocr._Parser, "_label_headings", bug)
    summary = fuzz.sweep(fuzz.fixtures() / "sources", time_limit=None)
    by_source = {src: o for _, src, _, o in summary.failures}
    report = str(fuzz.fixtures() / "sources" / "A_72_215.txt")  # the OCR text
    assert by_source[report].result == "internal_error"
    assert "IndexError" in by_source[report].detail and "planted" in by_source[report].detail
    assert summary.cells[("detect", "all")].internal_error == len(summary.failures) >= 1
    data = (fuzz.fixtures() / "sources" / "A_72_215.txt").read_bytes()
    outcome = fuzz.run_path("ocr", data, data.decode(), "x.txt", time_limit=None)
    assert outcome.failed and outcome.result == "internal_error"


def test_a_parse_error_without_a_reason_is_a_failure(monkeypatch):
    def vague(text, source):
        raise ParseError(source, 10**6, "")

    monkeypatch.setattr(ocr, "parse", vague)
    outcome = fuzz.run_path("ocr", b"x", "x", "x.txt", time_limit=None)
    assert outcome.result == "bad_error" and "no reason" in outcome.detail and "outside" in outcome.detail


def test_the_corpus_sweep_reads_every_file_as_it_is():
    summary = fuzz.sweep(fuzz.fixtures() / "akn", time_limit=None)
    cell = summary.cells[("detect", "unmutated")]
    assert summary.inputs == cell.inputs == len(list((fuzz.fixtures() / "akn").glob("*.xml")))
    assert cell.parsed == cell.inputs and not summary.failures


def test_every_mutation_changes_its_input():
    name, data = fuzz.sources()[0]
    for index, mutation in enumerate(fuzz.MUTATIONS):
        _, made, out = fuzz.make_input(index, seed=3)
        assert made == mutation
        assert out != data or mutation == "shuffle_pages"


@pytest.mark.parametrize("index", [331, 2230])
def test_enormous_lines_that_once_took_seconds_fail_well(index):
    """Inputs of the full run (seed 1) that took 10 to 30+ s: quadratic scans of a long line.

    Their CPU time is the full run's figure; here, every path must parse or refuse them.
    """
    name, mutation, data = fuzz.make_input(index, seed=1)
    assert mutation == "enormous_lines"
    text = fuzz._text_for_parsers(data, name)
    for path in fuzz.PATHS:
        outcome = fuzz.run_path(path, data, text, name, time_limit=None)
        assert not outcome.failed, outcome.detail


def test_dehyphenate_on_a_long_word_run():
    assert dehyphenate("x " + "a" * 200_000 + "b", "c") == "x " + "a" * 200_000 + "bc"
    assert dehyphenate("vulnera-", "bility", {"vulnerability"}) == "vulnerability"


def test_line_numbers_are_the_files():
    """Form feeds and U+2028 are not line ends for an editor; str.splitlines() made them so."""
    assert source_lines("a\fb\nc\u2028d\r\ne\rf\n") == ["a b", "c d", "e", "f"]
    text = "\f\f\f\fnot a resolution\n" * 3
    with pytest.raises(ParseError) as e:
        _module("ods_export").parse(text, "x.txt")
    assert e.value.line is None or e.value.line <= 4


def test_the_command_prints_a_row_per_parser_and_mutation(capsys):
    assert fuzz.main(["--inputs", "4", "--workers", "1", "--mutation", "truncate", "--mutation", "delete_lines"]) == 0
    out = capsys.readouterr().out
    assert "4 inputs from" in out and "0 failures, 0 distinct" in out
    rows = {tuple(line.split()[:3]) for line in out.splitlines()}
    assert ("detect", "truncate", "2") in rows and ("detect", "delete_lines", "2") in rows
