"""OCR of a printed Secretary-General report (sample: A/72/215).

The OCR keeps the page as printed: hard-wrapped lines, running headers and footers,
footnote blocks at page feet that interrupt paragraphs, footnote numbers lost or
printed apart, and superscript markers read as glyphs (``®``, ``”``, ``*`` ...).
The parse is a state machine over blocks of lines (a block starts after a blank
line, after furniture, or at a line with a leading space: the OCR's sign of a new
text region). Paragraph numbers must follow their sequence, so a stray number
cannot start a paragraph. Markers are matched to the footnotes of the first
footnote block after them (their page foot) by an alignment that prefers glyphs
resembling the footnote's digits; every guess is reported.
"""

from __future__ import annotations

import bisect
import re

from .document import ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError
from .text import (
    collapse_spaces,
    dehyphenate,
    extract_markers,
    marker,
    misread_acronyms,
    source_lines,
    text_date,
    word_set,
)

FORMAT = "ocr"

GLYPHS = "®”*%¥'“’?>©\"!°"
_GLYPH_RUN = re.compile("[" + re.escape(GLYPHS) + "]+")
_BRACKET_DIGITS = re.compile(r"(?<=\s)(\d)[\]\[|](\d)(?=[)\]]?[A-Za-z])")  # "4]9)ec1aration"
# digits a glyph is commonly read for (superscript digits misread by OCR)
_GLYPH_DIGITS = {
    "’": "1",
    "'": "1",
    "!": "1",
    '"': "1",
    "“": "1",
    "?": "2",
    "”": "125",
    "*": "134",
    "%": "34",
    "¥": "3",
    "©": "40",
    "®": "035689",
    "°": "05",
    ">": "5",
}

JOB_RE = re.compile(r"^\d{2}-\d{5}[A-Z]?(?:\s+\d{1,3}/\d{1,3})?$")
FOLIO_RE = re.compile(r"^\d{1,3}/\d{1,3}$")
HEADER_RE = re.compile(r"^A[/l1I|]\d{2}/\d{1,4}$")
URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$")
ROMAN_RE = re.compile(r"^[IVX]{1,5}\.?$")
PARA_RE = re.compile(r"^(\d{1,3})(\.?)\s+(.*)$")
SUB_RE = re.compile(r"^\((.{0,2}?)\)\)?\s+(?=[A-Z])")
NOTE_PREFIX_RE = re.compile(r"^(?:[" + re.escape(GLYPHS) + r"]{1,2}\d?|\d{1,2})\s+(?=[A-Z])")
URL_RE = re.compile(r"https?://|www\.")
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
SESSIONS = {"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}


def sniff(text: str) -> bool:
    """Job-number lines, ``n/N`` page folios and OCR glyphs together mean a printed page's OCR."""
    head = text[:300_000]
    return bool(
        re.search(r"(?m)^\s*\d{2}-\d{5}[A-Z]?\b", head)
        and re.search(r"(?m)^\s*(?:\d{2}-\d{5}[A-Z]?\s+)?\d{1,3}/\d{1,3}\s*$", head)
        and re.search("[®¥©]", head)
    )


class _Block:
    def __init__(self, start: int, lead: bool, after: set[str]):
        self.lines: list[tuple[int, str]] = []  # (1-based line, text stripped of the lead space)
        self.start, self.lead, self.after = start, lead, after

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.lines)


class _Para:
    def __init__(self, kind: str, number: str | None, line: int, section: str | None):
        self.kind, self.number, self.line, self.section = kind, number, line, section
        self.lines: list[tuple[int, str]] = []


def parse(text: str, source: str) -> ParsedDocument:
    return _Parser(text, source).run()


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = source_lines(text)
        self.doc = ParsedDocument(source=source, format=FORMAT, kind="report")
        self.paras: list[_Para] = []
        self.notes: list[list[tuple[int, str]]] = []  # footnote entries: lines
        self.note_group: list[int] = []  # footnote block index of each entry
        self.group = 0
        self.headings: list[tuple[_Para, str | None]] = []  # heading, stray numeral
        self.pending_roman: tuple[int, str] | None = None
        self.section_para: _Para | None = None

    # --- driver -------------------------------------------------------------
    def run(self) -> ParsedDocument:
        if not any(line.strip() for line in self.lines):
            raise ParseError(self.source, 1, "empty text")
        body_start = self._masthead()
        blocks = self._blocks(body_start)
        self._walk(blocks)
        if not self.doc.symbol:
            self.doc.anomaly("missing_metadata", "symbol not printed legibly (no running header)", 1)
        self._masthead_date()
        if not any(p.kind == "report" and p.number for p in self.paras):
            raise ParseError(self.source, body_start + 1, "no numbered report paragraphs found")
        last = next(p for p in reversed(self.paras) if p.kind != "heading")
        n, tail = last.lines[-1] if last.lines else (last.line, "")
        if not re.search(r"[.;:]$", tail.rstrip(GLYPHS + " )")):
            raise ParseError(
                self.source, n, f"truncated: the last paragraph ({last.number or 'summary'}) ends mid-sentence"
            )
        self._label_headings()
        self._finish()
        for line, printed, meant, uses in misread_acronyms(self.lines):
            self.doc.anomaly(
                "probable_misreading",
                f"{printed!r} is probably {meant!r} misread ({meant} is used {uses} times); kept as printed",
                line,
            )
        return self.doc

    # --- masthead -----------------------------------------------------------
    def _masthead_date(self) -> None:
        """The report's date: the one printed with "Distr.: General" (same line or the next). When the
        OCR kept the line but not its date, say so: a date is never guessed from the text."""
        lines = [(i + 1, line.strip()) for i, line in enumerate(self.lines[:60]) if line.strip()]
        for k, (n, s) in enumerate(lines):
            if not re.search(r"Distr\.?:?\s*General", s):
                continue
            for _, candidate in lines[k : k + 2]:
                date = text_date(candidate)
                if date is not None:
                    self.doc.distributed = date
                    return
            self.doc.anomaly(
                "missing_metadata",
                f"distribution date lost: the masthead's {s!r} line keeps no "
                "legible date in the OCR; the report is shown undated, not dated by guess",
                n,
            )
            return
        self.doc.anomaly(
            "missing_metadata",
            'distribution date not in the text: no "Distr.: General" line in the masthead; the report is shown undated',
            1,
        )

    def _masthead(self) -> int:
        """Read metadata before "Summary" (or paragraph 1); report what is garbled."""
        end = None
        for i, line in enumerate(self.lines[:200]):
            s = line.strip()
            if s == "Summary" or re.match(r"^(?:I\.\s+)?Introduction$", s) or re.match(r"^1\.\s+[A-Z]", s):
                end = i
                break
        if end is None:
            raise ParseError(self.source, 1, "no report start: neither 'Summary' nor paragraph 1 found")
        doc, head = self.doc, [(i + 1, line.strip()) for i, line in enumerate(self.lines[:end])]
        known = [
            r"United Nations",
            r"General Assembly",
            r"Distr\.: \w+",
            r"Original: \w+",
            r"Report of the Secretary-General",
            r"Advancement of women",
        ]
        prev = None
        for n, s in head:
            if not s:
                continue
            m = re.match(r"^(\w+)-(\w+) session$", s)
            if m and m.group(1).lower() in SESSIONS and m.group(2).lower() in ORDINALS:
                doc.session = SESSIONS[m.group(1).lower()] + ORDINALS[m.group(2).lower()]
                prev = s
                continue
            m = re.match(r"^Item (\d+) of the (?:provisional agenda|preliminary list)(\W*)$", s)
            if m:
                doc.agenda_item = m.group(1)
                if m.group(2):
                    doc.anomaly(
                        "missing_footnote_text",
                        f"agenda item note marker {m.group(2)!r} (the masthead asterisk note) has no text in the OCR",
                        n,
                    )
            elif s == "Report of the Secretary-General" and prev and not doc.title:
                doc.title = prev
            elif not any(re.fullmatch(k, s) for k in known) and not self._title_line(head, n):
                doc.anomaly("ocr_garbage_removed", f"garbled masthead line {s!r} removed", n)
            prev = s
        if not doc.title:
            doc.anomaly("missing_metadata", "title not found in the masthead", 1)
        if doc.session is None:
            doc.anomaly("missing_metadata", "session not found in the masthead", 1)
        return end + 1 if self.lines[end].strip() == "Summary" else end

    @staticmethod
    def _title_line(head: list[tuple[int, str]], n: int) -> bool:
        rest = [s for m, s in head if m > n and s]
        return bool(rest) and rest[0] == "Report of the Secretary-General"

    # --- line classes and blocks ----------------------------------------------
    def _kind(self, i: int) -> str:
        raw = self.lines[i]
        s = raw.strip()
        if not s:
            return "blank"
        if JOB_RE.match(s) or FOLIO_RE.match(s):
            return "folio" if FOLIO_RE.match(s) else "job"
        if HEADER_RE.match(s):
            return "header"
        if ROMAN_RE.match(s) and raw.startswith(" "):
            return "roman"
        if len(s) <= 4 and not re.search(r"[a-z]{2}", s) and not re.match(r"^\(.*\)\)?$", s):
            return "stray"  # footnote numbers printed apart, OCR specks
        return "text"

    def _blocks(self, start: int) -> list[_Block]:
        blocks: list[_Block] = []
        after: set[str] = set()
        cur: _Block | None = None
        prev_kind = "blank"
        for i in range(start, len(self.lines)):
            kind = self._kind(i)
            raw = self.lines[i]
            if kind == "text" and URL_LINE_RE.match(raw.strip()) and prev_kind in ("job", "folio", "dupurl"):
                kind = "dupurl"  # web addresses repeated between a page's footer and the next header
            if kind != "text":
                if kind != "blank":
                    after.add(kind)
                    self._note_furniture(kind, i + 1, raw.strip())
                if kind == "roman":
                    after.add("roman:" + raw.strip().rstrip("."))
                cur = None
                if kind != "blank":
                    prev_kind = kind
                elif prev_kind not in ("job", "folio", "dupurl"):
                    prev_kind = "blank"
                continue
            prev_kind = "text"
            if cur is None or raw.startswith(" "):
                cur = _Block(i + 1, raw.startswith(" "), after)
                blocks.append(cur)
                after = set()
            cur.lines.append((i + 1, raw.strip()))
        return blocks

    def _note_furniture(self, kind: str, line: int, s: str) -> None:
        if kind == "header" and not self.doc.symbol:
            symbol = "A/" + s[2:]
            self.doc.symbol = symbol
            if s != symbol:
                self.doc.anomaly("misread_symbol", f"symbol taken from running header {s!r} read as {symbol}", line)
        elif kind in ("stray", "dupurl"):
            self.doc.anomaly("ocr_garbage_removed", f"page furniture {s[:60]!r} removed", line)

    # --- block walk -----------------------------------------------------------
    def _walk(self, blocks: list[_Block]) -> None:
        state = "body"
        self.tables = self._tables(blocks)
        summary = _Para("report", None, blocks[0].start if blocks else 1, "Summary")
        self.paras.append(summary)
        self.current: _Para = summary
        self.expect = 1
        table_after = None
        for b in blocks:
            for r in (x for x in b.after if x.startswith("roman:")):
                self.pending_roman = (b.start, r[6:])
            if state == "notes" and (
                "header" in b.after or "folio" in b.after or any(x.startswith("roman:") for x in b.after)
            ):
                state = "body"
            if state == "notes":
                if self._next_number(b) or (b.lead and not self._notelike(b)):
                    state = "body"
                else:
                    self._add_note(b)
                    continue
            if id(b) in self.tables:
                if self.current is not table_after:
                    self.doc.anomaly(
                        "table_omitted", f"table starting {b.lines[0][1][:40]!r} not kept as paragraph text", b.start
                    )
                    table_after = self.current
                continue
            if self._numbered(b):
                continue
            if self._subparagraph(b) or self._heading(b):
                continue
            if NOTE_PREFIX_RE.match(b.lines[0][1]) or "stray" in b.after or (b.lead and self._notelike(b)):
                state = "notes"
                self.group += 1
                self._add_note(b, new=True)
                continue
            self.current.lines.extend(b.lines)  # continuation across a page or a blank line

    def _next_number(self, b: _Block) -> int | None:
        """The paragraph number a block opens with, if it is the next one (or skips one)."""
        m = PARA_RE.match(b.lines[0][1])
        if not m or not self.expect <= int(m.group(1)) <= self.expect + 1 or not m.group(3)[:1].isalnum():
            return None
        return int(m.group(1))

    def _numbered(self, b: _Block) -> bool:
        n = self._next_number(b)
        if n is None:
            return False
        m, line = PARA_RE.match(b.lines[0][1]), b.start
        if n != self.expect:
            self.doc.anomaly("number_out_of_sequence", f"paragraph {n} follows paragraph {self.expect - 1}", line)
        if not m.group(2):
            self.doc.anomaly("recovered_paragraph", f"paragraph {n} number printed without its full stop", line)
        first = m.group(3)
        g = re.match(r"^(\d)(?=[A-Z][a-z])", first)
        if g:
            first = first[1:]
            self.doc.anomaly(
                "ocr_garbage_removed", f"digit {g.group(1)!r} glued to the opening word of paragraph {n} removed", line
            )
        self.expect = n + 1
        self.current = _Para("report", str(n), line, self._section())
        self.current.lines = [(line, first)] + b.lines[1:]
        self.paras.append(self.current)
        return True

    def _subparagraph(self, b: _Block) -> bool:
        m = SUB_RE.match(b.lines[0][1])
        cur = self.current
        if not m or not cur.number:
            return False
        base = cur.number.split("(")[0]
        if cur.kind == "subparagraph":
            letter = chr(ord(cur.number[-2]) + 1)
        elif cur.lines and cur.lines[-1][1].rstrip().endswith(":"):
            letter = "a"
        else:
            return False
        if m.group(1) != letter or m.group(0).rstrip().endswith("))"):
            self.doc.anomaly("misread_label", f"sub-item label {m.group(0).strip()!r} read as ({letter})", b.start)
        self.current = _Para("subparagraph", f"{base}({letter})", b.start, self._section())
        self.current.lines = [(b.start, b.lines[0][1][m.end() :])] + b.lines[1:]
        self.paras.append(self.current)
        return True

    def _heading(self, b: _Block) -> bool:
        lines = [t for _, t in b.lines]
        last = self.current.lines[-1][1] if self.current.lines else "."
        closed = self.current.kind == "heading" or bool(re.search(r"[.:;]$", last.rstrip(GLYPHS + " ")))
        text = " ".join(lines)
        if (
            len(lines) > 2
            or not closed
            or re.search(r"[.,;:]$", text)
            or any(len(t) > 75 for t in lines)
            or not re.match(r"^(?:[IVXTl1]{1,5}\.\s+|[A-H]\.\s+)?[A-Z][a-z]", text)
        ):
            return False
        label = None
        m = re.match(r"^([IVXTl1]{1,5}|[A-H])\.\s+", text)
        if m:
            label, text = m.group(1), text[m.end() :]
        para = _Para("heading", None, b.start, None)
        para.lines = [(b.start, text)]
        self.paras.append(para)
        self.section_para = para
        stray = self.pending_roman[1] if self.pending_roman else None
        if label and label in "ABCDEFGH":
            para.number = label
        else:
            self.headings.append((para, label or stray))
            if label is None:
                self.pending_roman = None
        self.current = para
        return True

    def _section(self) -> str | None:
        return collapse_spaces(self.section_para.lines[0][1]) if self.section_para else "Summary"

    @staticmethod
    def _notelike(b: _Block) -> bool:
        t = b.text
        return bool(
            NOTE_PREFIX_RE.match(t)
            or t.startswith(("Ibid", "See "))
            or URL_RE.search(t)
            or re.search(r"\b[Aa]vailable (?:online )?from\b", t)
        )

    def _tables(self, blocks: list[_Block]) -> set[int]:
        """Blocks of a table: rows ending in two numbers, plus unpunctuated neighbours."""
        rows = {
            i for i, b in enumerate(blocks) if sum(bool(re.search(r"\s\d{1,4}\s+\d{1,4}$", t)) for _, t in b.lines) >= 2
        }
        found: set[int] = set()
        for i in rows:
            found.add(id(blocks[i]))
            for j in (range(i - 1, max(-1, i - 4), -1), range(i + 1, min(len(blocks), i + 4))):
                for k in j:
                    t = blocks[k].text
                    if PARA_RE.match(t) or re.search(r"[.;:" + re.escape(GLYPHS) + "]$", t) or SUB_RE.match(t):
                        break
                    found.add(id(blocks[k]))
        return found

    # --- footnote entries -----------------------------------------------------
    def _add_note(self, b: _Block, new: bool = False) -> None:
        lines = b.lines
        first = lines[0][1]
        if (
            self.notes
            and not new
            and (first[:1].islower() or URL_RE.match(first) or not re.search(r"[.)]\W*$", self.notes[-1][-1][1][-200:]))
        ):
            self.notes[-1].extend(lines[:1])
        else:
            self.notes.append(lines[:1])
            self.note_group.append(self.group)
        for n, t in lines[1:]:
            entry = self.notes[-1]
            prev = entry[-1][1]
            has_url = any(URL_RE.search(x) for _, x in entry)
            if prev.endswith(".") and re.match(r"^[A-Z]", t) and (has_url or not t.startswith(("Available", "Also"))):
                self.notes.append([(n, t)])
                self.note_group.append(self.group)
            else:
                entry.append((n, t))

    # --- heading numbers --------------------------------------------------------
    def _label_headings(self) -> None:
        """Roman numerals: read, taken from a stray numeral line, or inferred from their sequence."""
        heads = self.headings
        value: list[int | None] = []
        for _, label in heads:
            fixed = re.sub(r"[Tl1]", "I", label) if label else None
            value.append(ROMANS.index(fixed) + 1 if fixed in ROMANS else None)
        for i, (para, label) in enumerate(heads):  # garbled numerals: one more than the one before
            if label and value[i] is None:
                before = [v for v in value[:i] if v]
                after = [v for v in value[i + 1 :] if v]
                value[i] = before[-1] + 1 if before else (after[0] - 1 if after and after[0] > 1 else None)
                if value[i]:
                    self.doc.anomaly(
                        "heading_number_inferred",
                        f"heading numeral {label!r} read as {ROMANS[value[i] - 1]}",
                        para.line,
                    )
        known = [i for i, v in enumerate(value) if v]
        if known and value[known[0]] - 1 == known[0] and all(v is None for v in value[: known[0]]):
            for i in range(known[0]):
                value[i] = i + 1
                self.doc.anomaly(
                    "heading_number_inferred",
                    f"heading numeral lost; {ROMANS[i]} inferred from the sequence of section headings",
                    heads[i][0].line,
                )
        for a, b in zip(known, known[1:]):
            if value[b] - value[a] != 2:
                continue
            parents = [i for i in range(a + 1, b) if self._followed_by_heading(heads[i][0])]
            if len(parents) == 1:
                value[parents[0]] = value[a] + 1
                self.doc.anomaly(
                    "heading_number_inferred",
                    f"heading numeral lost; {ROMANS[value[a]]} inferred: "
                    "the only heading with sub-headings between its neighbours",
                    heads[parents[0]][0].line,
                )
        for i, (para, label) in enumerate(heads):
            if not value[i]:
                continue
            para.number = ROMANS[value[i] - 1]
            if label and not self._printed_label(para):
                self.doc.anomaly(
                    "heading_number_inferred",
                    f"heading numeral {label!r} taken from a stray numeral line printed apart from the heading",
                    para.line,
                )

    def _printed_label(self, para: _Para) -> bool:
        return bool(re.match(r"^\s*[IVXTl1]{1,5}\.\s", self.lines[para.line - 1]))

    def _followed_by_heading(self, para: _Para) -> bool:
        nxt = next((p for p in self.paras if p.line > para.line), None)
        return nxt is not None and nxt.kind == "heading"

    # --- markers, footnotes, assembly ---------------------------------------------
    def _finish(self) -> None:
        known = word_set("\n".join(self.lines))
        cands: list[dict] = []
        raws: list[str] = []
        for pi, para in enumerate(self.paras):
            depth, scanned = 0, []
            for n, t in para.lines:
                if para.kind != "heading":
                    t, depth = self._scan(t, n, depth, cands, pi)
                scanned.append((n, t))
            raws.append(_join(scanned, known))
            pieces = re.split("\ue010(\\d+)\ue011", raws[-1])
            for k in range(1, len(pieces), 2):  # context of a marker: the text since the last one
                cands[int(pieces[k])]["stems"] = _stems(pieces[k - 1])
        starts = [e[0][0] for e in self.notes]
        for c in cands:  # a marker's footnote stands in the first footnote block after it
            k = bisect.bisect_right(starts, c["line"])
            c["group"] = self.note_group[k] if k < len(starts) else None
        referenced: set[int] = set()
        rare = self._rare_stems(known)
        for g in sorted({c["group"] for c in cands if c["group"] is not None}):
            marks = [c for c in cands if c["group"] == g]
            nums = [i + 1 for i, grp in enumerate(self.note_group) if grp == g]
            for c, num in zip(marks, _align(marks, nums, rare)):
                c["number"] = num
        for c in cands:
            num = c.get("number")
            where = f"glyph {c['glyph']!r} after {c['word']!r}"
            if num:
                referenced.add(num)
                self.doc.anomaly("misread_marker", f"{where} read as the marker of footnote {num}", c["line"])
            elif c["group"] is None:
                self.doc.anomaly(
                    "missing_footnote_text", f"{where} looks like a marker but no footnote block follows it", c["line"]
                )
            else:
                self.doc.anomaly(
                    "ocr_garbage_removed", f"{where} removed: more marker glyphs than footnotes on the page", c["line"]
                )
        for para, raw in zip(self.paras, raws):
            raw = re.sub("\ue010(\\d+)\ue011", lambda m: _mark(cands[int(m.group(1))]), raw)
            text, refs = extract_markers(raw)
            if not text:
                continue
            self.doc.paragraphs.append(
                ParsedParagraph(
                    kind=para.kind,
                    text=collapse_spaces(text) if para.kind == "heading" else text,
                    number=para.number,
                    refs=refs,
                    line=para.line,
                    section=None if para.kind == "heading" else para.section,
                )
            )
        for i, entry in enumerate(self.notes):
            number, (line, first) = i + 1, entry[0]
            m = NOTE_PREFIX_RE.match(first)
            printed = m.group(0).strip() if m else None
            text = collapse_spaces(_join([(line, first[m.end() :] if m else first)] + entry[1:], known))
            self.doc.footnotes.append(ParsedFootnote(number, text, line))
            if printed != str(number):
                how = f"printed as {printed!r}" if printed else "not printed with its text"
                self.doc.anomaly(
                    "footnote_number_inferred",
                    f"footnote {number} ({how}) numbered by its place in the sequence of footnotes",
                    line,
                )
            if number not in referenced:
                self.doc.anomaly(
                    "unreferenced_footnote",
                    f"footnote {number} has no legible marker in the text (marker lost in OCR)",
                    line,
                )

    def _rare_stems(self, known: set[str]) -> dict[int, set[str]]:
        """Stems of each footnote found in at most two footnotes: what names a source."""
        per = {i + 1: _stems(_join(e, known)) for i, e in enumerate(self.notes)}
        df: dict[str, int] = {}
        for st in per.values():
            for w in st:
                df[w] = df.get(w, 0) + 1
        return {n: {w for w in st if df[w] <= 2} for n, st in per.items()}

    def _scan(self, t: str, line: int, depth: int, cands: list[dict], pi: int) -> tuple[str, int]:
        """Replace marker glyph runs of a line by placeholders; track open quotations."""
        spans = [(m.start(), m.end(), m.group(1) + m.group(2), True) for m in _BRACKET_DIGITS.finditer(t)]
        bracketed = {i for a, b, _, _ in spans for i in range(a, b)}
        for m in _GLYPH_RUN.finditer(t):
            s, e, g = m.start(), m.end(), m.group()
            if s in bracketed:
                continue
            nxt, prev = t[e : e + 1], t[s - 1 : s]
            if set(g) == {"“"} and nxt.isalnum():
                depth += len(g)  # an opening quotation mark
                continue
            if nxt and not nxt.isspace():
                if g[0] == "”" and depth:
                    depth -= 1
                continue
            if g[0] == "”" and depth:  # closing quotation mark, then maybe a marker
                depth, g, s = depth - 1, g[1:], s + 1
                if not g:
                    continue
            if not prev:
                continue
            if prev.isspace():
                before = t[s - 2 : s - 1]
                if not before or not re.match(r"[\w.,;:)]", before):
                    continue
            elif prev.isalnum():
                if set(g) <= {"’", "'"} or g in ("?", "!"):
                    continue
            elif prev not in ".,;:)":
                continue
            spans.append((s, e, g, False))
        out, pos = [], 0
        for s, e, g, explicit in sorted(spans):
            words = t[max(0, s - 60) : s].split()
            cands.append(
                {"para": pi, "line": line, "glyph": g, "explicit": explicit, "word": words[-1] if words else ""}
            )
            out.append(t[pos:s] + f"\ue010{len(cands) - 1}\ue011" + (" " if explicit else ""))
            pos = e
        out.append(t[pos:])
        return "".join(out), depth


def _mark(c: dict) -> str:
    return marker(c["number"]) if c.get("number") else ""


def _join(lines: list[tuple[int, str]], known: set[str]) -> str:
    """Rejoin wrapped lines: line-end hyphens via ``dehyphenate``, URLs without a space."""
    text, prev = "", ""
    for _, t in lines:
        t = t.strip()
        url_end = bool(re.search(r"(?:https?://|www\.)\S*$", prev))
        in_url = url_end or bool(re.match(r"(?:https?://|www\.)", prev))
        if not text:
            text = t
        elif in_url and (not prev.endswith((".", ",", ";")) or (url_end and t[:1].islower())):
            text += t  # a web address broken by the line end (its hyphens are its own)
        elif text.endswith("-"):
            text = dehyphenate(text, t, known)
        else:
            text += " " + t
        prev = t
    return text


def _stems(text: str) -> set[str]:
    """Word stems (6-letter prefixes) for comparing a marker's context with footnote texts."""
    return {w[:6] for w in re.findall(r"[a-z]{4,}", text.lower())}


def _score(c: dict, number: int, stems: dict[int, set[str]]) -> float:
    """How well footnote ``number`` fits marker ``c``: glyphs read as its digits, plus
    rare words shared by the text before the marker and the footnote."""
    digits, g = str(number), c["glyph"]
    if c["explicit"]:
        return 3.0 if g == digits else -5.0
    if len(g) >= len(digits):
        score = float(sum(d in _GLYPH_DIGITS.get(ch, "") for ch, d in zip(g, digits)))
    else:  # one glyph for two digits: mostly the first one's shape
        score = (digits[0] in _GLYPH_DIGITS.get(g[0], "")) + 0.5 * (digits[1] in _GLYPH_DIGITS.get(g[0], ""))
    return score + 0.75 * min(3, len(c["stems"] & stems.get(number, set())))


def _align(marks: list[dict], nums: list[int], stems: dict[int, set[str]]) -> list[int | None]:
    """Match markers to footnote numbers in order, as many as possible, best fit.

    On a tie the marker takes the earlier footnote, leaving later ones unreferenced.
    """
    k, n, base = len(marks), len(nums), 100.0
    if k * n > 250_000:  # no real page has this many; keep the time linear-ish
        return [nums[i] if i < n else None for i in range(k)]
    best = [[0.0] * (n + 1) for _ in range(k + 1)]
    for i in range(k - 1, -1, -1):
        for j in range(n, -1, -1):
            options = [best[i + 1][j]]  # marker dropped
            if j < n:
                options.append(best[i][j + 1])  # footnote skipped
                options.append(base + _score(marks[i], nums[j], stems) + best[i + 1][j + 1])
            best[i][j] = max(options)
    out: list[int | None] = []
    i = j = 0
    while i < k:
        if j < n and best[i][j] == base + _score(marks[i], nums[j], stems) + best[i + 1][j + 1]:
            out.append(nums[j])
            i, j = i + 1, j + 1
        elif j < n and best[i][j] == best[i][j + 1]:
            j += 1
        else:
            out.append(None)
            i += 1
    return out
