"""Plain text extracted from an official GA resolution PDF (pdftotext, PyMuPDF).

The generic fallback format: what remains of a printed resolution once the layout is
gone. The parser removes the page furniture (masthead, running symbol and title, job
number, "2/15"), lifts the footnote blocks out of the page feet (after the
"__________________" rule), rejoins paragraphs split by line and page breaks, and turns
plain-digit markers ("Women,1" / "Women, 1") back into footnote references. Paragraph
starts are found without relying on blank lines (PyMuPDF has none): an expected
operative number or sub-item label, or a preambular opener after a line ending in a comma.
"""

from __future__ import annotations

import re

from .document import ParsedDocument, ParsedFootnote, ParsedParagraph, ParseError
from .ordinals import session_from_heading
from .text import (
    collapse_spaces,
    dehyphenate,
    extract_markers,
    marker,
    opening_phrase,
    text_date,
    word_set,
)

FORMAT = "pdf_text"

_SYMBOL_RE = re.compile(r"^A/RES/(?:[A-Z]+-)?\d+/\d+(?: ?[A-Z](?:-[A-Z])?)?$")
_JOB_RE = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?$")
_PAGE_RE = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
_BARCODE_RE = re.compile(r"^\*\d{6,}\*$")
_RULE_RE = re.compile(r"^_{5,}$")
_NUMBER_TITLE_RE = re.compile(r"^((?:[A-Z]+-)?(\d+)/\d+)\.\s+(\S.*)$")
_ADOPTED_RE = re.compile(r"Resolution adopted by the General Assembly on (\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
_COMMITTEE_RE = re.compile(r"\[on the report of the ((?:[A-Z][a-z]+ )+Committee) \(([^)]+)\)\]")
_ENACTING_RE = re.compile(r"^The General Assembly,$")
_MEETING_RE = re.compile(r"^\d+(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting$")
_OPERATIVE_RE = re.compile(r"^(\d{1,3})\.(?:\s+(\S.*))?$")
_SUB_RE = re.compile(r"^\(([a-z]{1,3})\)(?:\s+(\S.*))?$")
_FOOTNOTE_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_ENDS_WITH_COMMA_RE = re.compile(r"[,]\s?\d{0,3}$")
_NOT_OPENERS = {"United", "Beijing", "Red", "Limited", "Hundred", "Federated", "Reading", "Wedding"}
# markers: digits glued to a word or punctuation, or after punctuation and one space
_GLUED_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[,;:)\]”’\"])|(?<=\D\.))(\d{1,3})(?=[\s,;:.)\]]|$)")  # not "4.1"
_SPACED_RE = re.compile(r"(?<=[^\W\d_][,;.]|[)”’][,;.]|[^\W\d_][)”’]) (\d{1,3})(?=[\s,;:.)]|$)")
# after a word and a space ("Development 5 and"): only when the words around make a number unlikely
_WORD_SPACED_RE = re.compile(r"(?<=[^\W\d_]{3}) (\d{1,3})(?=[\s,;:.)]|$)")
_NUMBERED_NOUNS = {
    "on",
    "in",
    "by",
    "of",
    "at",
    "and",
    "or",
    "to",
    "from",
    "between",
    "than",
    "some",
    "over",
    "under",
    "least",
    "about",
    "nearly",
    "almost",
    "only",
    "paragraph",
    "paragraphs",
    "article",
    "articles",
    "resolution",
    "resolutions",
    "decision",
    "item",
    "items",
    "session",
    "goal",
    "goals",
    "target",
    "targets",
    "annex",
    "chapter",
    "section",
    "rule",
    "rules",
    "principle",
    "principles",
    "table",
    "part",
    "page",
    "pages",
    "phase",
    "level",
    "step",
    "volume",
    "number",
    "convention",
    "recommendation",
    "protocol",
    "no",
    "nos",
    "vol",
    "vols",
    "the",
    "all",
    "its",
    "their",
    "these",
    "those",
    "first",
    "last",
    "next",
    "every",
    "within",
    "after",
    "before",
}
_MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
}
_COUNTED_WORDS = {
    "per",
    "percent",
    "years",
    "year",
    "days",
    "months",
    "weeks",
    "hours",
    "million",
    "billion",
    "countries",
    "states",
    "member",
    "cases",
    "%",
}
_ABBREVIATION_RE = re.compile(r"\b(?:paras?|Nos?|vols?|arts?|chap|sect|pp?)\.\s?$")
_AFTER_YEAR_RE = re.compile(r"(?<=\b(?:19|20)\d\d)(?:[,;] | ?)(\d{1,2})(?=[\s,;:.)]|$)")
_ADJECTIVE_OPENERS = {
    "Mindful",
    "Aware",
    "Conscious",
    "Cognizant",
    "Desirous",
    "Confident",
    "Appreciative",
    "Grateful",
    "Gravely",
    "Deeply",
    "Fully",
    "Keenly",
}


def resolution_cover_facts(doc: ParsedDocument, joined: str) -> list[str]:
    """What a resolution's cover says beyond its heading lines (the adoption date, the committee and its
    report), and what follows from its number (symbol, session); returns the cover facts still missing.
    The plain text of an official PDF and the PDF's own layout print the same cover."""
    if m := _ADOPTED_RE.search(joined):
        doc.adopted = text_date(m.group(1))
    if m := _COMMITTEE_RE.search(joined):
        doc.extra["committee"] = m.group(1)
        doc.committee_report = m.group(2).split(",")[0].strip()
        if p := re.search(r"para(?:s)?\.\s*(\S+)", m.group(2)):
            doc.extra["report_paragraph"] = p.group(1)
    if doc.symbol is None and doc.number:
        doc.symbol = f"A/RES/{doc.number}"
    if doc.session is None and doc.number and doc.number[0].isdigit():
        doc.session = int(doc.number.split("/")[0])
    return [f for f in ("symbol", "number", "title", "adopted") if getattr(doc, f) is None]


def sniff(text: str) -> bool:
    head = text[:6000]
    if re.search(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]|\[DU\d\]|<<ODS|^\s*#|\*[A-Z][a-z]+\*", head, re.MULTILINE):
        return False  # superscripts, ODS export or Markdown: another format's signature
    return "General Assembly" in head and bool(
        re.search(r"^(?:\d+/\d+\.\s+\S|The General Assembly,\s*$)", head, re.MULTILINE)
    )


class _Line:
    __slots__ = ("no", "page", "text")

    def __init__(self, no: int, page: int, text: str):
        self.no, self.page, self.text = no, page, text


def parse(text: str, source: str) -> ParsedDocument:
    if not text.strip():
        raise ParseError(source, 1, "empty file")
    lines, page = [], 1
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        page += raw.count("\f")
        lines.append(_Line(no, page, collapse_spaces(raw.replace("\f", ""))))
    return _Parser(lines, source).run()


class _Parser:
    def __init__(self, lines: list[_Line], source: str):
        self.lines = lines
        self.source = source
        self.doc = ParsedDocument(source=source, format=FORMAT, kind="resolution")

    def fail(self, line: int | None, reason: str):
        raise ParseError(self.source, line or 1, reason)

    def run(self) -> ParsedDocument:
        lines = self.lines
        enacting = next((i for i, l in enumerate(lines) if _ENACTING_RE.match(l.text)), None)
        if enacting is None:
            self.fail(1, "no 'The General Assembly,' line: not the text of a GA resolution")
        meeting = next((i for i in range(len(lines) - 1, enacting, -1) if _MEETING_RE.match(lines[i].text)), None)
        if meeting is None:
            self.fail(lines[-1].no, "truncated: no closing meeting line ('NNth plenary meeting')")
        self.header(lines[:enacting])
        furniture = self.furniture()
        notes_zone = self.footnote_zones(furniture)
        body = [
            l if i not in furniture and i not in notes_zone else None
            for i, l in enumerate(lines[enacting + 1 : meeting], start=enacting + 1)
        ]
        self.closing(meeting, furniture | notes_zone)
        footnote_lines = [lines[i] for i in sorted(notes_zone) if lines[i].text and not _RULE_RE.match(lines[i].text)]
        words = word_set(" ".join(l.text for l in lines[enacting:] if l.text))
        self.words = words
        self.footnotes(footnote_lines)
        self.paragraphs(body)
        if not any(p.kind == "operative" for p in self.doc.paragraphs):
            self.single_operative()
        if not any(p.kind == "operative" for p in self.doc.paragraphs):
            self.fail(lines[meeting].no, "no operative paragraphs before the closing meeting line")
        self.markers()
        return self.doc

    # --- header and furniture ---------------------------------------------------------

    def header(self, head: list[_Line]) -> None:
        doc = self.doc
        texts = [l.text for l in head]
        joined = " ".join(texts)
        for i, t in enumerate(texts):
            if doc.symbol is None and _SYMBOL_RE.match(t):
                doc.symbol = t
            elif t.startswith("Distr.") and doc.distributed is None:
                doc.distributed = text_date(t) or text_date(texts[i + 1] if i + 1 < len(texts) else "")
            elif re.search(r"\bsession$", t) and doc.session is None:
                doc.session = session_from_heading(t)
            elif m := re.match(r"^Agenda items? (.+)$", t):
                doc.agenda_item = m.group(1)
            elif (m := _NUMBER_TITLE_RE.match(t)) and doc.number is None:
                doc.number = m.group(1)
                doc.title = collapse_spaces(" ".join([m.group(3)] + [x for x in texts[i + 1 :] if x]))
        missing = resolution_cover_facts(doc, joined)
        if missing:
            doc.anomaly("missing_metadata", f"not in the text: {', '.join(missing)}", head[0].no if head else 1)

    def furniture(self) -> set[int]:
        """Indexes of masthead/running header/footer lines (symbol, title, job number, page)."""
        doc, lines = self.doc, self.lines
        marks = set()
        for i, l in enumerate(lines):
            t = l.text
            if (
                _JOB_RE.match(t)
                or _PAGE_RE.match(t)
                or _BARCODE_RE.match(t)
                or t == "Please recycle"
                or (doc.symbol and t == doc.symbol)
                or _SYMBOL_RE.match(t)
            ):
                marks.add(i)
        if doc.title:
            for i, l in enumerate(lines):
                if l.text == doc.title and any(j in marks for j in range(i - 2, i + 3)):
                    marks.add(i)
        return marks

    def footnote_zones(self, furniture: set[int]) -> set[int]:
        """From each "_____" rule to the page end: the first furniture line or form feed."""
        zone: set[int] = set()
        lines = self.lines
        i = 0
        while i < len(lines):
            if _RULE_RE.match(lines[i].text):
                page = lines[i].page
                j = i
                while j < len(lines) and j not in furniture and lines[j].page == page:
                    zone.add(j)
                    j += 1
                i = j
            else:
                i += 1
        return zone

    def closing(self, meeting: int, removed: set[int]) -> None:
        doc = self.doc
        doc.meeting = self.lines[meeting].text
        after = [l for i, l in enumerate(self.lines[meeting + 1 :], start=meeting + 1) if l.text and i not in removed]
        date = text_date(after[0].text) if after and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", after[0].text) else None
        if date is None:
            doc.anomaly("missing_metadata", "no date line after the closing meeting line", self.lines[meeting].no + 1)
        elif doc.adopted is None:
            doc.adopted = date
        elif date != doc.adopted:
            doc.anomaly(
                "metadata_conflict", f"closing date {date} differs from the header's {doc.adopted}", after[0].no
            )

    # --- footnotes ------------------------------------------------------------------------

    def footnotes(self, lines: list[_Line]) -> None:
        notes: list[ParsedFootnote] = []
        for l in lines:
            m = _FOOTNOTE_RE.match(l.text)
            expected = notes[-1].number + 1 if notes else 1
            if m and expected <= int(m.group(1)) <= expected + 2:
                if int(m.group(1)) != expected:
                    self.doc.anomaly(
                        "number_out_of_sequence", f"footnote {m.group(1)} where {expected} was expected", l.no
                    )
                notes.append(ParsedFootnote(int(m.group(1)), m.group(2), l.no))
            elif notes:
                notes[-1].text = self.join(notes[-1].text, l.text)
            else:
                self.doc.anomaly(
                    "unexpected_text", f"text in a footnote block before any footnote: {l.text[:60]!r}", l.no
                )
        self.doc.footnotes = notes

    def join(self, left: str, right: str) -> str:
        # only the end of ``left`` matters: searching all of it made joining quadratic
        if re.search(r"[^\W\d_]-$", left[-3:]) and right[:1].isalpha():
            return dehyphenate(left, right, self.words)
        return f"{left} {right}" if left else right

    # --- paragraphs ------------------------------------------------------------------------

    def paragraphs(self, body: list[_Line | None]) -> None:
        """Split the body stream into paragraphs; None marks removed furniture/footnotes."""
        current: dict | None = None
        blank = True
        self.expected, self.sub_expected, self.last_number = 1, None, None
        for l in _drop_break_blanks(body):
            if not l.text:
                blank = True
                continue
            start = self.start_of(l, current, blank)
            blank = False
            if start is None:
                if current is None:
                    current = {"kind": "preambular", "number": None, "text": "", "line": l.no}
                current["text"] = self.join(current["text"], l.text)
                continue
            if current is not None:
                self.emit(current)
            current = start | {"line": l.no}
        if current is not None:
            self.emit(current)

    def start_of(self, line: _Line, current: dict | None, blank: bool) -> dict | None:
        text = line.text
        if m := _OPERATIVE_RE.match(text):
            n = int(m.group(1))
            if n in (self.expected, self.expected + 1) and (current is None or current["number"] != str(n)):
                if n != self.expected:
                    self.doc.anomaly(
                        "number_out_of_sequence", f"paragraph {n} where {self.expected} was expected", line.no
                    )
                self.expected, self.sub_expected, self.last_number = n + 1, "a", str(n)
                return {"kind": "operative", "number": str(n), "text": m.group(2) or ""}
        if (m := _SUB_RE.match(text)) and self.sub_expected == m.group(1) and self.last_number:
            self.sub_expected = _next_label(m.group(1))
            return {"kind": "subparagraph", "number": f"{self.last_number}({m.group(1)})", "text": m.group(2) or ""}
        if self.last_number is None and current is not None and (blank or self.is_preamble_start(text, current)):
            return {"kind": "preambular", "number": None, "text": text}
        return None

    def is_preamble_start(self, text: str, current: dict) -> bool:
        if not _ENDS_WITH_COMMA_RE.search(current["text"]):
            return False
        words = [w.rstrip(",") for w in text.split(" ", 2)]
        head = words[0]
        if not head[:1].isupper() or head in _NOT_OPENERS:
            return False
        if head.endswith("ly") and len(words) > 1 and head not in _ADJECTIVE_OPENERS:
            head = words[1]  # "Solemnly proclaiming", "Also recalling"
        elif head in ("Also", "Further", "Again") and len(words) > 1:
            head = words[1]
        return head in _ADJECTIVE_OPENERS or head.endswith(("ing", "ed")) and head not in _NOT_OPENERS

    def single_operative(self) -> None:
        """A resolution of one paragraph has no number: its last paragraph opens with a verb ("Decides")."""
        last = self.doc.paragraphs[-1] if self.doc.paragraphs else None
        if last is not None and opening_phrase(last.text, "operative") and not last.text.endswith(","):
            last.kind = "operative"

    def emit(self, para: dict) -> None:
        kind = para["kind"]
        self.doc.paragraphs.append(ParsedParagraph(kind, para["text"], number=para["number"], line=para["line"]))

    # --- markers ------------------------------------------------------------------------------

    def markers(self) -> None:
        """Plain digits that are footnote markers: the next new footnote, or a repeat glued to a word,
        or a repeat after a space where the words before it are those before its first marker (the
        same instrument named again: "Members of Their Families, 18 the Protocol")."""
        doc = self.doc
        known = {f.number for f in doc.footnotes}
        first_words: dict[int, tuple[str, ...]] = {}
        seen = 0
        for p in doc.paragraphs:
            spans = []
            for m in _candidates(p.text):
                n, kind = int(m[1]), m[3]
                if (
                    kind == "glued"
                    and len(m[1]) == 3
                    and p.text[m[0] - 2 : m[0]][:1].isdigit()
                    and p.text[m[0] - 1] == ","
                ):
                    continue  # "2,500": a thousands separator
                if _ABBREVIATION_RE.search(p.text, 0, m[0]):
                    continue  # "para. 24", "No. 5": a number, not a marker
                if kind in ("word_spaced", "after_year") and not _plausible_spaced(p.text, m[0], m[2]):
                    continue
                fresh = n == seen + 1 or (kind == "glued" and seen + 1 < n <= seen + 3 and n in known)
                named_again = (
                    kind != "glued" and n <= seen and n in known and first_words.get(n) == _words_before(p.text, m[0])
                )
                if fresh or (kind == "glued" and n <= seen and n in known) or named_again:
                    if kind == "after_year":
                        doc.anomaly(
                            "ambiguous_marker", f"marker {n} read off the end of {p.text[m[0] - 4 : m[0]]}{n}", p.line
                        )
                    spans.append((m[0], m[2], n))
                    first_words.setdefault(n, _words_before(p.text, m[0]))
                    seen = max(seen, n)
            raw, pos = [], 0
            for start, end, n in spans:
                raw.append(p.text[pos:start])
                raw.append(marker(n))
                pos = end
            raw.append(p.text[pos:])
            p.text, p.refs = extract_markers("".join(raw))
            p.opening = opening_phrase(p.text, p.kind)
        referenced = {r.number for p in doc.paragraphs for r in p.refs}
        for n in sorted(referenced - known):
            doc.anomaly("missing_footnote_text", f"marker {n} has no footnote text")
        for f in doc.footnotes:
            if f.number not in referenced:
                doc.anomaly("unreferenced_footnote", f"footnote {f.number} has no marker in the text", f.line)


def _drop_break_blanks(body: list[_Line | None]) -> list[_Line]:
    """Body lines without removed furniture/footnotes and without the blank lines around them:
    a page break is no paragraph break."""
    kept: list[_Line] = []
    for i, l in enumerate(body):
        if l is None:
            while kept and not kept[-1].text:
                kept.pop()
            continue
        if not l.text and kept and body[i - 1] is None:
            continue
        if (
            not l.text
            and i > 0
            and body[i - 1] is not None
            and not body[i - 1].text
            and (not kept or not kept[-1].text)
        ):
            continue
        kept.append(l)
    return kept


def _candidates(text: str) -> list[tuple[int, str, int, str]]:
    """Possible markers in document order: (start, digits, end, how attached)."""
    found = {}
    for kind, rx in (
        ("after_year", _AFTER_YEAR_RE),
        ("spaced", _SPACED_RE),
        ("word_spaced", _WORD_SPACED_RE),
        ("glued", _GLUED_RE),
    ):
        for m in rx.finditer(text):
            found.setdefault(m.start(1), (m.start(1), m.group(1), m.end(), kind))
    return [found[k] for k in sorted(found)]


def _words_before(text: str, start: int, n: int = 4) -> tuple[str, ...]:
    """The last ``n`` words before a marker, without punctuation or case: what the footnote names."""
    return tuple(re.findall(r"[^\W\d_]+", text[:start].lower())[-n:])


def _plausible_spaced(text: str, start: int, end: int) -> bool:
    """A number after a word and a space is a marker unless the words around it count or name it."""
    before = text[:start].rstrip().rsplit(" ", 1)[-1].lower().strip("(")
    after = text[end:].split(" ", 3)
    nxt = after[1] if len(after) > 1 else ""
    if before in _NUMBERED_NOUNS or nxt.strip(",;.") in _MONTHS or nxt.lower().strip(",;.") in _COUNTED_WORDS:
        return False
    if nxt in ("and", "to", "or") and len(after) > 2 and after[2][:1].isdigit():
        return False  # "aged 15 to 24", "items 3 and 4"
    return not nxt[:1].isdigit()


def _next_label(label: str) -> str:
    """(a) → (b) … (z) → (aa) → (bb)."""
    if label[-1] == "z":
        return "a" * (len(label) + 1)
    return chr(ord(label[0]) + 1) * len(label)
