"""A bug in a parser escapes as itself: ParseError is kept for sources that are bad.

Each case plants an IndexError in a helper that a real source reaches and checks that
neither the format's parse() nor the detect path (what the ingest calls) turns it into
a ParseError, which would tell the user the source is damaged.
"""

import pytest

from archive.parsing import akn, markdown, ocr, parse_path

from .golden import FIXTURES


def _bug(*args, **kwargs):
    raise IndexError("list index out of range (planted)")


@pytest.mark.parametrize(
    "module, owner, helper, source",
    [
        (ocr, "_Parser", "_label_headings", "sources/A_72_215.txt"),
        (markdown, None, "_finish", "sources/A_64_152.txt"),
        (markdown, None, "_finish", "sources/A_RES_74_127.txt"),
        (akn, "_Parser", "finish", "akn/A_RES_74_127.xml"),
    ],
)
def test_a_planted_bug_is_not_a_parse_error(monkeypatch, module, owner, helper, source):
    path = FIXTURES / source
    assert parse_path(path).format == module.FORMAT  # the source reaches this parser
    monkeypatch.setattr(getattr(module, owner) if owner else module, helper, _bug)
    with pytest.raises(IndexError, match="planted"):
        module.parse(path.read_text(encoding="utf-8"), source)
    with pytest.raises(IndexError, match="planted"):
        parse_path(path)


def test_a_planted_bug_in_the_citation_parser_is_not_an_other_citation(monkeypatch):
    from archive.citations import parse as citation_parser
    from archive.citations.resolve import resolve_document

    path = FIXTURES / "sources/A_RES_60_139.txt"
    assert any(c.kind == "treaty" for cites in resolve_document(parse_path(path)).values() for c in cites)
    monkeypatch.setattr(citation_parser, "_identifiers", _bug)
    with pytest.raises(IndexError, match="planted"):
        resolve_document(parse_path(path))  # what ingest calls: the bug escapes, it is no "other" citation
