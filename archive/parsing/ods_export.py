"""Parser for the UN Official Document System (ODS) text export of a resolution.

The export (sample: A/RES/60/139) starts with a "[DU1]" marker, gives one paragraph
per line introduced by a tab (operative ones as ``\\t1.\\t``), glues footnote markers
to the word or punctuation before them as plain digits (``Women,1``, ``Families10``),
lists the footnotes after the closing meeting and date lines, and ends with a block
of page furniture (``<<ODS JOB NO>>``, the masthead run together) that still holds
the symbol, the distribution date and the agenda item.

Plain digits are ambiguous (``2004:``, ``1 July 2003``), so a glued digit run only
counts as a marker when it fits the expected marker sequence (next number, or a
repeat of an earlier one) and is not part of an abbreviation (``Corr.1``).
"""

from __future__ import annotations

import re

from .document import ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError, check_footnotes
from .text import collapse_spaces, extract_markers, marker, opening_phrase, source_lines, text_date

FORMAT = "ods_export"

_DATE = r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})"

_MEETING_RE = re.compile(r"^\s*(\d+(?:st|nd|rd|th) plenary meeting)\s*$")
_DATE_LINE_RE = re.compile(r"^\s*" + _DATE + r"\s*$")
_ADOPTED_RE = re.compile(r"Resolution adopted by the General Assembly on " + _DATE)
_COMMITTEE_RE = re.compile(r"\[on the report of the (?:[A-Z][a-z]+ )+Committee \(([^)]+)\)\]")
_NUMBER_TITLE_RE = re.compile(r"^\s*((\d+)/\d+)\.\s+(.+?)\s*$")
_ENACTING_RE = re.compile(r"^\s*The General Assembly,\s*$")
_OPERATIVE_RE = re.compile(r"^\t(\d+)\.\t(.*)$")
_SUBPARAGRAPH_RE = re.compile(r"^\t\(([a-z]{1,3})\)\t(.*)$")
_FOOTNOTE_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")

# Digits glued to a letter or punctuation and followed by a space, punctuation or the end.
_LOOK_BACK = 64  # characters: longer than any abbreviation or word a marker follows
_LAST_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+$")
_CANDIDATE_RE = re.compile(r"(?<=[^\W\d_]|[,;:.)\]”’])([1-9]\d{0,2})(?=[\s,;:)\]]|\.(?:\s|$)|$)")
_ABBREVIATION_RE = re.compile(r"\b(?:Corr|Add|Rev|No|Nos|vol|vols|para|paras|chap|sect|art|arts|p|pp|annex|Suppl)\.$")
_FURNITURE_SYMBOL_RE = re.compile(r"<<ODS DOC SYMBOL1>>\s*(\S+?)\s*<<ODS DOC SYMBOL1>>")
_MASTHEAD_SYMBOL_RE = re.compile(r"United Nations\s*(A/RES/\S+?)\s*General Assembly")
_DISTRIBUTED_RE = re.compile(r"Distr\.:\s*General\s*" + _DATE)
_AGENDA_RE = re.compile(r"Agenda items? ([\w ,()]+?)\s*$", re.M)
_JOB_RE = re.compile(r"^\s*(\d{2}-\d{5})\s*$", re.M)


def sniff(text: str) -> bool:
    """The export's own signatures: the leading "[DU1]" or the ODS job-number tag."""
    head = text.lstrip("\ufeff \t\r\n")[:10]
    return head.startswith("[DU1]") or "<<ODS JOB NO>>" in text


def parse(text: str, source: str) -> ParsedDocument:
    lines = source_lines(text)
    if not text.strip():
        raise ParseError(source, 1, "empty text")
    doc = ParsedDocument(source=source, format=FORMAT, kind="resolution")

    enacting = _find(lines, _ENACTING_RE, 0)
    if enacting is None:
        raise ParseError(source, 1, "no enacting formula 'The General Assembly,': not a resolution text")
    closing = _find(lines, _MEETING_RE, enacting + 1)
    if closing is None:
        raise ParseError(source, len(lines), "truncated: no closing meeting line ('NNth plenary meeting')")

    _parse_header(lines[:enacting], doc, source)
    furniture = _find_furniture(lines, closing + 1)
    _parse_closing(lines, closing, furniture, doc, source)
    _parse_furniture(lines[furniture:], doc)

    paragraphs = _split_paragraphs(lines, enacting + 1, closing, source)
    if not any(kind == "operative" for kind, _, _, _ in paragraphs):
        raise ParseError(source, closing + 1, "truncated: no operative paragraphs before the closing meeting line")
    _place_markers(paragraphs, doc)
    check_footnotes(doc)
    _check_missing_metadata(doc)
    return doc


def _find(lines: list[str], pattern: re.Pattern, start: int) -> int | None:
    for i in range(start, len(lines)):
        if pattern.match(lines[i]):
            return i
    return None


def _parse_header(header: list[str], doc: ParsedDocument, source: str) -> None:
    """Adoption date, committee report, number and title from the lines above "The General Assembly,"."""
    for line in header:
        if m := _ADOPTED_RE.search(line):
            doc.adopted = text_date(m.group(0))
        elif m := _COMMITTEE_RE.search(line):
            doc.committee_report = m.group(1)
        elif m := _NUMBER_TITLE_RE.match(line):
            doc.number, doc.session, doc.title = m.group(1), int(m.group(2)), collapse_spaces(m.group(3))


def _find_furniture(lines: list[str], start: int) -> int:
    """Index of the first line of the trailing page furniture (or len(lines))."""
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if s.startswith("[DU1]") or "<<ODS" in s or re.fullmatch(r"_{5,}|-{5,}", s):
            return i
    return len(lines)


def _parse_closing(lines: list[str], closing: int, end: int, doc: ParsedDocument, source: str) -> None:
    """The meeting and date lines, then the footnote list up to the furniture."""
    doc.meeting = lines[closing].strip()
    i = closing + 1
    while i < end and not lines[i].strip():
        i += 1
    if i < end and (m := _DATE_LINE_RE.match(lines[i])):
        closing_date = text_date(m.group(0))
        if doc.adopted is None:
            doc.adopted = closing_date
        elif closing_date and closing_date != doc.adopted:
            doc.anomaly("date_mismatch", f"closing date {closing_date} differs from the header's {doc.adopted}", i + 1)
        i += 1
    else:
        doc.anomaly("missing_metadata", "no date line after the closing meeting line", closing + 2)
    for j in range(i, end):
        line = lines[j].strip()
        if not line:
            continue
        if m := _FOOTNOTE_RE.match(line):
            doc.footnotes.append(ParsedFootnote(int(m.group(1)), collapse_spaces(m.group(2)), j + 1))
        elif doc.footnotes:
            last = doc.footnotes[-1]
            last.text = collapse_spaces(last.text + " " + line)
        else:
            doc.anomaly("unexpected_text", f"text after the closing lines is not a footnote: {line[:60]!r}", j + 1)


def _parse_furniture(furniture: list[str], doc: ParsedDocument) -> None:
    """Symbol, distribution date, agenda item and job number from the trailing masthead."""
    block = "\n".join(furniture)
    m = _FURNITURE_SYMBOL_RE.search(block) or _MASTHEAD_SYMBOL_RE.search(block)
    if m:
        doc.symbol = m.group(1)
        if doc.number and not doc.symbol.endswith("/" + doc.number):
            doc.anomaly("symbol_mismatch", f"furniture symbol {doc.symbol} does not match number {doc.number}")
    if m := _DISTRIBUTED_RE.search(block):
        doc.distributed = text_date(m.group(0))
    if m := _AGENDA_RE.search(block):
        doc.agenda_item = m.group(1).strip()
    if m := _JOB_RE.search(block):
        doc.extra["job_number"] = m.group(1)


def _split_paragraphs(lines: list[str], start: int, end: int, source: str) -> list[list]:
    """[kind, number, text, line] for each tab-led paragraph between the formula and the closing."""
    paragraphs: list[list] = []
    operative: str | None = None
    for i in range(start, end):
        line = lines[i]
        if not line.strip():
            continue
        if m := _OPERATIVE_RE.match(line):
            operative = m.group(1)
            paragraphs.append(["operative", operative, m.group(2), i + 1])
        elif (m := _SUBPARAGRAPH_RE.match(line)) and operative:
            paragraphs.append(["subparagraph", f"{operative}({m.group(1)})", m.group(2), i + 1])
        elif line.startswith("\t") and operative is None:
            paragraphs.append(["preambular", None, line, i + 1])
        elif paragraphs:
            # an untabbed line (or a stray tab line among operatives) continues the paragraph above
            paragraphs[-1][2] += " " + line
        else:
            raise ParseError(source, i + 1, "text before the first paragraph does not start with a tab")
    return paragraphs


def _place_markers(paragraphs: list[list], doc: ParsedDocument) -> None:
    """Turn glued digits that fit the marker sequence into markers; build the paragraphs."""
    highest_footnote = max((f.number for f in doc.footnotes), default=0)
    expected = 1
    expected_operative = 1
    for kind, number, body, line in paragraphs:
        raw_parts: list[str] = []
        pos = 0
        for m in _CANDIDATE_RE.finditer(body):
            n = int(m.group(1))
            # only the last characters before the marker matter: slicing and searching the whole
            # text before each candidate was quadratic on long lines
            before = body[max(0, m.start() - _LOOK_BACK) : m.start()]
            if _ABBREVIATION_RE.search(before):
                continue
            word = _LAST_WORD_RE.search(before)
            lower_word = word is None or any(c.islower() for c in word.group(0))
            if n == expected:
                expected += 1
            elif n < expected and lower_word:
                pass  # a repeated reference to an earlier footnote
            elif expected < n <= highest_footnote and lower_word:
                doc.anomaly("number_out_of_sequence", f"footnote marker {n} where {expected} was expected", line)
                expected = n + 1
            else:
                continue
            raw_parts.append(body[pos : m.start()] + marker(n))
            pos = m.end()
        raw_parts.append(body[pos:])
        text, refs = extract_markers("".join(raw_parts))
        if kind == "operative":
            if number != str(expected_operative):
                doc.anomaly(
                    "number_out_of_sequence",
                    f"operative paragraph {number} where {expected_operative} was expected",
                    line,
                )
            expected_operative = int(number) + 1
        doc.paragraphs.append(
            ParsedParagraph(
                kind=kind, text=text, number=number, opening=opening_phrase(text, kind), refs=refs, line=line
            )
        )


def _check_missing_metadata(doc: ParsedDocument) -> None:
    missing = [name for name in ("symbol", "number", "title", "adopted") if getattr(doc, name) is None]
    if missing:
        doc.anomaly("missing_metadata", "not in the text: " + ", ".join(missing), 1)
