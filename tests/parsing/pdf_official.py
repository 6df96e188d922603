"""Make PDFs laid out like the official GA resolutions and Secretary-General reports.

No official PDF is in the repository, so the PDF parser is tested on PDFs made here from
documents whose text is known (an AKN parse, or a report's golden parse): A4, the
first-page masthead, running headers and footers (symbol, title, job number, "N/M"),
justified text drawn word by word, italic opening phrases, hanging operative numbers,
indented lettered sub-items, superscript footnote markers, and each footnote at the foot
of the page where its marker falls, after a short rule, so that paragraphs broken across
pages have a footnote block between their halves. "Secretary-General" is printed with a
non-breaking hyphen (U+2011), as Word prints it. ``Style`` varies what official PDFs vary:
space between paragraphs, raised footnote numbers, footnotes continued on the next page,
the rule above them, a report's table of contents.

The fonts are Liberation Serif (Debian's fonts-liberation, which Chromium depends on),
embedded; without them, reportlab's own Vera, with ordinary hyphens (Vera has no U+2011).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from archive.parsing.document import FootnoteRef, ParsedDocument, ParsedParagraph

from .pdf_layout import long_date, session_words

PAGE_W, PAGE_H = A4
LEFT, RIGHT = 72.0, 523.0
TOP, BOTTOM = 772.0, 72.0
BODY, LEAD, GAP = 10.0, 12.0, 6.0
NOTE, NOTE_LEAD = 8.0, 9.5
SUP_RATIO, RISE_RATIO = 0.62, 0.36

_LIBERATION = Path("/usr/share/fonts/truetype/liberation")
_STYLES = {"r": "Regular", "i": "Italic", "b": "Bold", "bi": "BoldItalic"}
LIBERATION = all((_LIBERATION / f"LiberationSerif-{s}.ttf").exists() for s in _STYLES.values())
_VERA = {"r": "Vera.ttf", "i": "VeraIt.ttf", "b": "VeraBd.ttf", "bi": "VeraBI.ttf"}


def _register_fonts() -> bool:
    """Register the four faces once; True when the non-breaking hyphen can be printed."""
    if "GA-r" in pdfmetrics.getRegisteredFontNames():
        return _register_fonts.nbh
    liberation = LIBERATION
    for style in _STYLES:
        if liberation:
            path = _LIBERATION / f"LiberationSerif-{_STYLES[style]}.ttf"
        else:
            path = Path(os.path.dirname(reportlab.__file__)) / "fonts" / _VERA[style]
        pdfmetrics.registerFont(TTFont(f"GA-{style}", str(path)))
    _register_fonts.nbh = liberation
    return liberation


_register_fonts.nbh = False


def font(style: str) -> str:
    return f"GA-{style}"


def width(text: str, style: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font(style), size)


@dataclass(frozen=True)
class Style:
    """Ways official PDFs differ: space between paragraphs or none (then only indentation and
    numbers tell where one starts), footnote numbers raised or not, a long footnote kept on
    the page of its marker or continued at the foot of the next page, a rule above the
    footnotes or none, a report with its table of contents or without, long words broken
    at line ends or never."""

    gap: float = 6.0
    raised_note_numbers: bool = True
    split_notes: bool = False
    rule: bool = True  # the short rule above the footnotes
    contents: bool = True  # a report's table of contents, on a page of its own
    hyphenate: bool = False  # long words broken at line ends, as a typesetter does


OFFICIAL = Style()
TIGHT = Style(gap=0.0, raised_note_numbers=False, split_notes=True, contents=False, hyphenate=True)


# --- paragraphs as styled words ----------------------------------------------------------


@dataclass
class Piece:
    text: str
    style: str  # r | i | b | bi
    sup: bool = False


@dataclass
class Block:
    """A paragraph to set: styled words, its label and the x of label, first line and the rest."""

    words: list[list[Piece]]
    label: str | None
    label_x: float
    first_x: float
    rest_x: float
    size: float = BODY
    lead: float = LEAD
    gap_before: float = GAP
    justify: bool = True
    label_style: str = "r"
    keep: bool = False  # headings: never the last line of a page
    right: float = RIGHT
    center: bool = False
    hyphenate: set = field(default_factory=set)  # words a typesetter may break at a line end ("vulnera-" "bility")


_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff]")
_NO_GLYPH_SPACES = "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
# en, em, thin, narrow … spaces the font has no glyph for: printed as a no-break space


def _unprinted(text: str, refs) -> tuple[str, list]:
    """``text`` as printed: invisible characters dropped, a letter and its combining accent
    as one character (what a word processor prints), thin spaces the font lacks as no-break
    spaces; the markers moved with the text."""
    if not _INVISIBLE_RE.search(text) and not any(unicodedata.combining(c) or c in _NO_GLYPH_SPACES for c in text):
        return text, refs
    out: list[str] = []
    new_at: dict[int, int] = {}
    for i, ch in enumerate(text):
        new_at[i] = len(out)
        if _INVISIBLE_RE.match(ch):
            continue
        if unicodedata.combining(ch) and out and len(unicodedata.normalize("NFC", out[-1] + ch)) == 1:
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
            new_at[i] = len(out)
            continue
        out.append("\u00a0" if ch in _NO_GLYPH_SPACES else ch)
    new_at[len(text)] = len(out)
    return "".join(out), [FootnoteRef(r.number, new_at[r.offset]) for r in refs]


def pieces(text: str, refs, italic_chars: int = 0, style: str = "r", nbh: bool = True) -> list[list[Piece]]:
    """Words of ``text`` with the first ``italic_chars`` italic and a superscript at each marker."""
    if nbh:
        text = text.replace("Secretary-General", "Secretary\u2011General")
    text, refs = _unprinted(text, refs)  # a word joiner or zero-width space prints as nothing
    cuts = sorted({0, len(text), italic_chars} | {r.offset for r in refs})
    by_offset: dict[int, list[int]] = {}
    for r in refs:
        by_offset.setdefault(r.offset, []).append(r.number)
    flat: list[Piece] = []
    for a, b in zip(cuts, cuts[1:]):
        st = ("bi" if style == "b" else "i") if a < italic_chars else style
        if text[a:b]:
            flat.append(Piece(text[a:b], st))
        for n in by_offset.get(b, []):
            flat.append(Piece(str(n), style if style != "i" else "r", sup=True))
    words: list[list[Piece]] = [[]]
    for p in flat:
        if p.sup:
            words[-1].append(p)
            continue
        parts = p.text.split(" ")
        for k, part in enumerate(parts):
            if k:
                words.append([])
            if part:
                words[-1].append(Piece(part, p.style))
    return [w for w in words if w]


def _word_width(word: list[Piece], size: float) -> float:
    return sum(width(p.text, p.style, size * SUP_RATIO if p.sup else size) for p in word)


def _split_hyphen(word: list[Piece], room: float, size: float):
    """A compound broken after one of its hyphens ("gender-" / "sensitive"), if a head fits."""
    if len(word) != 1 or word[0].sup:
        return None
    text = word[0].text
    for m in reversed(list(re.finditer(r"(?<=[^\W\d_]-)(?=[^\W\d_])", text))):
        head = text[: m.start()]
        if width(head, word[0].style, size) <= room:
            return [Piece(head, word[0].style)], [Piece(text[m.start() :], word[0].style)]
    return None


def _split_word(word: list[Piece], room: float, size: float, breakable: set):
    """A long word broken by a typesetter, a hyphen added at the line end; four letters each side.
    Each word is broken once at most, so that the document shows it whole elsewhere."""
    if len(word) != 1 or word[0].sup or not breakable:
        return None
    text, st = word[0].text, word[0].style
    m = re.match(r"[A-Za-z]+", text)
    if not m or m.group(0).lower() not in breakable:
        return None
    for cut in range(len(m.group(0)) - 4, 3, -1):
        if width(text[:cut] + "-", st, size) <= room:
            breakable.discard(m.group(0).lower())
            return [Piece(text[:cut] + "-", st)], [Piece(text[cut:], st)]
    return None


def breakable_words(doc: ParsedDocument) -> set:
    """Long words the document uses more than once, never with a hyphen: a reader knows them whole."""
    text = " ".join(p.text for p in doc.paragraphs)
    counts: dict[str, int] = {}
    for w in re.findall(r"(?<![\w-])[A-Za-z]{10,}(?![\w-])", text):
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    return {w for w, n in counts.items() if n >= 2}


def set_lines(block: Block) -> list[tuple[float, list[tuple[float, list[Piece]]], bool]]:
    """Greedy line breaking: (start x, [(x, word)], last line?) per line, justified."""
    size = block.size
    space = width(" ", "r", size)
    lines, words = [], list(block.words)
    x0 = block.first_x
    while words:
        line, used = [], 0.0
        avail = block.right - x0
        while words:
            w = words[0]
            ww = _word_width(w, size)
            need = ww + (space if line else 0)
            if used + need <= avail or not line:
                line.append(w)
                used += need
                words.pop(0)
                continue
            split = _split_hyphen(w, avail - used - space, size) or _split_word(
                w, avail - used - space, size, block.hyphenate
            )
            if split:
                line.append(split[0])
                used += space + _word_width(split[0], size)
                words[0] = split[1]
            break
        last = not words
        extra = 0.0 if last or not block.justify or len(line) < 2 else (avail - used) / (len(line) - 1)
        if block.center:
            x0 = (LEFT + RIGHT - used) / 2
        placed, x = [], x0
        for w in line:
            placed.append((x, w))
            x += _word_width(w, size) + space + extra
        lines.append((x0, placed, last))
        x0 = block.rest_x
    return lines


# --- pages ---------------------------------------------------------------------------------


@dataclass
class Line:
    y_gap: float  # space above (paragraph spacing), dropped at a page top
    lead: float
    x: float
    words: list[tuple[float, list[Piece]]]
    size: float
    label: tuple[float, str, str] | None = None
    notes: list[int] = field(default_factory=list)  # footnotes first referenced here
    keep: bool = False


@dataclass
class Page:
    lines: list[tuple[float, Line]] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # the lines of its footnote block


def lines_of(block: Block, seen: set[int]) -> list[Line]:
    out = []
    for i, (x, words, _last) in enumerate(set_lines(block)):
        new = []
        for _, w in words:
            for p in w:
                if p.sup and int(p.text) not in seen:
                    seen.add(int(p.text))
                    new.append(int(p.text))
        label = (block.label_x, block.label, block.label_style) if i == 0 and block.label else None
        out.append(
            Line(block.gap_before if i == 0 else 0.0, block.lead, x, words, block.size, label, new, keep=block.keep)
        )
    return out


def note_lines(number: int, text: str, nbh: bool, style: Style = OFFICIAL) -> list[Line]:
    block = Block(pieces(text, [], nbh=nbh), None, 0, LEFT + 22, LEFT + 22, size=NOTE, lead=NOTE_LEAD, gap_before=0)
    lines = lines_of(block, set())
    lines[0].label = (LEFT + 12, str(number), "sup" if style.raised_note_numbers else "r")
    return lines


def paginate(
    lines: list[Line], notes: dict[int, list[Line]], first_top: float, top: float = TOP, style: Style = OFFICIAL
) -> list[Page]:
    """Body lines onto pages, each footnote at the foot of the page where its marker falls
    (with ``split_notes``, what does not fit continues at the foot of the next page)."""
    pages = [Page()]
    y = first_top
    carry: list[Line] = []

    def room(y_line: float, note_count: int) -> bool:
        return y_line >= BOTTOM + (note_count * NOTE_LEAD + 14 if note_count else 0.0)

    for line in lines:
        page = pages[-1]
        gap = (style.gap if line.y_gap == GAP else line.y_gap) if page.lines else 0.0
        new = [n_line for n in line.notes if n in notes for n_line in notes[n]]
        reserve = LEAD * 2 if line.keep else 0.0  # a heading keeps a line of its paragraph with it
        y_line = y - gap - line.lead
        if style.split_notes and page.lines:  # move the end of the page's last footnote on, as Word does
            while (
                page.notes and page.notes[-1].label is None and not room(y_line - reserve, len(page.notes) + len(new))
            ):
                carry.insert(0, page.notes.pop())
        if not page.lines or room(y_line - reserve, len(page.notes) + len(new)):
            taken = new
        elif style.split_notes and new and room(y_line - reserve, len(page.notes) + 1):
            k = max(k for k in range(1, len(new) + 1) if room(y_line - reserve, len(page.notes) + k))
            taken, carry = new[:k], carry + new[k:]
        else:
            pages.append(Page(notes=carry))
            carry = []
            page, y_line, taken = pages[-1], top - line.lead, new
        y = y_line
        page.lines.append((y, line))
        page.notes = page.notes + taken
    if carry:
        pages.append(Page(notes=carry))
    return pages


def draw_line(c: canvas.Canvas, y: float, line: Line) -> None:
    size = line.size
    if line.label:
        lx, text, style = line.label
        if style == "sup":
            c.setFont(font("r"), size * SUP_RATIO)
            c.drawString(lx, y + size * RISE_RATIO, text)
        else:
            c.setFont(font(style), size)
            c.drawString(lx, y, text)
    for x, word in line.words:
        for p in word:
            s = size * SUP_RATIO if p.sup else size
            c.setFont(font(p.style), s)
            c.drawString(x, y + (size * RISE_RATIO if p.sup else 0), p.text)
            x += width(p.text, p.style, s)


def draw_notes(c: canvas.Canvas, lines: list[Line], style: Style = OFFICIAL) -> None:
    if not lines:
        return
    y = BOTTOM + NOTE_LEAD * (len(lines) - 1)
    if style.rule:
        c.setLineWidth(0.6)
        c.line(LEFT, y + NOTE_LEAD + 4, LEFT + 72, y + NOTE_LEAD + 4)
    for line in lines:
        draw_line(c, y, line)
        y -= NOTE_LEAD


def running(c: canvas.Canvas, number: int, total: int, symbol: str, title: str | None, job: str) -> None:
    c.setLineWidth(0.5)
    if number == 1:
        c.setFont(font("r"), 8)
        c.drawString(LEFT, 40, f"{job} (E)")
        c.setFont(font("r"), 9)
        c.drawRightString(RIGHT, 40, f"*{job.replace('-', '')}*")
        return
    even = number % 2 == 0
    c.setFont(font("b"), 9)
    (c.drawString if even else c.drawRightString)(LEFT if even else RIGHT, 800, symbol)
    if title:
        c.setFont(font("r"), 8)
        shown = title if width(title, "r", 8) < 300 else title[:60].rsplit(" ", 1)[0] + " …"
        (c.drawRightString if even else c.drawString)(RIGHT if even else LEFT, 800, shown)
    c.line(LEFT, 795, RIGHT, 795)
    c.setFont(font("r"), 8)
    c.drawString(LEFT, 40, f"{number}/{total}" if even else job)
    c.drawRightString(RIGHT, 40, job if even else f"{number}/{total}")


# --- documents -----------------------------------------------------------------------------


def _italic_prefix(p: ParsedParagraph) -> int:
    if p.opening and p.text.startswith(p.opening):
        return len(p.opening)
    return 0


def resolution_pdf(doc: ParsedDocument, job: str | None = None, style: Style = OFFICIAL) -> bytes:
    """An official-looking A/RES PDF of ``doc`` (an AKN parse of a resolution)."""
    nbh = _register_fonts()
    job = job or doc.extra.get("job_number") or "00-00000"
    breakable = breakable_words(doc)
    seen: set[int] = set()
    lines: list[Line] = []
    enacting = Block(pieces("The General Assembly,", [], nbh=nbh), None, 0, LEFT + 36, LEFT, gap_before=0)
    lines += lines_of(enacting, seen)
    for p in doc.paragraphs:
        words = pieces(p.text, p.refs, _italic_prefix(p), nbh=nbh)
        if p.kind == "heading":  # a section of a resolution: its number, then its title, bold and centred
            if p.number:
                label = pieces(p.number, [], style="b", nbh=False)
                lines += lines_of(
                    Block(label, None, 0, LEFT, LEFT, gap_before=14, justify=False, center=True, keep=True), seen
                )
            words = pieces(p.text, p.refs, 0, style="b", nbh=nbh)
            block = Block(
                words, None, 0, LEFT, LEFT, gap_before=6 if p.number else 14, justify=False, center=True, keep=True
            )
        elif p.number and p.number.startswith("("):  # a sub-item the XML holds as an unnumbered paragraph
            block = Block(words, p.number, LEFT + 58, LEFT + 84, LEFT + 36)
        elif p.kind == "operative" and p.number:
            block = Block(words, f"{p.number}.", LEFT + 36, LEFT + 58, LEFT)
        elif p.kind == "subparagraph":
            block = Block(words, p.number[p.number.index("(") :], LEFT + 58, LEFT + 84, LEFT + 36)
        else:
            block = Block(words, None, 0, LEFT + 36, LEFT)
        if style.hyphenate and p.kind != "heading":
            block.hyphenate = breakable
        lines += lines_of(block, seen)
    closing = Block(
        pieces(doc.meeting or "", [], nbh=False), None, 0, LEFT + 200, LEFT + 200, gap_before=18, justify=False
    )
    lines += lines_of(closing, seen)
    lines += lines_of(
        Block(
            pieces(long_date(doc.adopted), [], nbh=False), None, 0, LEFT + 200, LEFT + 200, gap_before=0, justify=False
        ),
        seen,
    )
    notes = {f.number: note_lines(f.number, f.text, nbh, style) for f in doc.footnotes}

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(doc.symbol or "")
    head_y = _resolution_masthead(c, doc)
    pages = paginate(lines, notes, head_y, style=style)
    for number, page in enumerate(pages, start=1):
        if number > 1:
            c.showPage()
        running(c, number, len(pages), doc.symbol, doc.title, job)
        for y, line in page.lines:
            draw_line(c, y, line)
        draw_notes(c, page.notes, style)
    c.showPage()
    c.save()
    return buf.getvalue()


def _masthead_top(c: canvas.Canvas, symbol: str) -> None:
    c.setFont(font("r"), 10)
    c.drawString(LEFT, 790, "United Nations")
    c.setFont(font("b"), 14)
    c.drawRightString(RIGHT, 790, symbol)
    c.setLineWidth(1.5)
    c.line(LEFT, 782, RIGHT, 782)
    c.setFont(font("b"), 20)
    c.drawString(LEFT + 40, 752, "General Assembly")
    c.setLineWidth(1.5)
    c.line(LEFT, 710, RIGHT, 710)


def _resolution_masthead(c: canvas.Canvas, doc: ParsedDocument) -> float:
    _masthead_top(c, doc.symbol)
    c.setFont(font("r"), 10)
    c.drawString(400, 760, "Distr.: General")
    c.drawString(400, 748, long_date(doc.distributed))
    c.setFont(font("b"), 10)
    c.drawString(LEFT, 690, f"{session_words(doc.session)} session")
    c.setFont(font("r"), 10)
    c.drawString(LEFT, 678, f"Agenda item {doc.agenda_item}")
    c.setFont(font("b"), 12)
    c.drawString(LEFT, 652, f"Resolution adopted by the General Assembly on {long_date(doc.adopted)}")
    report = doc.committee_report or ""
    if doc.extra.get("report_paragraph"):
        report += f", para. {doc.extra['report_paragraph']}"
    c.setFont(font("r"), 10)
    c.drawString(LEFT, 634, f"[on the report of the {doc.extra.get('committee', 'Third Committee')} ({report})]")
    title = Block(
        pieces(doc.title, [], style="b", nbh=False),
        f"{doc.number}.",
        LEFT,
        LEFT + 54,
        LEFT + 54,
        size=13,
        lead=15,
        justify=False,
        label_style="b",
    )
    y = 608.0
    for x, words, _ in set_lines(title):
        line = Line(0, 15, x, words, 13, (LEFT, f"{doc.number}.", "b") if y == 608.0 else None)
        draw_line(c, y, line)
        y -= 15
    return y - 12


def report_pdf(doc: ParsedDocument, symbol: str, job: str = "09-41346", style: Style = OFFICIAL) -> bytes:
    """An official-looking Secretary-General report: masthead and summary, contents, body."""
    nbh = _register_fonts()
    breakable = breakable_words(doc)
    seen: set[int] = set()
    summary = [p for p in doc.paragraphs if p.kind == "report" and p.number is None and p.section == "Summary"]
    body = [p for p in doc.paragraphs if p not in summary]
    lines: list[Line] = []
    headings: list[tuple[ParsedParagraph, Line]] = []
    for p in body:
        words = pieces(p.text, p.refs, 0, style="b" if p.kind == "heading" else "r", nbh=nbh)
        if p.kind == "heading":
            x = LEFT if re.fullmatch(r"[IVXL]+", p.number) else LEFT + 18
            block = Block(
                words, f"{p.number}.", x, x + 36, x + 36, gap_before=14, justify=False, label_style="b", keep=True
            )
        elif p.kind == "subparagraph":
            block = Block(words, p.number[p.number.index("(") :], LEFT + 64, LEFT + 90, LEFT + 64)
        elif p.number:
            block = Block(words, f"{p.number}.", LEFT + 36, LEFT + 64, LEFT + 36)
        else:
            block = Block(words, None, 0, LEFT + 64, LEFT + 36)
        if style.hyphenate and p.kind != "heading":
            block.hyphenate = breakable
        block_lines = lines_of(block, seen)
        if p.kind == "heading":
            headings.append((p, block_lines[0]))
        lines += block_lines
    notes = {f.number: note_lines(f.number, f.text, nbh, style) for f in doc.footnotes}
    pages = paginate(lines, notes, TOP, style=style)
    first_body = 3 if style.contents else 2
    total = len(pages) + first_body - 1
    page_of = {id(line): n for n, page in enumerate(pages, start=first_body) for _, line in page.lines}

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(symbol)
    _masthead_top(c, symbol)
    c.setFont(font("r"), 10)
    c.drawString(400, 760, "Distr.: General")
    c.drawString(400, 748, long_date(doc.distributed))
    c.drawString(400, 724, "Original: English")
    c.setFont(font("b"), 10)
    c.drawString(LEFT, 690, f"{session_words(doc.session)} session")
    c.setFont(font("r"), 10)
    c.drawString(LEFT, 678, f"Item {doc.agenda_item} of the preliminary list")
    c.setFont(font("r"), 6.2)
    c.drawString(LEFT + width(f"Item {doc.agenda_item} of the preliminary list", "r", 10), 681.6, "*")
    c.setFont(font("b"), 10)
    c.drawString(LEFT, 666, doc.extra.get("agenda_title", ""))
    c.setFont(font("b"), 16)
    c.drawString(LEFT + 40, 630, doc.title)
    c.setFont(font("b"), 12)
    c.drawString(LEFT + 40, 608, f"Report of the {doc.extra.get('report_of', 'Secretary-General')}")
    c.setFont(font("b"), 10)
    c.drawString(LEFT + 36, 575, "Summary")
    y = 575.0 - 6
    for p in summary:
        block = Block(pieces(p.text, p.refs, nbh=nbh), None, 0, LEFT + 54, LEFT + 36, gap_before=6, right=RIGHT - 36)
        for line in lines_of(block, seen):
            y -= line.y_gap + line.lead
            draw_line(c, y, line)
    c.setLineWidth(0.5)
    c.rect(LEFT + 28, y - 10, RIGHT - LEFT - 56, 575 + 16 - (y - 10))
    for note in doc.extra.get("header_notes", []):
        c.line(LEFT, BOTTOM + 14, LEFT + 72, BOTTOM + 14)
        c.setFont(font("r"), NOTE)
        c.drawString(LEFT + 12, BOTTOM, note["marker"])
        c.drawString(LEFT + 22, BOTTOM, note["text"])
    running(c, 1, total, symbol, None, job)
    if style.contents:
        c.showPage()
        _contents(c, headings, page_of, total, symbol, job)
    for number, page in enumerate(pages, start=first_body):
        c.showPage()
        running(c, number, total, symbol, None, job)
        for yy, line in page.lines:
            draw_line(c, yy, line)
        draw_notes(c, page.notes, style)
    c.showPage()
    c.save()
    return buf.getvalue()


def _contents(c: canvas.Canvas, headings, page_of: dict, total: int, symbol: str, job: str) -> None:
    running(c, 2, total, symbol, None, job)
    c.setFont(font("b"), 14)
    c.drawString(LEFT, TOP - 10, "Contents")
    c.setFont(font("r"), 8)
    c.drawRightString(RIGHT, TOP - 28, "Page")
    y = TOP - 44
    for p, line in headings:
        if p.number.isdigit():
            continue  # the contents list two levels
        x = LEFT if re.fullmatch(r"[IVXL]+", p.number) else LEFT + 24
        c.setFont(font("r"), 10)
        c.drawString(x, y, f"{p.number}.")
        words, rows = p.text.split(" "), [""]
        for w in words:
            if width(f"{rows[-1]} {w}", "r", 10) > RIGHT - x - 80:
                rows.append("")
            rows[-1] = f"{rows[-1]} {w}".strip()
        for k, row in enumerate(rows):
            c.drawString(x + 24, y, row)
            if k == len(rows) - 1:
                c.drawString(x + 24 + width(row, "r", 10) + 4, y, "." * 12)
                c.drawRightString(RIGHT, y, str(page_of[id(line)]))
            y -= 13
        y -= 3
