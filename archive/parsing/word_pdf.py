"""Parser for text extracted from a Word-made PDF of a resolution (sample: A/RES/62/132).

What the extraction leaves:
- no header: symbol, number, title and distribution date are absent; only the closing
  lines give the meeting ("76th plenary meeting") and the adoption date;
- lines wrapped with trailing spaces; a paragraph starts on a line led by one space,
  a new page on a line led by two spaces (which may or may not start a paragraph);
- each footnote marker is a Word anchor ``N-1F`` at a line end, and the printed
  number ``N`` on the next non-blank line, the text continuing after it;
- footnotes in blocks after ``_______________`` at the page end, which can fall
  between the lines of a paragraph.
"""

from __future__ import annotations

import re

from .document import ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError, check_footnotes
from .text import collapse_spaces, dehyphenate, extract_markers, marker, opening_phrase, text_date, word_set

FORMAT = "word_pdf"


_ANCHOR_RE = re.compile(r"^(.*?)\s(\d{1,3})F\s*$")
_ANCHOR_PAIR_RE = re.compile(r" (\d{1,3})F *\n(?:[ \t]*\n){0,3}(\d{1,3})\b")
_MARKER_LINE_RE = re.compile(r"^\s*(\d{1,3})(?:\s+(.*))?$")
_MEETING_RE = re.compile(r"^\s*(\d+(?:st|nd|rd|th) plenary meeting)\s*$")
_DATE_LINE_RE = re.compile(r"^\s*(\d{1,2}) ([A-Z][a-z]+) (\d{4})\s*$")
_ENACTING_RE = re.compile(r"^\s*The General Assembly,\s*$")
_RULE_RE = re.compile(r"^\s*_{5,}\s*$")
_FOOTNOTE_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_OPERATIVE_RE = re.compile(r"^\s+(\d{1,3})\.\s+(\S.*)$")


def sniff(text: str) -> bool:
    """A Word footnote anchor ``N-1F`` at a line end followed by the number ``N``."""
    for count, m in enumerate(_ANCHOR_PAIR_RE.finditer(text)):
        if int(m.group(2)) == int(m.group(1)) + 1:
            return True
        if count >= 5:
            break
    return False


class _Paragraph:
    """A paragraph being assembled from wrapped lines, markers encoded with ``marker()``."""

    def __init__(self, kind: str, number: str | None, line: int):
        self.kind, self.number, self.line = kind, number, line
        self.raw = ""

    def add(self, text: str, words: set[str]) -> None:
        text = text.strip()
        if not text:
            return
        if not self.raw:
            self.raw = text
        elif self.raw.endswith("-") and not self.raw.endswith(" -"):
            self.raw = dehyphenate(self.raw, text, words)
        else:
            self.raw += " " + text

    def ends_sentence_part(self) -> bool:
        """Does the text so far end as a paragraph does (with , ; or .)?"""
        tail = re.sub(r"\ue000\d+\ue001", "", self.raw).rstrip()
        return tail.endswith((",", ";", "."))


def parse(text: str, source: str) -> ParsedDocument:
    if not text.strip():
        raise ParseError(source, 1, "empty text")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    doc = ParsedDocument(source=source, format=FORMAT, kind="resolution")
    words = word_set(text)

    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    pending_anchor: tuple[int, int] | None = None  # (anchor number, line)
    in_footnotes = False
    closing: int | None = None
    expected_marker = 1
    expected_operative = 1

    def content(body: str, lineno: int) -> None:
        """Add a line's text to the current paragraph, opening an anchor if it ends with one."""
        nonlocal pending_anchor
        if current is None:
            raise ParseError(source, lineno, "text before the first paragraph: " + body.strip()[:60])
        m = _ANCHOR_RE.match(body)
        if m:
            current.add(m.group(1), words)
            pending_anchor = (int(m.group(2)), lineno)
        else:
            current.add(body, words)

    def place_marker(number: int, lineno: int) -> None:
        nonlocal expected_marker
        if number > expected_marker:
            doc.anomaly(
                "number_out_of_sequence", f"footnote marker {number} where {expected_marker} was expected", lineno
            )
        expected_marker = max(expected_marker, number + 1)
        current.raw += marker(number)

    for index, line in enumerate(lines):
        lineno = index + 1
        stripped = line.strip()
        if _MEETING_RE.match(line):
            closing = index
            break
        if not stripped:
            continue
        page_start = line.startswith("  ")
        if in_footnotes:
            if not page_start:
                _footnote_line(stripped, lineno, doc)
                continue
            in_footnotes = False
        if _RULE_RE.match(line):
            in_footnotes = True
            continue
        if pending_anchor is not None:
            anchor, anchor_line = pending_anchor
            pending_anchor = None
            m = _MARKER_LINE_RE.match(line)
            if m:
                number = int(m.group(1))
                if number != anchor + 1:
                    doc.anomaly(
                        "marker_anchor_mismatch",
                        f"marker {number} follows Word anchor {anchor}F (expected {anchor + 1})",
                        lineno,
                    )
                place_marker(number, lineno)
                if m.group(2):
                    content(m.group(2), lineno)
                continue
            doc.anomaly(
                "footnote_number_inferred",
                f"no marker number after Word anchor {anchor}F; taken as {anchor + 1}",
                anchor_line,
            )
            place_marker(anchor + 1, anchor_line)
        if _ENACTING_RE.match(line):
            continue
        starts = line.startswith(" ") and not page_start
        if page_start:
            starts = _page_start_opens_paragraph(
                line, current, expected_operative, any(p.kind == "operative" for p in paragraphs)
            )
        if starts:
            m = _OPERATIVE_RE.match(line)
            if m:
                number = int(m.group(1))
                if number != expected_operative:
                    doc.anomaly(
                        "number_out_of_sequence",
                        f"operative paragraph {number} where {expected_operative} was expected",
                        lineno,
                    )
                expected_operative = number + 1
                current = _Paragraph("operative", str(number), lineno)
                body = m.group(2)
            else:
                if any(p.kind == "operative" for p in paragraphs):
                    doc.anomaly(
                        "unexpected_text",
                        "unnumbered paragraph among operative paragraphs; kept as part of the paragraph above",
                        lineno,
                    )
                    content(line, lineno)
                    continue
                current = _Paragraph("preambular", None, lineno)
                body = line
            paragraphs.append(current)
            content(body, lineno)
        else:
            content(line, lineno)

    if pending_anchor is not None and current is not None:
        doc.anomaly(
            "footnote_number_inferred",
            f"no marker number after Word anchor {pending_anchor[0]}F; taken as {pending_anchor[0] + 1}",
            pending_anchor[1],
        )
        place_marker(pending_anchor[0] + 1, pending_anchor[1])
    if closing is None:
        raise ParseError(source, len(lines), "truncated: no closing meeting line ('NNth plenary meeting')")
    if not any(p.kind == "operative" for p in paragraphs):
        raise ParseError(source, closing + 1, "truncated: no operative paragraphs before the closing meeting line")
    _parse_closing(lines, closing, doc)
    _trailing_footnotes(lines, closing, doc)

    for p in paragraphs:
        clean, refs = extract_markers(p.raw)
        doc.paragraphs.append(
            ParsedParagraph(
                kind=p.kind, text=clean, number=p.number, opening=opening_phrase(clean, p.kind), refs=refs, line=p.line
            )
        )
    check_footnotes(doc)
    doc.anomaly(
        "missing_metadata",
        "no header: symbol, number, session, title, distribution date, agenda item "
        "and committee report are not in the text",
        1,
    )
    return doc


def _page_start_opens_paragraph(
    line: str, current: _Paragraph | None, expected_operative: int, in_operatives: bool
) -> bool:
    """A page can start mid-paragraph: only a paragraph-like line after a finished one opens a new one."""
    if current is None:
        return True
    if not current.ends_sentence_part():
        return False
    m = _OPERATIVE_RE.match(line)
    if m:
        return int(m.group(1)) == expected_operative
    return not in_operatives and opening_phrase(line.strip(), "preambular") is not None


def _footnote_line(stripped: str, lineno: int, doc: ParsedDocument) -> None:
    m = _FOOTNOTE_RE.match(stripped)
    if m:
        doc.footnotes.append(ParsedFootnote(int(m.group(1)), collapse_spaces(m.group(2)), lineno))
    elif doc.footnotes:
        last = doc.footnotes[-1]
        last.text = collapse_spaces(last.text + " " + stripped)
    else:
        doc.anomaly("unexpected_text", f"text in a footnote block without a footnote number: {stripped[:60]!r}", lineno)


def _parse_closing(lines: list[str], closing: int, doc: ParsedDocument) -> None:
    doc.meeting = lines[closing].strip()
    for i in range(closing + 1, len(lines)):
        if not lines[i].strip():
            continue
        m = _DATE_LINE_RE.match(lines[i])
        if m and (adopted := text_date(m.group(0))):  # None for a date that does not exist
            doc.adopted = adopted
            return
        break
    doc.anomaly("missing_metadata", "no adoption date line after the closing meeting line", closing + 1)


def _trailing_footnotes(lines: list[str], closing: int, doc: ParsedDocument) -> None:
    """A last page's footnote block can follow the closing lines."""
    rule = next((i for i in range(closing + 1, len(lines)) if _RULE_RE.match(lines[i])), None)
    if rule is None:
        return
    for i in range(rule + 1, len(lines)):
        if lines[i].strip():
            _footnote_line(lines[i].strip(), i + 1, doc)
