"""Markdown-like conversions (A/RES/74/127, A/64/152): one paragraph per line.

The conversion keeps each paragraph on one line, marks footnotes with Unicode
superscripts (``Women,¹``, sometimes after a space) and sets operative verbs in
``*italics*``. Page breaks still cut paragraphs: a block of footnote lines
(``¹³ Resolution 70/1.``) or a bare line break can stand between the two halves,
and in reports a paragraph number can be displaced into the text
(``Convention 4. on the``) or run into the paragraph before (``employment. 16. Sweden``).
This module rejoins the halves and recovers such paragraphs, reporting each repair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError
from .text import (
    SUPERSCRIPT_CHARS,
    SUPERSCRIPT_DIGITS,
    dehyphenate,
    extract_markers,
    marker,
    opening_phrase,
    source_lines,
    text_date,
    word_set,
)

FORMAT = "markdown"

_SUP = f"[{SUPERSCRIPT_CHARS}]"
_FOOTNOTE_LINE = re.compile(rf"^({_SUP}+)\s+(\S.*)$")
_SUP_RUN = re.compile(rf"{_SUP}+")
_INLINE_SUP = re.compile(rf"[^\s{SUPERSCRIPT_CHARS}]\s?{_SUP}")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_ITALIC = re.compile(r"\*([^*\n]+)\*")
_STAR_NOTE = re.compile(r"^\*+\s+(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_LETTERED = re.compile(r"^\(([a-z]{1,2})\)\s+(\S.*)$")
_SECTION = re.compile(r"^([IVXL]+|[A-Z])\.\s+(\S.*)$")
_CLOSING = re.compile(r"^(\d+(?:st|nd|rd|th) plenary meeting)\b[\s,]*(.*)$")
_SUSPENDED = re.compile(r"(?<![\w-])([a-z]{3,})and(?= [a-z]+-[a-z])")
_URL_SPLIT = re.compile(r"(https?://\S+/) ([\w~.-]+/\S*)")

_UNITS = {w: i + 1 for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth".split())}
_TEENS = {
    w: i + 10
    for i, w in enumerate(
        "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
    )
}
_TENS = {w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_TENTHS = {
    w: (i + 2) * 10
    for i, w in enumerate("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())
}


def sniff(text: str) -> bool:
    """Footnote lines that start with a superscript number, and superscript markers in text."""
    sample = text[:200_000]
    if sample.lstrip().startswith("<"):
        return False
    return re.search(rf"(?m)^{_SUP}+ \S", sample) is not None and _INLINE_SUP.search(sample) is not None


# --- building blocks ---------------------------------------------------------


@dataclass
class _Block:
    """One non-blank text line; ``after_notes``: a footnote block stands before it."""

    line: int
    text: str
    after_notes: bool


@dataclass
class _Draft:
    """A paragraph being assembled from one or more source lines (raw, with placeholders)."""

    kind: str
    number: str | None
    parts: list[tuple[int, str]]
    section: str | None = None
    letter: str | None = None

    @property
    def line(self) -> int:
        return self.parts[0][0]


def _ordinal(word: str) -> int | None:
    w = word.lower()
    for table in (_UNITS, _TEENS, _TENTHS):
        if w in table:
            return table[w]
    tens, _, unit = w.partition("-")
    if tens in _TENS and unit in _UNITS:
        return _TENS[tens] + _UNITS[unit]
    return None


def _inline(text: str) -> str:
    """Source text to raw paragraph text: italics unmarked, superscripts to placeholders."""
    text = _ITALIC.sub(r"\1", text)
    return _SUP_RUN.sub(lambda m: marker(int(m.group(0).translate(SUPERSCRIPT_DIGITS))), text)


def _last_line(lines: list[str]) -> int:
    """Line number of the last non-blank line: where a truncated text stops."""
    return next((i + 1 for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), 1)


def _plain(raw: str) -> str:
    return _PLACEHOLDER.sub("", raw).strip()


def _scan(lines: list[str], start: int, end: int):
    """Text blocks, footnote lines and ``* note`` lines of lines[start:end]."""
    blocks: list[_Block] = []
    notes: list[tuple[int, str, int]] = []
    stars: list[tuple[str, int]] = []
    after_notes = False
    for idx in range(start, end):
        s = lines[idx].strip()
        if not s:
            continue
        m = _FOOTNOTE_LINE.match(s)
        if m:
            notes.append((int(m.group(1).translate(SUPERSCRIPT_DIGITS)), m.group(2), idx + 1))
            after_notes = True
            continue
        star = _STAR_NOTE.match(s)
        if star:
            stars.append((star.group(1), idx + 1))
            continue
        blocks.append(_Block(idx + 1, s, after_notes))
        after_notes = False
    return blocks, notes, stars


def _runs_on(prev: _Draft, text: str, ends: str, after_notes: bool, preamble: bool) -> bool:
    """Is ``text`` the rest of ``prev``, cut by a page break, rather than a new paragraph?"""
    if not text[0].isupper():
        return True
    end = _plain(prev.parts[-1][1]).rstrip('"”’')[-1:]
    if end not in ends:
        return True
    # a preambular paragraph opens with a participle; a page break at a comma does not
    return preamble and after_notes and opening_phrase(_plain(_inline(text)), "preambular") is None


# --- entry -------------------------------------------------------------------


def parse(text: str, source: str) -> ParsedDocument:
    if not text.strip():
        raise ParseError(source, 1, "empty text")
    lines = source_lines(text)
    head = [(i, s.strip()) for i, s in enumerate(lines[:400]) if s.strip()][:60]
    is_resolution = any(
        s == "The General Assembly," or s.startswith("Resolution adopted by the General Assembly") for _, s in head
    )
    if is_resolution:
        return _parse_resolution(lines, source)
    return _parse_report(lines, source)


# --- resolutions -------------------------------------------------------------


def _parse_resolution(lines: list[str], source: str) -> ParsedDocument:
    doc = ParsedDocument(source=source, format=FORMAT, kind="resolution")
    ga = next((i for i, s in enumerate(lines) if s.strip() == "The General Assembly,"), None)
    if ga is None:
        raise ParseError(source, 1, "no 'The General Assembly,' line: the resolution text is missing")
    _resolution_header(lines[:ga], doc)
    blocks, notes, _ = _scan(lines, ga + 1, len(lines))
    drafts: list[_Draft] = []
    closing: tuple[int, str, str] | None = None
    preamble = True
    for b in blocks:
        if closing is not None:
            if closing[2] == "" and text_date(b.text):
                closing = (closing[0], closing[1], b.text)
            else:
                doc.anomaly(
                    "text_after_closing", f"text after the closing meeting line ignored: {b.text[:60]!r}", b.line
                )
            continue
        m = _CLOSING.match(b.text)
        if m and drafts:
            closing = (b.line, m.group(1), m.group(2))
            continue
        m = _NUMBERED.match(b.text)
        if m:
            preamble = False
            drafts.append(_Draft("operative", m.group(1), [(b.line, _inline(m.group(2)))]))
            continue
        m = _LETTERED.match(b.text)
        if m and not preamble:
            drafts.append(_Draft("subparagraph", None, [(b.line, _inline(m.group(2)))], letter=m.group(1)))
            continue
        prev = drafts[-1] if drafts else None
        if prev is not None and _runs_on(prev, b.text, ",;:.", b.after_notes, preamble):
            prev.parts.append((b.line, _inline(b.text)))
        elif preamble:
            drafts.append(_Draft("preambular", None, [(b.line, _inline(b.text))]))
        else:
            doc.anomaly(
                "unnumbered_text_joined",
                "unnumbered text among operative paragraphs joined to the paragraph before",
                b.line,
            )
            prev.parts.append((b.line, _inline(b.text)))
    last_line = _last_line(lines)
    if not any(d.kind == "operative" for d in drafts):
        raise ParseError(source, last_line, "truncated: no operative paragraphs")
    if closing is None:
        raise ParseError(source, last_line, "truncated: no closing meeting line (e.g. '50th plenary meeting' and date)")
    doc.meeting = closing[1]
    closing_date = text_date(closing[2])
    if doc.adopted is None and closing_date is not None:
        doc.adopted = closing_date
    elif closing_date and closing_date != doc.adopted:
        doc.anomaly(
            "date_mismatch", f"closing date {closing_date} differs from the adoption date {doc.adopted}", closing[0]
        )
    drafts = _split_run_ins(drafts, "operative", doc)
    _finish(doc, drafts, notes, lines)
    return doc


def _resolution_header(header: list[str], doc: ParsedDocument) -> None:
    for raw in header:
        s = raw.strip()
        if s.startswith("Distr."):
            doc.distributed = text_date(s)
        if m := re.search(r"\b([A-Za-z]+(?:-[a-z]+)?) session\b", s):
            doc.session = doc.session or _ordinal(m.group(1))
        if m := re.search(r"\bAgenda item (\d+(?: \([a-z]\))?)\s*(.*)$", s):
            doc.agenda_item = m.group(1)
            if m.group(2):
                doc.extra["agenda_title"] = m.group(2).strip()
        if m := re.match(r"Resolution adopted by the General Assembly on (.+)$", s):
            doc.adopted = text_date(m.group(1))
        if m := re.match(r"\[on the report of the (.+?) \((A/[^)\s]+)\)\]", s):
            doc.extra["committee"] = m.group(1)
            doc.committee_report = m.group(2)
        if m := re.match(r"^(\d{1,3}/\d{1,4})\.\s+(\S.*)$", s):
            doc.number, doc.title = m.group(1), m.group(2).strip()
            doc.symbol = f"A/RES/{doc.number}"
    if doc.number and doc.session and int(doc.number.split("/")[0]) != doc.session:
        doc.anomaly("session_mismatch", f"number {doc.number} does not belong to session {doc.session}")
    if doc.number and not doc.session:
        doc.session = int(doc.number.split("/")[0])
    for name in ("number", "title", "adopted"):
        if getattr(doc, name) is None:
            doc.anomaly("missing_metadata", f"the resolution {name} is not in the text", 1)


# --- reports -----------------------------------------------------------------


def _heading_shaped(text: str) -> bool:
    plain = _plain(_inline(text))
    return 0 < len(plain) <= 150 and plain[-1] not in ".;:,"


def _is_toc_row(s: str) -> bool:
    return "\t" in s or s == "Page" or re.search(r"\s\d{1,3}$", s) is not None


def _parse_report(lines: list[str], source: str) -> ParsedDocument:
    doc = ParsedDocument(source=source, format=FORMAT, kind="report")
    stripped = [s.strip() for s in lines]
    summary_at = contents_at = body_at = None
    for i, s in enumerate(stripped):
        if not s:
            continue
        if contents_at is not None:
            if not _is_toc_row(s):
                body_at = i
                break
        elif s == "Contents":
            contents_at = i
        elif s == "Summary" and summary_at is None:
            summary_at = i
        elif ((m := _SECTION.match(s)) and _heading_shaped(m.group(2))) or re.match(r"^1\.\s+\S.{150}", s):
            body_at = i
            break
    if body_at is None:
        raise ParseError(source, _last_line(lines), "no report body: no section heading or paragraph 1 found")
    header_end = min(x for x in (summary_at, contents_at, body_at) if x is not None)
    _report_header(stripped[:header_end], doc)
    if summary_at is not None:
        end = contents_at if contents_at is not None else body_at
        blocks, notes, stars = _scan(lines, summary_at + 1, end)
    else:
        blocks, notes, stars = [], [], []
    stars += [(m.group(1), i + 1) for i, s in enumerate(stripped[:header_end]) if (m := _STAR_NOTE.match(s))]
    if stars:
        doc.extra["header_notes"] = [
            {"marker": "*", "text": t, "line": ln} for t, ln in sorted(stars, key=lambda x: x[1])
        ]
    drafts = [_Draft("report", None, [(b.line, _inline(b.text))], section="Summary") for b in blocks]
    body_blocks, body_notes, body_stars = _scan(lines, body_at, len(lines))
    for text, ln in body_stars:
        doc.anomaly("unexpected_note", f"'*' note in the report body kept out of the text: {text[:60]!r}", ln)
    drafts += _report_body(body_blocks, doc)
    if not any(d.kind == "report" and d.number for d in drafts):
        raise ParseError(source, _last_line(lines), "no numbered paragraphs: truncated or not a report")
    drafts = _split_run_ins(drafts, "report", doc)
    _finish(doc, drafts, notes + body_notes, lines)
    if contents_at is not None:
        _check_contents(stripped[contents_at + 1 : body_at], contents_at + 2, doc)
    return doc


def _report_header(header: list[str], doc: ParsedDocument) -> None:
    title_candidates: list[str] = []
    for s in header:
        if not s or _STAR_NOTE.match(s):
            continue
        if s.startswith("Distr."):
            doc.distributed = text_date(s)
            continue
        if m := re.search(r"\b([A-Za-z]+(?:-[a-z]+)?) session\b", s):
            doc.session = doc.session or _ordinal(m.group(1))
            if a := re.search(r"\bItem (\d+) of the (.+?)\*?\s+([A-Z].*)$", s):
                doc.agenda_item = a.group(1)
                doc.extra["agenda_title"] = a.group(3).strip()
            continue
        if m := re.match(r"^Report of the (.+)$", s):
            doc.extra["report_of"] = m.group(1)
            if title_candidates:
                doc.title = title_candidates[-1]
            continue
        if s.startswith("Original:"):
            continue
        if m := re.search(r"\bA/\d{2}/\d{1,4}\b", s):
            doc.symbol = doc.symbol or m.group(0)
            continue
        title_candidates.append(s)
    if doc.title is None and title_candidates:
        doc.title = title_candidates[-1]
    if doc.symbol is None:
        doc.anomaly("missing_metadata", "the report symbol is not printed in the text", 1)
    for name in ("title", "distributed", "session"):
        if getattr(doc, name) is None:
            doc.anomaly("missing_metadata", f"the report {name} is not in the text", 1)


def _report_body(blocks: list[_Block], doc: ParsedDocument) -> list[_Draft]:
    """Headings, numbered paragraphs, sub-items; displaced paragraph numbers recovered."""
    # number of the next paragraph-shaped numbered line after each block (lookahead)
    upcoming: list[int | None] = [None] * len(blocks)
    following = None
    for i in range(len(blocks) - 1, -1, -1):
        upcoming[i] = following
        m = _NUMBERED.match(blocks[i].text)
        if m and not _heading_shaped(m.group(2)):
            following = int(m.group(1))
    drafts: list[_Draft] = []
    section: str | None = None
    last = 0
    for i, b in enumerate(blocks):
        m = _SECTION.match(b.text)
        if m and _heading_shaped(m.group(2)):
            drafts.append(_Draft("heading", m.group(1), [(b.line, _inline(m.group(2)))]))
            section = _plain(_inline(m.group(2)))
            continue
        m = _NUMBERED.match(b.text)
        if m:
            num = int(m.group(1))
            if _heading_shaped(m.group(2)) and (num != last + 1 or upcoming[i] == num):
                drafts.append(_Draft("heading", m.group(1), [(b.line, _inline(m.group(2)))]))
                section = _plain(_inline(m.group(2)))
                continue
            drafts.append(_Draft("report", str(num), [(b.line, _inline(m.group(2)))], section))
            last = num
            continue
        m = _LETTERED.match(b.text)
        if m and last:
            drafts.append(_Draft("subparagraph", None, [(b.line, _inline(m.group(2)))], section, m.group(1)))
            continue
        prev = drafts[-1] if drafts else None
        body_prev = prev is not None and prev.kind != "heading"
        if body_prev and _runs_on(prev, b.text, ".;:", b.after_notes, False):
            prev.parts.append((b.line, _inline(b.text)))
            continue
        expected = last + 1
        if upcoming[i] != expected and (d := re.search(rf"(?<=\s){expected}\.\s+(?=\S)", b.text)):
            text = b.text[: d.start()] + b.text[d.end() :]
            drafts.append(_Draft("report", str(expected), [(b.line, _inline(text))], section))
            doc.anomaly(
                "recovered_paragraph",
                f"paragraph {expected}: its number stood inside its first line ({b.text[max(0, d.start() - 25) : d.end() + 10]!r})",
                b.line,
            )
            last = expected
        elif body_prev:
            doc.anomaly(
                "unnumbered_text_joined",
                "unnumbered text after a finished paragraph joined to it (page break at a sentence end?)",
                b.line,
            )
            prev.parts.append((b.line, _inline(b.text)))
        else:
            drafts.append(_Draft("report", None, [(b.line, _inline(b.text))], section))
    return drafts


def _check_contents(rows: list[str], first_line: int, doc: ParsedDocument) -> None:
    """The table of contents is skipped, but its garbling is reported (labels, titles)."""
    titles = {re.sub(r"\W", "", p.text).lower() for p in doc.paragraphs if p.kind == "heading"}
    for offset, row in enumerate(rows):
        cells = [c.strip() for c in row.split("\t") if c.strip()]
        if not cells or cells == ["Page"]:
            continue
        label = cells.pop(0) if re.fullmatch(r"\S{1,5}\.", cells[0]) else None
        if cells and cells[-1].isdigit():
            cells.pop()
        title = " ".join(cells).strip(" .")
        line = first_line + offset
        if label and not re.fullmatch(r"(?:[IVXL]+|[A-Z]|\d+)\.", label):
            doc.anomaly("garbled_contents", f"table of contents label {label!r} is not a Latin section label", line)
        if title and re.sub(r"\W", "", title).lower() not in titles:
            doc.anomaly("garbled_contents", f"table of contents entry {title!r} matches no heading of the text", line)


# --- shared finishing --------------------------------------------------------


def _split_run_ins(drafts: list[_Draft], kind: str, doc: ParsedDocument) -> list[_Draft]:
    """Recover paragraphs run into the one before (``employment. 16. Sweden``).

    Only a number missing from the sequence of line-start numbers is looked for, and
    only after a sentence end and before a capital, so ordinary ``No. 16`` is left alone.
    """
    upcoming: list[int | None] = [None] * len(drafts)
    following = None
    for i in range(len(drafts) - 1, -1, -1):
        upcoming[i] = following
        if drafts[i].kind == kind and drafts[i].number:
            following = int(drafts[i].number)
    out: list[_Draft] = []
    for d, nxt in zip(drafts, upcoming):
        out.append(d)
        while d.kind == kind and d.number and nxt is not None and nxt > int(d.number) + 1:
            tail = _cut_run_in(d, int(d.number) + 1)
            if tail is None:
                break
            doc.anomaly("recovered_paragraph", f"paragraph {tail.number} ran on inside paragraph {d.number}", tail.line)
            out.append(tail)
            d = tail
    seq = 0
    for d in out:
        if d.kind == kind and d.number:
            if int(d.number) != seq + 1:
                doc.anomaly("number_out_of_sequence", f"paragraph {d.number} follows paragraph {seq}", d.line)
            seq = int(d.number)
    return out


def _cut_run_in(d: _Draft, number: int) -> _Draft | None:
    pattern = re.compile(rf"([.;:](?:\ue000\d+\ue001)?)\s+{number}\.\s+(?=[A-Z\"“])")
    for j, (line, raw) in enumerate(d.parts):
        m = pattern.search(raw)
        if m:
            tail = _Draft(d.kind, str(number), [(line, raw[m.end() :])] + d.parts[j + 1 :], d.section)
            d.parts = d.parts[:j] + [(line, raw[: m.end(1)])]
            return tail
    return None


def _join(parts: list[tuple[int, str]], words: set[str]) -> str:
    raw = parts[0][1].strip()
    for _, nxt in parts[1:]:
        nxt = nxt.strip()
        raw = dehyphenate(raw, nxt, words) if raw.endswith("-") else f"{raw} {nxt}"
    return raw


def _finish(doc: ParsedDocument, drafts: list[_Draft], notes, lines: list[str]) -> None:
    """Drafts to paragraphs, footnotes to ParsedFootnotes, and the marker/footnote checks."""
    words = word_set("\n".join(lines))
    parent: str | None = None
    first_ref: dict[int, int] = {}
    for d in drafts:
        text, refs = extract_markers(_join(d.parts, words))
        number = d.number
        if d.kind in ("operative", "report") and d.number:
            parent = d.number
        if d.kind == "subparagraph":
            number = f"{parent}({d.letter})" if parent else f"({d.letter})"
        for line, raw in d.parts:
            for m in _PLACEHOLDER.finditer(raw):
                first_ref.setdefault(int(m.group(1)), line)
        doc.paragraphs.append(
            ParsedParagraph(
                kind=d.kind,
                text=text,
                number=number,
                opening=opening_phrase(text, d.kind),
                refs=refs,
                line=d.line,
                section=d.section if d.kind != "heading" else None,
            )
        )
    by_number: dict[int, ParsedFootnote] = {}
    for number, raw_text, line in notes:
        text = _ITALIC.sub(r"\1", raw_text)
        while (u := _URL_SPLIT.search(text)) is not None:
            text = text[: u.start()] + u.group(1) + u.group(2) + text[u.end() :]
            doc.anomaly(
                "repaired_url",
                f"footnote {number}: web address split by a space rejoined ({u.group(1)}{u.group(2)})",
                line,
            )
        text = " ".join(text.split())
        if number in by_number:
            doc.anomaly("duplicate_footnote", f"second text for footnote {number} ignored", line)
            continue
        by_number[number] = ParsedFootnote(number, text, line)
    doc.footnotes = [by_number[n] for n in sorted(by_number)]
    for n in sorted(first_ref):
        if n not in by_number:
            doc.anomaly(
                "missing_footnote_text", f"footnote {n} is referenced but its text is not in the source", first_ref[n]
            )
    for n in sorted(by_number):
        if n not in first_ref:
            doc.anomaly("unreferenced_footnote", f"footnote {n} has no marker in the text", by_number[n].line)
    _flag_lost_hyphens(doc, drafts, words)


_LONGEST_COMPOUND = 60


def _flag_lost_hyphens(doc: ParsedDocument, drafts: list[_Draft], words: set[str]) -> None:
    """Report words whose hyphen the conversion lost (``gendersensitive``); text kept as is."""
    seen: set[str] = set()
    for d in drafts:
        for line, raw in d.parts:
            for w in re.findall(r"(?<![\w-])[A-Za-z]{7,}(?![\w-])", raw):
                low = w.lower()
                if low in seen or len(low) > _LONGEST_COMPOUND:  # no real word is longer; and trying
                    continue  # every split of an enormous one is quadratic
                for i in range(3, len(low) - 2):
                    if f"{low[:i]}-{low[i:]}" in words:
                        seen.add(low)
                        doc.anomaly(
                            "suspected_lost_hyphen",
                            f"{w!r} kept as in the source; the text elsewhere has '{low[:i]}-{low[i:]}'",
                            line,
                        )
                        break
            for m in _SUSPENDED.finditer(raw):
                if m.group(1).lower() in words and m.group(0).lower() not in seen:
                    seen.add(m.group(0).lower())
                    doc.anomaly(
                        "suspected_lost_hyphen",
                        f"{m.group(0)!r} kept as in the source; probably '{m.group(1)}- and' (a suspended hyphen lost)",
                        line,
                    )
