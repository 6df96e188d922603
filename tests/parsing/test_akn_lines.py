"""The start line of every element, read from the text without a second parse, is the line expat
gives: across comments, CDATA sections and processing instructions that hold a "<", and CRLF line
ends; a text whose lines end with a lone CR is counted by expat itself."""

from pathlib import Path

import pytest

from archive.parsing import akn

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

TRICKY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<!-- a comment <with a tag> inside -->\n"
    '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
    '  <act a="x > y"><?php echo "<b>"; ?>\n'
    "    <p>one<![CDATA[ <not-an-element/>\n ]]></p><p/>\n"
    "    <!--\n<p>commented out</p>\n-->\n"
    "    <p\n      class='two'>two</p>\n"
    "  </act>\n"
    "</akomaNtoso>\n"
)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_start_lines_are_expats(ending):
    text = TRICKY.replace("\n", ending)
    lines = akn.start_lines(text)
    assert lines == akn._expat_start_lines(text)
    assert lines == [3, 4, 5, 6, 10]


def test_start_lines_of_every_akn_fixture_are_expats():
    files = sorted(FIXTURES.rglob("*.xml"))
    assert len(files) >= 20
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        assert akn.start_lines(text) == akn._expat_start_lines(text), path.name


def test_a_document_type_is_refused_whatever_the_parser():
    text = '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a "aaaa">]>\n<akomaNtoso>&a;</akomaNtoso>\n'
    with pytest.raises(akn.ParseError, match="refused XML"):
        akn.parse(text, "x.xml")
