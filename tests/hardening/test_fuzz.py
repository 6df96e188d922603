"""Parser fuzzing, seeded and small: every parser either parses or raises ParseError, quickly.

The full run is ``python -m archive.hardening.fuzz --inputs 10000``; the regressions below
pin the failures it found (quadratic scans on enormous lines, line numbers out of step
with the file).
"""

import time

import pytest

from archive.hardening import fuzz
from archive.parsing import ParseError, _module
from archive.parsing.text import dehyphenate, source_lines


def test_seeded_inputs_fail_well():
    summary = fuzz.fuzz(inputs=200, seed=20261122, mutations=[m for m in fuzz.MUTATIONS if m != "enormous_lines"])
    summary_big = fuzz.fuzz(inputs=4, seed=20261122, mutations=["enormous_lines"])
    failures = summary.failures + summary_big.failures
    assert summary.inputs + summary_big.inputs == 204
    assert not failures, "\n\n".join(f"input {i} ({src}, {mut}) via {o.path}:\n{o.detail}" for i, src, mut, o in failures[:5])


def test_every_mutation_changes_its_input():
    name, data = fuzz.sources()[0]
    for index, mutation in enumerate(fuzz.MUTATIONS):
        _, made, out = fuzz.make_input(index, seed=3)
        assert made == mutation
        assert out != data or mutation == "shuffle_pages"


@pytest.mark.parametrize("index", [331, 2230])
def test_enormous_lines_found_slow(index):
    """Inputs of the full run (seed 1) that took 10 to 30+ s: quadratic scans of a long line."""
    name, mutation, data = fuzz.make_input(index, seed=1)
    assert mutation == "enormous_lines"
    text = fuzz._text_for_parsers(data, name)
    for path in fuzz.PATHS:
        outcome = fuzz.run_path(path, data, text, name)
        assert outcome.result != "other", outcome.detail


def test_dehyphenate_on_a_long_word_run():
    started = time.process_time()
    assert dehyphenate("x " + "a" * 200_000 + "b", "c") == "x " + "a" * 200_000 + "bc"
    assert time.process_time() - started < 0.5
    assert dehyphenate("vulnera-", "bility", {"vulnerability"}) == "vulnerability"


def test_line_numbers_are_the_files():
    """Form feeds and U+2028 are not line ends for an editor; str.splitlines() made them so."""
    assert source_lines("a\fb\nc\u2028d\r\ne\rf\n") == ["a b", "c d", "e", "f"]
    text = "\f\f\f\fnot a resolution\n" * 3
    with pytest.raises(ParseError) as e:
        _module("ods_export").parse(text, "x.txt")
    assert e.value.line is None or e.value.line <= 4
