"""An official GA resolution or Secretary-General report, read from its PDF's layout.

Where the ``pdf_text`` parser has to guess from plain extracted text, the PDF itself
says: a footnote marker is a raised digit in a smaller size (never confused with "2030
Agenda" or "para. 24"); running headers, footers, job numbers and "N/M" stand in the
page's top and bottom margins; a footnote block is what lies below the short rule at a
page's foot, so a paragraph broken across a page is rejoined across it; a paragraph
starts where the vertical space before a line opens, or, at a page top, where the line
is indented (a preambular paragraph) or opens with its number or letter (operative
paragraphs, sub-items, report paragraphs); a report's headings are bold.

A hyphen that ends a line is kept (UN documents are not hyphenated: "gender-" "sensitive"),
unless the document knows the word only whole (a typesetter's "vulnera-" "bility"); before
"and"/"or"/"to" it is a suspended hyphen ("gender- and age-sensitive").

The result is the ``ParsedDocument`` every parser returns. A PDF without a text layer
(a scan), an encrypted or damaged one (a corrupt or cut stream, missing pages), or one that
is not a GA resolution or report is refused with a ``ParseError`` naming the file and the
reason: nothing is loaded from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from . import is_pdf
from .document import ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError, check_footnotes
from .ordinals import session_from_heading
from .pdf_lines import Page, PdfUnreadable, TextLine, check_streams, open_pdf, read_pages
from .pdf_text import resolution_cover_facts
from .text import collapse_spaces, extract_markers, marker, opening_phrase, text_date, word_set

FORMAT = "pdf"

_SYMBOL_RE = re.compile(r"^A/(?:RES/)?(?:[A-Z]+-)?\d+/\d+(?: ?[A-Z](?:-[A-Z])?)?(?:/(?:Add|Corr|Rev)\.\d+)*$")
_JOB_RE = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?$")
_PAGE_RE = re.compile(r"^\d{1,3}(?:\s*/\s*\d{1,3})?$")
_BARCODE_RE = re.compile(r"^\*\d{6,}\*$")
_RULE_TEXT_RE = re.compile(r"^_{5,}$")
_MEETING_RE = re.compile(r"^\d+(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting$")
_NUMBER_TITLE_RE = re.compile(r"^((?:[A-Z]+-)?(\d+)/\d+(?: ?[A-Z])?)\.\s+(\S.*)$")
_NUMBERED_RE = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_LETTERED_RE = re.compile(r"^\(([a-z]{1,3})\)\s+(?=\S)")
_HEADING_RE = re.compile(r"^([IVXLC]+|[A-Z]|\d{1,2})\.\s+(?=\S)")
_LABEL_RE = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\)|[IVXLC]+\.|[A-Z]\.)\s")
_SECTION_LABEL_RE = re.compile(r"^([IVXLC]+|[A-Z])(?:\.\s+|\.?$)")
_REPORT_OF_RE = re.compile(r"^(?:Report|Note) (?:of|by) the (.+)$")
_SUSPENDED = re.compile(r"^(?:and|or|to|nor|as well as|but)\b(?![-/])")  # not "up-" / "to-date"
_BREAK = "\ue002"  # a hyphen that ended a line
_TRAILING_MARKS_RE = re.compile("(?:\ue000\\d+\ue001)+$")
_SPACE_AFTER_MARK_RE = re.compile(r"(?<=\ue001) +(?=[,;:.)\]])")


def sniff(data: bytes) -> bool:
    """A PDF's header may follow up to 1 KB of other bytes (readers allow it)."""
    return is_pdf(data)


def parse(data: bytes, source: str) -> ParsedDocument:
    try:
        pdf = open_pdf(data)
        check_streams(data)
    except PdfUnreadable as e:
        raise ParseError(source, None, f"PDF {e}") from None
    try:
        pages = read_pages(pdf)
    finally:
        pdf.close()
    if not pages:
        raise ParseError(source, None, "PDF has no pages")
    if sum(p.chars for p in pages) < 40:
        if any(p.images for p in pages):
            raise ParseError(
                source,
                None,
                f"PDF has no text layer: its {len(pages)} page(s) are images (a scan); "
                "make a text layer with OCR first",
            )
        raise ParseError(source, None, "PDF has no text on any page")
    empty = [p.number for p in pages if p.chars == 0]
    if empty:
        raise ParseError(
            source,
            None,
            f"page {', '.join(map(str, empty))} of {len(pages)} has no text: "
            "damaged content, or a scanned page; nothing is loaded from it",
        )
    return _Reader(pages, source).run()


@dataclass
class _Block:
    lines: list[TextLine]
    raw: str = ""
    bold: bool = False

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def first(self) -> str:
        return self.lines[0].text.strip()


@dataclass
class _Note:
    number: int
    raw: str
    page: int


@dataclass
class _Sorted:
    body: list[TextLine] = field(default_factory=list)
    notes: list[TextLine] = field(default_factory=list)


class _Reader:
    def __init__(self, pages: list[Page], source: str):
        self.pages = pages
        self.source = source

    def fail(self, reason: str):
        raise ParseError(self.source, None, reason)

    # --- the whole document ---------------------------------------------------------------

    def run(self) -> ParsedDocument:
        first = self.pages[0]
        enacting = next((l for p in self.pages[:3] for l in p.lines if l.text.strip() == "The General Assembly,"), None)
        report_of = next((l for l in first.lines if _REPORT_OF_RE.match(l.text.strip())), None)
        if enacting is not None:
            doc = ParsedDocument(source=self.source, format=FORMAT, kind="resolution")
            head = [
                l for p in self.pages[: enacting.page] for l in p.lines if l.page < enacting.page or l.y > enacting.y
            ]
            self.resolution_header(doc, head)
            body_from = (enacting.page, enacting.y)
        elif report_of is not None:
            doc = ParsedDocument(source=self.source, format=FORMAT, kind="report")
            body_from = self.report_header(doc, report_of)
        else:
            self.fail(
                "not a GA resolution or report: no 'The General Assembly,' line and no "
                "'Report of the …' title on the first pages"
            )
        self.doc = doc
        self.check_page_count()
        sorted_lines = self.sort_lines(body_from)
        notes = self.footnotes(sorted_lines.notes)
        blocks = self.blocks(sorted_lines.body)
        self.words = word_set(" ".join([b.raw for b in blocks] + [n.raw for n in notes]).replace(_BREAK, " "))
        doc.footnotes = [ParsedFootnote(n.number, collapse_spaces(self.unbreak(n.raw))) for n in notes if n.number]
        stars = [n for n in notes if not n.number]
        if stars:
            doc.extra["header_notes"] = [
                {"marker": "*", "text": collapse_spaces(self.unbreak(n.raw)), "line": None} for n in stars
            ]
        if doc.kind == "resolution":
            self.resolution_body(blocks, enacting)
        else:
            self.report_body(blocks)
        check_footnotes(doc)
        return doc

    # --- page furniture, footnote zones, body ----------------------------------------------

    def furniture(self, line: TextLine, page: Page) -> bool:
        margin = 0.1 * page.height
        if margin < line.y < page.height - margin:
            return False
        return all(self.is_furniture_text(s) for s in line.segments())

    def is_furniture_text(self, s: str) -> bool:
        """Symbol, job number, "N/M", bar code, or the title (whole, or its start when shortened)."""
        if (
            _JOB_RE.match(s)
            or _PAGE_RE.match(s)
            or _BARCODE_RE.match(s)
            or _SYMBOL_RE.match(s)
            or s == "Please recycle"
        ):
            return True
        title = self.doc.title
        head = s[:-1].strip() if s.endswith(("…", "...")) else s
        return bool(title) and (s == title or (len(head) >= 20 and title.startswith(head)))

    def check_page_count(self) -> None:
        """Footers print "N/M": a file with pages missing or out of place is damaged."""
        for page in self.pages:
            margin = 0.1 * page.height
            for line in page.lines:
                if margin < line.y < page.height - margin:
                    continue
                for s in line.segments():
                    if (m := re.fullmatch(r"(\d{1,3})\s*/\s*(\d{1,3})", s)) and (
                        int(m.group(2)) != len(self.pages) or int(m.group(1)) != page.number
                    ):
                        self.fail(
                            f"page {page.number} of {len(self.pages)} is numbered {s}: "
                            "pages are missing or out of order (a damaged or truncated PDF)"
                        )

    def sort_lines(self, body_from: tuple[int, float]) -> _Sorted:
        """Body and footnote lines in reading order, without furniture and the masthead."""
        out = _Sorted()
        start_page, start_y = body_from
        for page in self.pages:
            if page.number < start_page:
                continue
            rule = self.footnote_rule(page)
            for line in page.lines:
                if page.number == start_page and line.y > start_y + 0.1:
                    continue
                if self.furniture(line, page) or _RULE_TEXT_RE.match(line.text.strip()):
                    continue
                (out.notes if rule is not None and line.y < rule else out.body).append(line)
        return out

    def footnote_rule(self, page: Page) -> float | None:
        """The y above which a page's footnotes stand: its short rule (a stroke, or a line of
        underscores); without one, the run of smaller lines at the page foot that opens with a
        footnote number."""
        text = [l for l in page.lines if not self.furniture(l, page)]
        body = median(l.size for l in text) if text else 0.0

        def smaller_below(y: float) -> bool:  # what a full-width rule has under it, if footnotes
            under = [l for l in text if l.y < y]
            return bool(under) and all(l.size < 0.95 * body for l in under)

        candidates = [
            y for y, x0, x1 in page.rules if y < 0.6 * page.height and (x1 - x0 < 0.4 * page.width or smaller_below(y))
        ]
        candidates += [l.y for l in text if _RULE_TEXT_RE.match(l.text.strip()) and l.y < 0.6 * page.height]
        below = [y for y in candidates if any(l.y < y for l in text)]
        if below:
            return max(below)
        if not text:
            return None
        foot = []
        for line in reversed(text):
            if line.size >= 0.9 * body or line.y > 0.6 * page.height:
                break
            foot.append(line)
        if any(re.match(r"\d{1,3}\s", line.text.strip()) for line in foot):
            return foot[-1].y + foot[-1].size
        return None

    # --- footnotes ----------------------------------------------------------------------------

    def footnotes(self, lines: list[TextLine]) -> list[_Note]:
        """The footnotes of the page feet in order, and the "*" notes of the first page (number 0)."""
        notes: list[_Note] = []
        stars = []
        left = min((l.x for l in lines), default=0.0)
        for line in lines:
            runs = line.runs
            head = runs[0] if runs else None
            text = line.text.strip()
            number = None
            rest = text
            if head is not None and head.sup and head.text.strip().isdigit():
                number = int(head.text.strip())
                rest = "".join(r.text for r in runs[1:]).strip()
            elif head is not None and head.text.strip().startswith("*") and (head.sup or text.startswith("* ")):
                stars.append(_Note(0, text.lstrip("*").strip(), line.page))
                continue
            elif (m := re.match(r"^(\d{1,3})\s+(\S.*)$", text)) and line.x <= left + 0.5 * line.size:
                expected = notes[-1].number + 1 if notes else 1  # a number not raised: the next one only
                if int(m.group(1)) == expected:
                    number, rest = expected, m.group(2)
            if number is not None:
                expected = notes[-1].number + 1 if notes else 1
                if number != expected:
                    self.doc.anomaly(
                        "number_out_of_sequence", f"footnote {number} where {expected} was expected (page {line.page})"
                    )
                notes.append(_Note(number, rest, line.page))
            elif stars and not notes and line.page == stars[-1].page:
                stars[-1].raw = _join(stars[-1].raw, text)
            elif notes:
                notes[-1].raw = _join(notes[-1].raw, text)
            else:
                self.doc.anomaly(
                    "unexpected_text", f"text in a footnote block before any footnote (page {line.page}): {text[:60]!r}"
                )
        for n in notes + stars:
            n.raw = _clean(n.raw)
        return stars + notes

    # --- blocks: lines grouped into paragraphs ----------------------------------------------

    def blocks(self, lines: list[TextLine]) -> list[_Block]:
        # the leading: the usual distance of two lines of one paragraph, at most 1.25 times the type size
        # (a short resolution may have more paragraph breaks than lines within paragraphs)
        gaps = sorted(a.y - b.y for a, b in zip(lines, lines[1:]) if a.page == b.page and 0 < a.y - b.y < 2.5 * b.size)
        size = median(l.size for l in lines) if lines else 10.0
        lead = min(gaps[len(gaps) // 4], 1.25 * size) if gaps else 1.2 * size
        left = min((l.x for l in lines), default=0.0)
        right = max((l.x_end for l in lines), default=0.0)
        blocks: list[_Block] = []
        for line in lines:
            block = blocks[-1] if blocks else None
            if block is None or self.starts_block(line, block, lead, left, right):
                blocks.append(_Block([line], bold=line.bold))
            else:
                block.lines.append(line)
        for b in blocks:
            b.raw = _raw_of(b.lines)
        return blocks

    def starts_block(self, line: TextLine, block: _Block, lead: float, left: float, right: float) -> bool:
        """Does ``line`` open a paragraph? Space above it says so; without space (or at a page top),
        a number or letter after a finished line, an italic opening after a comma, or an indent
        deeper than the paragraph's own lines."""
        prev, first = block.lines[-1], block.lines[0]
        if line.bold != block.bold or abs(line.size - prev.size) > 1.0:
            return True
        same_page = line.page == prev.page
        if same_page and prev.y - line.y > 1.3 * lead:
            return True
        text = line.text.strip()
        labelled = bool(_NUMBERED_RE.match(text) or _LETTERED_RE.match(text) or (line.bold and _HEADING_RE.match(text)))
        if block.bold:
            return not same_page and labelled  # a heading's lines are centred or short
        indent = 0.4 * line.size
        prev_raw = _TRAILING_MARKS_RE.sub("", _line_raw(prev))
        short = prev.x_end < right - 3 * line.size
        ended = short or prev_raw.endswith((".", ";", ":", ","))
        if labelled and (ended or not same_page):
            return True
        if line.runs and line.runs[0].italic and not prev.runs[-1].italic and prev_raw.endswith(","):
            return True  # a preambular paragraph opens in italics after one that ended with a comma
        if len(block.lines) > 1:
            return line.x > block.lines[1].x + indent
        if not _LABEL_RE.match(first.text.strip()) and first.x > left + indent:
            return line.x > first.x - indent  # as indented as the first line: the next paragraph
        return (short if same_page else ended) and line.x > left + indent

    # --- resolutions --------------------------------------------------------------------------

    def resolution_header(self, doc: ParsedDocument, head: list[TextLine]) -> None:
        texts = [
            s for l in head for s in l.segments() if not (_JOB_RE.match(s) or _BARCODE_RE.match(s) or _PAGE_RE.match(s))
        ]
        joined = " ".join(texts)
        for i, t in enumerate(texts):
            if doc.symbol is None and _SYMBOL_RE.match(t) and "/RES/" in t:
                doc.symbol = t
            elif t.startswith("Distr.") and doc.distributed is None:
                doc.distributed = text_date(t) or next(
                    (
                        text_date(x)
                        for x in texts[i + 1 : i + 4]
                        if text_date(x) and re.fullmatch(r"\d{1,2} \w+ \d{4}", x)
                    ),
                    None,
                )
            elif re.search(r"\bsession$", t) and doc.session is None:
                doc.session = session_from_heading(t)
            elif m := re.match(r"^Agenda items? (.+)$", t):
                doc.agenda_item = m.group(1)
            elif (m := _NUMBER_TITLE_RE.match(t)) and doc.number is None:
                doc.number = m.group(1)
                doc.title = collapse_spaces(" ".join([m.group(3)] + texts[i + 1 :]))
        missing = resolution_cover_facts(doc, joined)
        if missing:
            doc.anomaly("missing_metadata", f"not on the first page: {', '.join(missing)}")

    def resolution_body(self, blocks: list[_Block], enacting: TextLine) -> None:
        doc = self.doc
        blocks = [b for b in blocks if b.lines[0] is not enacting or len(b.lines) > 1]
        if blocks and blocks[0].lines[0] is enacting:
            blocks[0].lines.pop(0)
            blocks[0].raw = _raw_of(blocks[0].lines)
        closing = None
        for i in range(len(blocks) - 1, -1, -1):
            hit = next((k for k, l in enumerate(blocks[i].lines) if _MEETING_RE.match(l.text.strip())), None)
            if hit is not None:
                closing = (i, hit)
                break
        if closing is None:
            self.fail("truncated: no closing meeting line ('NNth plenary meeting')")
        i, k = closing
        after = [l.text.strip() for b in blocks[i:] for l in b.lines][k:]
        doc.meeting = after[0]
        date = text_date(after[1]) if len(after) > 1 and re.fullmatch(r"\d{1,2} \w+ \d{4}", after[1]) else None
        if date is None:
            doc.anomaly("missing_metadata", "no date line after the closing meeting line")
        elif doc.adopted is None:
            doc.adopted = date
        elif date != doc.adopted:
            doc.anomaly("metadata_conflict", f"closing date {date} differs from the header's {doc.adopted}")
        if k:
            head = blocks[i].lines[:k]
            blocks[i] = _Block(head, _raw_of(head), blocks[i].bold)
            body = blocks[: i + 1]
        else:
            body = blocks[:i]
        expected, sub, last = 1, _SubItems(), None
        heading: _Block | None = None
        for b in body:
            raw = b.raw
            if (
                b.bold
                and heading is not None
                and heading.lines[-1].page == b.page
                and len(heading.lines) == 1
                and _SECTION_LABEL_RE.match(heading.raw)
            ):
                heading.lines += b.lines  # "II" on its line, the title below
                heading.raw = f"{heading.raw}. {raw}"
                doc.paragraphs.pop()
                self.section_heading(heading)
                continue
            if b.bold:
                heading = b
                self.section_heading(b)
                last = None
                continue
            heading = None
            if (m := _NUMBERED_RE.match(raw)) and int(m.group(1)) == 1 and last is None and expected > 1:
                expected = 1  # numbering starts again in a new section
            if (m := _NUMBERED_RE.match(raw)) and int(m.group(1)) in (expected, expected + 1):
                n = int(m.group(1))
                if n != expected:
                    doc.anomaly(
                        "number_out_of_sequence", f"paragraph {n} where {expected} was expected (page {b.page})"
                    )
                expected, sub, last = n + 1, _SubItems(), str(n)
                self.emit("operative", raw[m.end() :], str(n))
            elif (m := _LETTERED_RE.match(raw)) and last and sub.accept(m.group(1)):
                self.emit("subparagraph", raw[m.end() :], f"{last}({m.group(1)})")
            elif last is None and not any(p.kind == "operative" and p.number for p in self.section()):
                self.emit("preambular", raw, None)
            elif (
                last is not None
                and (prev := doc.paragraphs[-1]).text
                and not prev.text.endswith((".", ";", ":"))
                and raw[:1].islower()
            ):
                doc.anomaly(
                    "unnumbered_text_joined",
                    f"text after paragraph {prev.number} that does not start a paragraph joined to it "
                    f"(page {b.page}): {collapse_spaces(raw)[:50]!r}",
                )
                self.extend(prev, raw)
            else:  # unnumbered among operative paragraphs: after a heading, or after sub-items ("and urges …")
                self.emit("operative", raw, None)
        self.unnumbered_operative()
        if not any(p.kind == "operative" for p in doc.paragraphs):
            self.fail("no operative paragraphs before the closing meeting line")

    def section(self) -> list[ParsedParagraph]:
        """The paragraphs since the last heading."""
        paras = self.doc.paragraphs
        start = max((i for i, p in enumerate(paras) if p.kind == "heading"), default=-1) + 1
        return paras[start:]

    def section_heading(self, b: _Block) -> None:
        first = b.lines[0].text.strip()
        if len(b.lines) > 1 and re.fullmatch(r"[IVXLC]+|[A-Z]", first.rstrip(".")):
            self.emit("heading", _raw_of(b.lines[1:]), first.rstrip("."))
            return
        m = _SECTION_LABEL_RE.match(b.raw)
        self.emit("heading", b.raw[m.end() :] if m else b.raw, m.group(1) if m else None)

    def unnumbered_operative(self) -> None:
        """A section (or a resolution) of one operative paragraph does not number it: its last
        paragraph, when it opens with a verb and does not end with a comma, is operative."""
        paras = self.doc.paragraphs
        bounds = [i for i, p in enumerate(paras) if p.kind == "heading"] + [len(paras)]
        start = 0
        for end in bounds:
            part = [p for p in paras[start:end] if p.kind != "heading"]
            start = end + 1
            if not part or any(p.kind == "operative" for p in part):
                continue
            last = part[-1]
            if opening_phrase(last.text, "operative") and not last.text.rstrip().endswith(","):
                last.kind = "operative"
                last.opening = opening_phrase(last.text, "operative")

    def unbreak(self, raw: str) -> str:
        """Each hyphen that ended a line: kept ("gender-sensitive"), unless the document knows the
        word only whole ("vulnera-" + "bility"), a word a typesetter broke."""
        if _BREAK not in raw:
            return raw
        out = []
        for i, part in enumerate(raw.split(_BREAK)):
            if i:
                left = re.search(r"[^\W\d_]+$", out[-1])
                right = re.match(r"[^\W\d_]+", part)
                joined = (left.group(0) + right.group(0)).lower() if left and right else None
                whole = (
                    joined in self.words and f"{left.group(0)}-{right.group(0)}".lower() not in self.words
                    if joined
                    else False
                )
                out.append("" if whole else "-")
            out.append(part)
        return "".join(out)

    def emit(self, kind: str, raw: str, number: str | None, section: str | None = None) -> None:
        text, refs = extract_markers(self.unbreak(raw))
        self.doc.paragraphs.append(
            ParsedParagraph(kind, text, number=number, opening=opening_phrase(text, kind), refs=refs, section=section)
        )

    def extend(self, para: ParsedParagraph, raw: str) -> None:
        rebuilt = _with_markers(para) + " " + self.unbreak(raw)
        para.text, para.refs = extract_markers(rebuilt)
        para.opening = opening_phrase(para.text, para.kind)

    # --- reports ----------------------------------------------------------------------------

    def report_header(self, doc: ParsedDocument, report_of: TextLine) -> tuple[int, float]:
        first = self.pages[0]
        lines = [l for l in first.lines if l.y >= report_of.y]
        item_at = None
        for k, l in enumerate(lines):
            for s in l.segments():
                if doc.symbol is None and _SYMBOL_RE.match(s):
                    doc.symbol = s
                elif s.startswith("Distr.") and doc.distributed is None:
                    idx = first.lines.index(l)
                    doc.distributed = text_date(s) or next(
                        (text_date(x.text) for x in first.lines[idx + 1 : idx + 4] if text_date(x.text)), None
                    )
                elif re.search(r"\bsession$", s) and doc.session is None:
                    doc.session = session_from_heading(s)
                elif m := re.match(r"^Items? (\d+(?: \([a-z]\))?)\b", s):
                    doc.agenda_item = m.group(1)
                    item_at = k
        if item_at is not None:
            following = lines[item_at + 1 : -1]
            body = lines[item_at].size
            agenda = [l.text.strip() for l in following if l.size <= body + 0.5]
            title = [l.text.strip() for l in following if l.size > body + 0.5]
            if agenda:
                doc.extra["agenda_title"] = collapse_spaces(" ".join(agenda))
            if title:
                doc.title = collapse_spaces(" ".join(title))
        doc.extra["report_of"] = _REPORT_OF_RE.match(report_of.text.strip()).group(1)
        for name in ("symbol", "title", "distributed", "session"):
            if getattr(doc, name) is None:
                doc.anomaly("missing_metadata", f"the report {name} is not on the first page")
        return (1, report_of.y - 0.2)

    def report_body(self, blocks: list[_Block]) -> None:
        doc = self.doc
        summary = next((i for i, b in enumerate(blocks) if b.first == "Summary" and b.bold), None)
        contents = next((i for i, b in enumerate(blocks) if b.first == "Contents"), None)
        skip: set[int] = set()
        if contents is not None:
            page = blocks[contents].page
            skip |= {i for i, b in enumerate(blocks) if i >= contents and b.page == page}
            nxt = page + 1
            while any(b.page == nxt for b in blocks) and all(
                _contents_row(l.text) for b in blocks if b.page == nxt for l in b.lines
            ):
                skip |= {i for i, b in enumerate(blocks) if b.page == nxt}
                nxt += 1
        if summary is not None:
            skip.add(summary)
            for i, b in enumerate(blocks[summary + 1 :], start=summary + 1):
                if b.page != blocks[summary].page or i in skip or b.bold or _NUMBERED_RE.match(b.raw):
                    break  # the summary ends with its page, or where the body's first heading or paragraph starts
                skip.add(i)
                self.emit("report", b.raw, None, "Summary")
        section, last = None, 0
        for i, b in enumerate(blocks):
            if i in skip:
                continue
            raw = b.raw
            if b.bold:
                m = _HEADING_RE.match(raw)
                label, text = (m.group(1), raw[m.end() :]) if m else (None, raw)
                self.emit("heading", text, label)
                section = collapse_spaces(extract_markers(text)[0])
                continue
            if (m := _NUMBERED_RE.match(raw)) and int(m.group(1)) == last + 1:
                last = int(m.group(1))
                self.emit("report", raw[m.end() :], str(last), section)
                sub = _SubItems()
            elif (m := _LETTERED_RE.match(raw)) and last and sub.accept(m.group(1)):
                self.emit("subparagraph", raw[m.end() :], f"{last}({m.group(1)})", section)
            else:
                self.emit("report", raw, None, section)
        if not any(p.kind == "report" and p.number for p in doc.paragraphs):
            self.fail("no numbered paragraphs: truncated or not a report")


# --- text helpers -----------------------------------------------------------------------------


def _line_raw(line: TextLine) -> str:
    """A line's text with each raised run of digits as a footnote marker."""
    out = []
    for r in line.runs:
        digits = r.text.strip()
        if r.sup and digits.isdigit():
            out.append(marker(int(digits)))
            if r.text.endswith(" "):
                out.append(" ")
        else:
            out.append(r.text)
    # PDFium may see a space after a raised marker where none is printed ("2021⁷ ,")
    return _SPACE_AFTER_MARK_RE.sub("", "".join(out).strip())


def _raw_of(lines: list[TextLine]) -> str:
    """The text of a paragraph's lines, markers inline, lines joined."""
    raw = ""
    for line in lines:
        raw = _join(raw, _line_raw(line))
    return _clean(raw)


def _join(left: str, right: str) -> str:
    """Two lines of one paragraph: a line-end hyphen is kept and closes up, except before
    "and"/"or" (a suspended hyphen, "gender- and age-sensitive"); a soft hyphen goes."""
    if not left:
        return right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if re.search(r"[^\W\d_]-$", left[-2:]) and not _SUSPENDED.match(right):
        return left[:-1] + _BREAK + right  # kept or dropped once the document's words are known
    return f"{left} {right}"


_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff]")
_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u2010": "-",
        "\u2011": "-",
    }
)


def _clean(text: str) -> str:
    """Typographic variants that are layout, not text: a ligature, a hyphen of another code
    (non-breaking, U+2010), spaces of other widths (no-break, thin, narrow), a zero-width
    space or word joiner."""
    return _INVISIBLE_RE.sub("", _SPACES_RE.sub(" ", text.translate(_LIGATURES)))


def _with_markers(p: ParsedParagraph) -> str:
    out, pos = [], 0
    for r in p.refs:
        out.append(p.text[pos : r.offset])
        out.append(marker(r.number))
        pos = r.offset
    out.append(p.text[pos:])
    return "".join(out)


def _contents_row(text: str) -> bool:
    t = text.strip()
    return t == "Page" or bool(re.search(r"\s\d{1,3}$", t))


class _SubItems:
    """The labels a paragraph's sub-items may take next: (a) … (z), (aa) …, and inside a
    lettered item the roman (i), (ii) … of its own sub-items."""

    def __init__(self):
        self.letter, self.roman = "a", None

    def accept(self, label: str) -> bool:
        if label == self.letter:
            self.letter, self.roman = _next_label(label), 1
            return True
        if self.roman and label == _roman(self.roman):
            self.roman += 1
            return True
        return False


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _next_label(label: str) -> str:
    """(a) → (b) … (z) → (aa) → (bb)."""
    if label[-1] == "z":
        return "a" * (len(label) + 1)
    return chr(ord(label[0]) + 1) * len(label)
