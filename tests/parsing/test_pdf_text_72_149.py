"""Resolution 72/149 as PyMuPDF extracts its official PDF: the real sample of the plain PDF-text format."""

import datetime as dt

import pytest

from archive.parsing import detect, pdf_text

from .golden import FIXTURES, assert_golden

SOURCE = FIXTURES / "sources" / "A_RES_72_149.txt"


@pytest.fixture(scope="module")
def doc():
    return pdf_text.parse(SOURCE.read_text(encoding="utf-8"), SOURCE.name)


def test_detected_as_pdf_text():
    assert detect(SOURCE.read_text(encoding="utf-8")) == "pdf_text"


def test_counts(doc):
    counts = doc.counts()
    assert (counts["preambular"], counts["operative"], counts["subparagraphs"], counts["footnotes"]) == (36, 38, 4, 34)
    # every footnote is referenced, and every reference has its footnote
    referenced = {n for p in doc.paragraphs for n in p.footnote_numbers}
    assert referenced == {f.number for f in doc.footnotes} == set(range(1, 35))


def test_metadata(doc):
    assert (doc.symbol, doc.number, doc.session) == ("A/RES/72/149", "72/149", 72)
    assert doc.title == "Violence against women migrant workers"
    assert doc.adopted == dt.date(2017, 12, 19)


def test_page_furniture_is_gone(doc):
    texts = " ".join(p.text for p in doc.paragraphs) + " ".join(f.text for f in doc.footnotes)
    assert "17-22937" not in texts and "A/RES/72/149" not in texts and "____" not in texts
    assert not any(p.text[:1].isdigit() for p in doc.paragraphs if p.kind != "subparagraph")


def test_takes_note_of_the_report(doc):
    para = next(p for p in doc.paragraphs if p.opening and p.opening.startswith("Takes note"))
    cited = [f.text for f in doc.footnotes if f.number in para.footnote_numbers]
    assert any("A/72/215" in t for t in cited)


def test_golden(doc):
    assert_golden("pdf_text_A_RES_72_149", doc.to_report())
