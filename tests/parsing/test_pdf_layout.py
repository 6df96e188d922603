"""Official PDFs read from their layout: each test PDF parses to exactly its truth.

No official PDF is in the repository, so ``pdf_official`` lays out documents whose text
is known — five resolutions from their AKN4UN files and the report A/64/152 from its
golden parse — as the UN prints them; the PDF parse must give back every paragraph,
marker and footnote. Quotes, spaces and U+2011 against '-' are the only variants allowed.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from archive.parsing import parse_bytes, parse_path, pdf_layout
from archive.parsing.document import ParseError
from archive.parsing.pdf_lines import open_pdf, read_pages
from archive.parsing.text import word_set

from . import pdf_official
from .golden import FIXTURES, GOLDEN, assert_golden
from .pdf_official import OFFICIAL, TIGHT, Style, report_pdf, resolution_pdf

RESOLUTIONS = {
    "A_RES_74_127": FIXTURES / "akn" / "A_RES_74_127.xml",
    "A_RES_76_141": FIXTURES / "akn" / "A_RES_76_141.xml",
    "A_RES_78_180": FIXTURES / "akn" / "A_RES_78_180.xml",
    "A_RES_80_185": FIXTURES / "akn" / "A_RES_80_185.xml",
    "A_RES_76_140": FIXTURES / "samples" / "A_RES_76_140.xml",  # rural women: sub-items (a) to (pp)
}
REPORT = FIXTURES / "sources" / "A_64_152.txt"
NAMES = [*RESOLUTIONS, "A_64_152"]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u2011": "-", "\u00a0": " "})


def same_text(text: str) -> str:
    """Quotes, spaces and the non-breaking hyphen folded, invisible characters dropped: the
    variants a text layer may have (and an accent as one character with its letter)."""
    text = unicodedata.normalize("NFC", re.sub("[\u200b\u2060\ufeff]", "", text))
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


_cache: dict[tuple, tuple] = {}


def truth_and_pdf(name: str, style: Style = OFFICIAL):
    """The truth of a test document, its PDF and the PDF's parse (made once per run)."""
    if (name, style) not in _cache:
        if name in RESOLUTIONS:
            truth = parse_path(RESOLUTIONS[name])
            data = resolution_pdf(truth, style=style)
        else:
            truth = parse_path(REPORT)
            data = report_pdf(truth, "A/64/152", style=style)
        _cache[name, style] = (truth, data, parse_bytes(data, f"{name}.pdf"))
    return _cache[name, style]


def test_the_report_truth_is_its_golden_parse():
    truth, _, _ = truth_and_pdf("A_64_152")
    import json

    golden = json.loads((GOLDEN / "A_64_152.json").read_text(encoding="utf-8"))
    assert [(p["kind"], p["number"], p["text"], p["footnotes"]) for p in golden["paragraphs"]] == [
        (p.kind, p.number, p.text, p.footnote_numbers) for p in truth.paragraphs
    ]
    assert [(f["number"], f["text"]) for f in golden["footnotes"]] == [(f.number, f.text) for f in truth.footnotes]


@pytest.mark.parametrize("style", [OFFICIAL, TIGHT], ids=["official", "tight"])
@pytest.mark.parametrize("name", NAMES)
def test_pdf_parse_equals_its_truth(name, style):
    # tight: no space between paragraphs, footnote numbers not raised, footnotes continued on the next page
    truth, _, doc = truth_and_pdf(name, style)
    assert doc.format == "pdf" and doc.kind == truth.kind
    assert doc.counts() == truth.counts()
    assert len(doc.paragraphs) == len(truth.paragraphs)
    for mine, theirs in zip(doc.paragraphs, truth.paragraphs):
        where = (theirs.kind, theirs.number, theirs.text[:40])
        assert (mine.kind, mine.number, mine.opening, mine.section) == (
            theirs.kind,
            theirs.number,
            theirs.opening,
            theirs.section,
        ), where
        assert same_text(mine.text) == same_text(theirs.text), where
        assert [(r.number, len(same_text(mine.text[: r.offset]))) for r in mine.refs] == [
            (r.number, len(same_text(theirs.text[: r.offset]))) for r in theirs.refs
        ], where
    assert [(f.number, same_text(f.text)) for f in doc.footnotes] == [
        (f.number, same_text(f.text)) for f in truth.footnotes
    ]
    assert doc.anomalies == []


@pytest.mark.parametrize("name", list(RESOLUTIONS))
def test_resolution_metadata_is_read_from_the_masthead(name):
    truth, _, doc = truth_and_pdf(name)
    for field in (
        "symbol",
        "number",
        "session",
        "title",
        "adopted",
        "distributed",
        "agenda_item",
        "committee_report",
        "meeting",
    ):
        assert getattr(doc, field) == getattr(truth, field), field
    assert doc.extra["report_paragraph"] == truth.extra["report_paragraph"]


def test_report_metadata_is_read_from_the_masthead():
    truth, _, doc = truth_and_pdf("A_64_152")
    assert doc.symbol == "A/64/152"  # printed on the PDF, absent from the converted text
    for field in ("session", "title", "distributed", "agenda_item"):
        assert getattr(doc, field) == getattr(truth, field), field
    assert doc.extra["agenda_title"] == "Advancement of women"
    assert doc.extra["report_of"] == "Secretary-General"
    assert [n["text"] for n in doc.extra["header_notes"]] == ["A/64/50."]


@pytest.mark.parametrize("name", NAMES)
def test_golden_report(name):
    _, _, doc = truth_and_pdf(name)
    assert_golden(f"pdf_layout_{name}", doc.to_report())


# --- the test PDFs have the hard cases they are meant to have ---------------------------------


def pages_of(data: bytes):
    pdf = open_pdf(data)
    try:
        return read_pages(pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize("name", NAMES)
def test_test_pdfs_are_laid_out_like_official_ones(name):
    truth, data, _ = truth_and_pdf(name)
    pages = pages_of(data)
    symbol = "A/64/152" if name == "A_64_152" else truth.symbol
    assert all(abs(p.width - A4[0]) < 1 and abs(p.height - A4[1]) < 1 for p in pages)
    first = [s for line in pages[0].lines for s in line.segments()]
    assert {"United Nations", symbol, "General Assembly", "Distr.: General"} <= set(first)
    for p in pages[1:]:
        texts = [s for line in p.lines for s in line.segments()]
        assert symbol in texts and f"{p.number}/{len(pages)}" in texts  # running header, page N/M
        assert any(re.fullmatch(r"\d{2}-\d{5}", t) for t in texts)  # job number
    # superscript markers, and footnotes after a short rule at the page foot
    assert any(r.sup and r.text.strip().isdigit() for p in pages for line in p.lines for r in line.runs)
    assert sum(1 for p in pages if any(x1 - x0 < 100 for _, x0, x1 in p.rules)) >= 2
    # a paragraph broken across a page with its footnote block between the halves
    broken = 0
    for p in pages[:-1]:
        rule = min((y for y, x0, x1 in p.rules if x1 - x0 < 100), default=None)
        body = [line for line in p.lines if rule is not None and rule < line.y < 0.9 * p.height]
        if body and not body[-1].text.rstrip().endswith((",", ";", ".", ":")):
            broken += 1
    assert broken >= 1


def test_words_a_typesetter_broke_are_whole_again():
    _, data, doc = truth_and_pdf("A_RES_76_140", TIGHT)
    lines = [line.text.strip() for p in pages_of(data) for line in p.lines]
    broken = [
        (a.split()[-1], b.split()[0])
        for a, b in zip(lines, lines[1:])
        if re.search(r"[a-z]{4}-$", a) and re.match(r"[a-z]{4}", b) and "-" not in a.split()[-1][:-1]
    ]
    text = " ".join(p.text for p in doc.paragraphs)
    whole = [a[:-1] + b for a, b in broken if (a[:-1] + b).rstrip(",;.") in text]
    assert len(whole) >= 3 and not any(
        f"{a}{b}".rstrip(",;.") in text for a, b in broken if (a[:-1] + b).rstrip(",;.") in text
    )


def test_footnotes_without_a_rule_are_told_by_their_smaller_type():
    truth, data, doc = truth_and_pdf("A_RES_78_180", Style(rule=False))
    assert not any(x1 - x0 < 100 for p in pages_of(data) for _, x0, x1 in p.rules)
    assert [(f.number, same_text(f.text)) for f in doc.footnotes] == [
        (f.number, same_text(f.text)) for f in truth.footnotes
    ]
    assert [same_text(p.text) for p in doc.paragraphs] == [same_text(p.text) for p in truth.paragraphs]


def test_tight_pdfs_have_no_paragraph_spacing_and_continued_footnotes():
    _, data, _ = truth_and_pdf("A_64_152", TIGHT)
    continued = 0
    for p in pages_of(data):
        rule = max((y for y, x0, x1 in p.rules if x1 - x0 < 100), default=None)
        notes = [line for line in p.lines if rule is not None and 0.1 * p.height < line.y < rule]
        if notes and not notes[0].text.split()[0].isdigit():
            continued += 1  # the block opens with the end of the previous page's last footnote
        assert not any(r.sup for line in notes for r in line.runs[:1])  # numbers not raised
    assert continued >= 1
    _, data, _ = truth_and_pdf("A_RES_74_127", TIGHT)
    body = [line for line in pages_of(data)[1].lines if 0.1 * 842 < line.y < 760 and line.size == 10]
    steps = {round(a.y - b.y) for a, b in zip(body, body[1:])}
    assert steps == {12}  # the same leading between paragraphs as within them


@pytest.mark.skipif(not pdf_official.LIBERATION, reason="fonts-liberation (a dependency of chromium) is missing")
def test_text_layer_has_non_breaking_hyphens():
    _, data, doc = truth_and_pdf("A_RES_74_127")
    text = "".join(line.text for p in pages_of(data) for line in p.lines)
    assert "Secretary\u2011General" in text and "Secretary-General" in " ".join(p.text for p in doc.paragraphs)


def test_text_layer_has_italics_and_bold():
    _, data, doc = truth_and_pdf("A_RES_74_127")
    pages = pages_of(data)
    italic = [r.text.strip() for p in pages for line in p.lines for r in line.runs if r.italic]
    assert "Recalling" in italic and "Reaffirming also" in italic
    assert any(line.bold and line.text.startswith("74/127.") for line in pages[0].lines)


def test_a_compound_broken_at_its_hyphen_is_joined_whole():
    _, data, doc = truth_and_pdf("A_RES_74_127")
    lines = [line.text.strip() for p in pages_of(data) for line in p.lines]
    broken = [(a, b) for a, b in zip(lines, lines[1:]) if re.search(r"[a-z]-$", a) and b[:1].islower()]
    assert broken
    text = " ".join(p.text for p in doc.paragraphs)
    for a, b in broken:
        compound = a.split()[-1] + b.split()[0]
        assert compound.rstrip(",;.") in text


def test_line_joins_keep_real_hyphens_and_suspended_ones():
    reader = pdf_layout._Reader([], "x.pdf")
    reader.words = word_set("the vulnerability of women; gender-sensitive policies; up-to-date data")

    def join(left, right):
        return reader.unbreak(pdf_layout._join(left, right))

    assert join("gender-", "sensitive policies") == "gender-sensitive policies"
    assert join("gender-", "and age-sensitive") == "gender- and age-sensitive"  # a suspended hyphen
    assert join("medium-", "to long-term") == "medium- to long-term"
    assert join("up-", "to-date needs") == "up-to-date needs"
    assert join("the vulnera-", "bility of") == "the vulnerability of"  # a word the typesetter broke
    assert join("child-", "sensitive") == "child-sensitive"  # unknown whole: the hyphen stays
    assert join("vulnera\u00ad", "bility") == "vulnerability"  # a soft hyphen
    assert join("women", "migrant") == "women migrant"


def test_raised_digits_after_a_year_are_a_marker_not_part_of_it():
    _, _, doc = truth_and_pdf("A_RES_74_127")
    p = next(p for p in doc.paragraphs if 17 in p.footnote_numbers)
    assert p.text[: p.refs[0].offset].endswith("International Migration and Development of 2013")
    assert "201317" not in p.text
    # numbers in the text stay text: "2030 Agenda", "resolution 73/195"
    assert any("2030 Agenda" in p.text for p in doc.paragraphs)


def test_long_lettered_sub_items():
    _, _, doc = truth_and_pdf("A_RES_76_140")
    subs = [p.number for p in doc.paragraphs if p.kind == "subparagraph"]
    assert subs[0] == "2(a)" and "2(pp)" in subs and len(subs) == 42


def test_repeated_markers_keep_their_places():
    truth, _, doc = truth_and_pdf("A_RES_74_127")
    repeated = [p.footnote_numbers for p in doc.paragraphs if 4 in p.footnote_numbers]
    assert len(repeated) == 2


# --- refusals -----------------------------------------------------------------------------------


def _pdf(draw, **kwargs) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_scan_without_text_layer_is_refused_as_such(tmp_path):
    from PIL import Image

    image = tmp_path / "page.png"
    Image.new("L", (200, 280), 255).save(image)
    data = _pdf(lambda c: c.drawImage(str(image), 0, 0, width=A4[0], height=A4[1]))
    with pytest.raises(ParseError) as e:
        parse_bytes(data, "scan.pdf")
    assert e.value.source == "scan.pdf"
    assert "no text layer" in e.value.reason and "scan" in e.value.reason


def test_an_encrypted_pdf_is_refused():
    data = _pdf(lambda c: c.drawString(72, 700, "United Nations"), encrypt=StandardEncryption("secret", canPrint=0))
    with pytest.raises(ParseError) as e:
        parse_bytes(data, "locked.pdf")
    assert "encrypted" in e.value.reason and str(e.value).startswith("locked.pdf: ")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%garbage that is no PDF\n" * 20, b"%PDF-1.7\n"])
def test_a_damaged_pdf_is_refused(data):
    with pytest.raises(ParseError) as e:
        parse_bytes(data, "broken.pdf")
    assert "damaged" in e.value.reason or "no pages" in e.value.reason


def test_a_corrupt_page_stream_is_refused_not_read_in_part():
    # PDFium would read the page up to the damage and say nothing: the stream's checksum tells
    _, data, _ = truth_and_pdf("A_RES_76_140")
    m = next(
        m
        for m in re.finditer(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\n", data)
        if int(m.group(1)) > 3000
    )  # a page's text
    start = m.end() + int(m.group(1)) // 2
    damaged = data[:start] + b"z" * 40 + data[start + 40 :]  # 'z': valid ASCII85, wrong data
    with pytest.raises(ParseError) as e:
        parse_bytes(damaged, "damaged.pdf")
    assert "damaged" in e.value.reason and "stream" in e.value.reason


def test_a_compression_bomb_is_refused(monkeypatch):
    import zlib

    from archive.parsing import pdf_lines

    monkeypatch.setattr(pdf_lines, "MAX_INFLATED", 5_000_000)
    bomb = zlib.compress(bytes(20_000_000), 9)
    _, data, _ = truth_and_pdf("A_RES_76_140")
    at = data.rindex(b"trailer")
    extra = b"99 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(bomb), bomb)
    with pytest.raises(ParseError) as e:
        parse_bytes(data[:at] + extra + data[at:], "bomb.pdf")
    assert "expand beyond" in e.value.reason


def test_a_truncated_resolution_pdf_is_refused():
    _, data, _ = truth_and_pdf("A_RES_78_180")
    with pytest.raises(ParseError) as e:
        parse_bytes(data[: len(data) // 2], "cut.pdf")
    assert e.value.reason


def test_a_pdf_that_is_not_a_resolution_or_report_is_refused():
    def letter(c):
        c.setFont("Helvetica", 11)
        for i, line in enumerate(["Dear colleague,", "The meeting is moved to Thursday.", "Regards"]):
            c.drawString(72, 700 - 14 * i, line)

    with pytest.raises(ParseError) as e:
        parse_bytes(_pdf(letter), "letter.pdf")
    assert "not a GA resolution or report" in e.value.reason


def test_pdfs_are_told_by_their_bytes_not_their_name():
    assert pdf_layout.sniff(b"%PDF-1.7\n...") and not pdf_layout.sniff(b"The General Assembly,")
