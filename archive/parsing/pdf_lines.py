"""The text layer of a PDF as styled lines: what the layout parser (``pdf_layout``) reads.

The PDF is read with pypdfium2, the Python binding of Google's PDFium (pypdfium2 is
Apache-2.0 or BSD-3-Clause, PDFium BSD-3-Clause/Apache-2.0: fine in a deployable
service, unlike the AGPL of PyMuPDF). PDFium gives each character's origin, font size
and font, and puts the characters in reading order with its own line breaks.

Asking PDFium about every character costs a call each, so the font and position are
read only where they can change the meaning: at the start of each word, at digits and
asterisks (which may be raised, smaller footnote markers) and right after them. A
character between two such samples has the style of the last one.
"""

from __future__ import annotations

import base64
import ctypes
import re
import zlib
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

_ITALIC_FLAG = 0x40  # PDF font descriptor flag "Italic"
_BOLD_FLAG = 0x40000  # "ForceBold"
_PATH = raw.FPDF_PAGEOBJ_PATH
_IMAGE = raw.FPDF_PAGEOBJ_IMAGE


@dataclass
class Run:
    """Characters of one style on a line: ``sup`` for raised, smaller text (markers)."""

    text: str
    italic: bool = False
    bold: bool = False
    sup: bool = False
    x: float = 0.0
    index: int | None = None  # PDFium's index of the first character: the run's characters follow it


@dataclass
class TextLine:
    page: int  # 1-based
    y: float  # baseline, points from the page foot
    x: float  # where the first character stands
    x_end: float  # where the last character stands
    size: float  # the font size of the line's ordinary (not raised) text
    runs: list[Run]
    starts: list[tuple[float, int]] = field(default_factory=list)  # (x, offset in text) of each word

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        letters = [r for r in self.runs if not r.sup and r.text.strip()]
        return bool(letters) and all(r.bold for r in letters)

    def segments(self) -> list[str]:
        """The line split where a wide gap separates words (masthead columns, header and footer)."""
        text = self.text
        cuts = [0]
        for (x1, o1), (x2, o2) in zip(self.starts, self.starts[1:]):
            word = text[o1:o2].rstrip()
            if x2 - x1 - len(word) * 0.55 * self.size > 3 * self.size:
                cuts.append(o2)
        cuts.append(len(text))
        return [text[a:b].strip() for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[TextLine]
    rules: list[tuple[float, float, float]]  # short horizontal strokes: (y, x0, x1)
    images: int = 0
    chars: int = 0


class PdfUnreadable(Exception):
    """PDFium cannot open the file: damaged, encrypted or not a PDF."""


_ERRORS = {
    raw.FPDF_ERR_FILE: "cannot be read",
    raw.FPDF_ERR_FORMAT: "damaged or not a PDF (PDFium cannot read its structure)",
    raw.FPDF_ERR_PASSWORD: "encrypted: it needs a password to be opened",
    raw.FPDF_ERR_SECURITY: "encrypted with an unsupported security handler",
}


_STREAM_RE = re.compile(rb"(?<![a-z])stream\r?\n")
_FILTER_RE = re.compile(rb"/Filter\s*(\[[^\]]*\]|/\w+)")
MAX_INFLATED = 200_000_000  # bytes all the compressed streams of one PDF may expand to


def check_streams(data: bytes) -> None:
    """Every Flate-compressed stream inflates whole and passes its checksum, within a size cap.

    PDFium reads what it can of a damaged stream and says nothing, so that a page would lose
    the end of its text in silence; zlib's checksum tells. Streams under other filters (images)
    are PDFium's to judge, and encrypted files too (their streams are ciphertext)."""
    if b"/Encrypt" in data:
        return
    total, pos = 0, 0
    while m := _STREAM_RE.search(data, pos):
        end = data.find(b"endstream", m.end())
        if end < 0:
            raise PdfUnreadable(f"damaged: the stream at byte {m.end()} has no end (a truncated file)")
        pos = end + 9
        head = data[max(0, m.start() - 400) : m.start()]
        filters = _FILTER_RE.search(head[head.rfind(b"<<") :])
        names = re.findall(rb"/(\w+)", filters.group(1)) if filters else []
        if names not in ([b"FlateDecode"], [b"ASCII85Decode", b"FlateDecode"]):
            continue
        chunk = data[m.end() : end].rstrip(b"\r\n")
        try:
            if names[0] == b"ASCII85Decode":
                chunk = base64.a85decode(chunk.strip().removesuffix(b"~>"))
        except ValueError as e:
            raise PdfUnreadable(f"damaged: the stream at byte {m.end()} is corrupt ({e})") from None
        inflater = zlib.decompressobj()
        try:
            while chunk and not inflater.eof:
                total += len(inflater.decompress(chunk, 1 << 20))
                chunk = inflater.unconsumed_tail
                if total > MAX_INFLATED:
                    raise PdfUnreadable(f"its compressed streams expand beyond {MAX_INFLATED} bytes")
        except zlib.error as e:
            raise PdfUnreadable(f"damaged: the compressed stream at byte {m.end()} is corrupt ({e})") from None
        if not inflater.eof:
            raise PdfUnreadable(f"damaged: the compressed stream at byte {m.end()} is cut short")


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        raise PdfUnreadable(_ERRORS.get(code, f"PDFium cannot open it ({e})")) from None


def read_pages(pdf: pdfium.PdfDocument) -> list[Page]:
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            pages.append(_read_page(page, index + 1))
        finally:
            page.close()
    return pages


def _read_page(page, number: int) -> Page:
    width, height = page.get_size()
    rules, images = _shapes(page)
    textpage = page.get_textpage()
    try:
        n = raw.FPDFText_CountChars(textpage)
        text = _all_text(textpage, n)
        lines = _merge(_lines(textpage, text, number, height), _locator(textpage))
    finally:
        textpage.close()
    chars = len(text) - text.count(" ") - text.count("\n") - text.count("\r")
    return Page(number, width, height, lines, rules, images, chars)


def _locator(textpage):
    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()

    def locate(index: int) -> float:
        raw.FPDFText_GetCharOrigin(handle, index, x, y)
        return x.value

    return locate


def _all_text(textpage, n: int) -> str:
    if n <= 0:
        return ""
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(textpage, 0, n, buf)
    data = ctypes.string_at(buf, max(0, got - 1) * 2)
    return data.decode("utf-16-le", errors="replace")


def _shapes(page) -> tuple[list[tuple[float, float, float]], int]:
    rules, images = [], 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    handle = page.raw
    get, kind_of = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = get(handle, i)
        kind = kind_of(obj)
        if kind == _IMAGE:
            images += 1
        elif kind == _PATH and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            if top.value - bottom.value < 3 and right.value - left.value > 15:
                rules.append(((top.value + bottom.value) / 2, left.value, right.value))
    return rules, images


# PDFium ends a line at its breaks, and marks a hyphen at a line end as U+FFFE (or 0x02)
# without breaking the line there
_BREAK_RE = re.compile(r"(\r\n|\r|\n)|(?<=[\ufffe\x02])")
_WORD_START = re.compile(r"(?<!\S)\S")
_MARKISH = re.compile(r"[\d*†‡]+")
_MARK_CHARS = "0123456789*†‡"


def _lines(textpage, text: str, page: int, height: float) -> list[TextLine]:
    """Split PDFium's text at its line breaks; sample position, size and font where they matter.

    Every word start is sampled in the top and bottom margins and on the first page (masthead
    columns, running headers and footers, where gaps between words matter); elsewhere the
    first words of a line (an italic opening phrase), digit and asterisk runs and what
    follows them (raised markers), and the last character (where the line ends).
    """
    handle = textpage.raw
    x, y, flags = ctypes.c_double(), ctypes.c_double(), ctypes.c_int()
    name = ctypes.create_string_buffer(256)
    origin, size_of, info = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetFontSize, raw.FPDFText_GetFontInfo
    styles: dict[tuple[bytes, int], tuple[bool, bool]] = {}

    def sample(i: int, k: int) -> tuple:
        origin(handle, i, x, y)
        info(handle, i, name, 256, flags)
        key = (name.value, flags.value)
        style = styles.get(key)
        if style is None:  # italic and bold from the font's flags, or its name ("…-BoldItalic", "…,Bold")
            base = name.value.split(b"+")[-1].lower()
            style = styles[key] = (
                bool(flags.value & _ITALIC_FLAG) or b"italic" in base or b"oblique" in base,
                bool(flags.value & _BOLD_FLAG) or b"bold" in base or b"black" in base,
            )
        return (k, x.value, y.value, size_of(handle, i), style[0], style[1], i - k)

    lines: list[TextLine] = []
    offset = 0
    margin = 0.1 * height
    for chunk in _BREAK_RE.split(text):
        if chunk is None:
            continue
        at = offset
        offset += len(chunk)
        if not chunk.strip() or chunk[0] in "\r\n":
            continue
        chunk = chunk.replace("\ufffe", "-").replace("\x02", "-")
        words = [m.start() for m in _WORD_START.finditer(chunk)]
        first = sample(at + words[0], words[0])
        if page == 1 or first[2] < margin or first[2] > height - margin:
            wanted = set(words)
        else:
            wanted = set(words[:3])
        wanted.add(len(chunk.rstrip()) - 1)
        for m in _MARKISH.finditer(chunk):  # each digit: a marker can follow a number ("201317")
            wanted.update(range(m.start(), m.end()))
            if m.end() < len(chunk):
                wanted.add(m.end() + (chunk[m.end()] == " "))
        wanted.discard(words[0])
        samples = [first] + [sample(at + k, k) for k in sorted(wanted) if words[0] < k < len(chunk)]
        lines.extend(_build(chunk, samples, page))
    return lines


def _build(text: str, samples: list[tuple], page: int) -> list[TextLine]:
    """One PDFium line, or more if it joined text on different baselines (masthead columns)."""
    base_size = max(s[3] for s in samples)
    base_y = next(s[2] for s in samples if s[3] == base_size)
    ends = [s[0] for s in samples[1:]] + [len(text)]
    groups: dict[float, list[tuple[tuple, str]]] = {base_y: []}
    for s, end in zip(samples, ends):
        piece = text[s[0] : end]
        rise = s[2] - base_y
        if abs(rise) <= 0.2 * base_size:
            groups[base_y].append((s, piece))
            continue
        if (
            s[3] < 0.85 * base_size
            and 0 < rise <= 0.6 * base_size
            and piece.strip()[:1] in _MARK_CHARS
            and len(piece.strip()) <= 3
        ):
            groups[base_y].append((s, piece))  # a raised marker
            continue
        gy = next((g for g in groups if abs(g - s[2]) <= 0.2 * s[3]), None)
        if gy is None:
            gy = s[2]
            groups[gy] = []
        groups[gy].append((s, piece))
    return [_line(items, gy, page) for gy, items in groups.items() if any(p.strip() for _, p in items)]


def _line(items: list[tuple[tuple, str]], y: float, page: int) -> TextLine:
    """Runs of one style and contiguous characters, so that a run's index maps its text to PDFium's."""
    size = max(s[3] for s, _ in items)
    runs: list[Run] = []
    starts: list[tuple[float, int]] = []
    offset = 0
    next_index = None
    for s, piece in items:
        sup = s[3] < 0.85 * size and s[2] - y > 0.1 * size
        index = s[6] + s[0]
        if not runs or runs[-1].text.endswith(" ") or sup:
            starts.append((s[1], offset))
        body = piece.rstrip(" ")
        tail = piece[len(body) :]
        last = runs[-1] if runs else None
        if body:
            if last is not None and (last.sup, last.italic, last.bold) == (sup, s[4], s[5]) and next_index == index:
                last.text += body
            else:
                runs.append(Run(body, s[4], s[5], sup, s[1], index))
        if tail:
            last = runs[-1] if runs else None
            if last is not None and not last.sup and last.index + len(last.text) == index + len(body):
                last.text += tail
            else:
                runs.append(Run(tail, s[4], s[5], False, s[1], index + len(body)))
        next_index = index + len(piece)
        offset += len(piece)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        lead = len(runs[0].text) - len(runs[0].text.lstrip())
        runs[0].text = runs[0].text[lead:]
        runs[0].index += lead
    xs = [s[1] for s, _ in items]
    return TextLine(page, y, min(xs), max(xs), size, runs, starts)


def _merge(lines: list[TextLine], locate) -> list[TextLine]:
    """Lines top to bottom, with the pieces PDFium split off a line put back in it.

    A short raised piece in a smaller size (a marker PDFium broke off its line) goes into
    the line just below it, after the word whose last character stands before it; a piece
    on the same baseline joins that line left to right.
    """
    lines.sort(key=lambda l: -l.y)
    kept: list[TextLine] = []
    for i, line in enumerate(lines):
        mark = line.text.strip()
        if 0 < len(mark) <= 3 and all(c in _MARK_CHARS for c in mark):
            hosts = [
                h
                for h in lines[i + 1 : i + 6]
                if line.size < 0.85 * h.size
                and 0 < line.y - h.y <= 0.6 * h.size
                and h.x - 2 * h.size <= line.x <= h.x_end + 2 * h.size
            ]
            if hosts:
                before = [h for h in hosts if h.x < line.x]  # the text the marker follows, else a footnote's
                host = max(before, key=lambda h: h.x) if before else max(hosts, key=lambda h: h.y)
                _insert_raised(host, line, locate)
                continue
        kept.append(line)
    out: list[TextLine] = []
    for line in kept:
        same = next(
            (
                o
                for o in reversed(out[-3:])
                if abs(o.y - line.y) < 0.15 * max(o.size, line.size) and abs(o.size - line.size) < 1.0
            ),
            None,
        )
        if same is not None:
            _join(same, line)
        else:
            out.append(line)
    return out


def _insert_raised(host: TextLine, piece: TextLine, locate) -> None:
    """Put a raised marker into ``host`` at the end of the last word that ends before its x."""
    best = None  # (run position, cut in its text)
    for k, r in enumerate(host.runs):
        if r.x > piece.x:
            break
        if r.sup or r.index is None:
            continue
        for m in re.finditer(r"\S(?= |$)", r.text):
            if locate(r.index + m.start()) < piece.x:
                best = (k, m.end())
            else:
                break
    for r in piece.runs:
        r.sup = True
    if best is None:
        host.runs = [*piece.runs, *host.runs]
    else:
        k, cut = best
        r = host.runs[k]
        head = Run(r.text[:cut], r.italic, r.bold, r.sup, r.x, r.index)
        tail = Run(r.text[cut:], r.italic, r.bold, r.sup, piece.x + 0.01, r.index + cut)
        host.runs[k : k + 1] = [head, *piece.runs] + ([tail] if tail.text else [])
    _restart(host)
    host.x_end = max(host.x_end, piece.x_end)


def _join(line: TextLine, piece: TextLine) -> None:
    """Join a piece on the same baseline to ``line``, in the order of their x."""
    if piece.x >= line.x:
        line.runs = [*line.runs, Run(" ", x=piece.x), *piece.runs]
    else:
        line.runs = [*piece.runs, Run(" ", x=line.x), *line.runs]
    _restart(line)
    line.x, line.x_end = min(line.x, piece.x), max(line.x_end, piece.x_end)


def _restart(line: TextLine) -> None:
    text, starts = "", []
    for r in line.runs:
        if not r.sup and (not text or text.endswith(" ")):
            starts.append((r.x, len(text)))
        text += r.text
    line.starts = starts
