"""Render a ParsedDocument as the text a PDF extractor gives for an official GA resolution.

No real extraction of a series resolution is available, so the pdf_text parser is
tested on layouts generated from the AKN parse of the same resolution: page 1
masthead, running headers and footers (symbol, title, job number, "2/15"), footnote
blocks after a rule at each page foot, markers as plain digits, lines wrapped at
~90 columns with a few long words hyphenated. Two styles:

- ``pdftotext``: pages end with a form feed, blank lines between paragraphs, footer
  (page number and job number) at the page foot;
- ``pymupdf``: no form feeds, no blank lines, the furniture of each page at its top,
  operative numbers on lines of their own.
"""

from __future__ import annotations

import re

from archive.parsing.document import ParsedDocument

WIDTH = 90
PAGE_LINES = 44

_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TENS = {7: ("seventy", "seventieth"), 8: ("eighty", "eightieth"), 6: ("sixty", "sixtieth")}
_MONTHS = [
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
]


def session_words(n: int) -> str:
    tens, unit = divmod(n, 10)
    word = f"{_TENS[tens][0]}-{_UNITS[unit]}" if unit else _TENS[tens][1]
    return word.capitalize()


def long_date(d) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER_RE = re.compile(_OPEN + r"(\d+)" + _CLOSE)


def with_markers(text: str, refs, spaced_every: int = 0, first: int = 0) -> str:
    """The paragraph text with a placeholder for each footnote number where its superscript stood;
    every ``spaced_every``-th marker of the document (counting from ``first``) after a space."""
    out, pos = [], 0
    for i, ref in enumerate(refs, start=first):
        out.append(text[pos : ref.offset])
        spaced = spaced_every and i % spaced_every == spaced_every - 1
        out.append((" " if spaced else "") + f"{_OPEN}{ref.number}{_CLOSE}")
        pos = ref.offset
    out.append(text[pos:])
    return "".join(out)


def _visible(text: str) -> str:
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def wrap(text: str, width: int, hyphenate: set[str], first_prefix: str = "") -> list[str]:
    """Greedy wrap; may break after the hyphen of a compound, or inside a word of ``hyphenate``."""
    units = []  # (part, space before it)
    for word in text.split(" "):
        for k, part in enumerate(re.split(r"(?<=\w-)(?=\w)", word)):
            units.append((part, k == 0))
    lines, line = [], first_prefix.rstrip()
    for part, space in units:
        add = (" " if space and line else "") + part
        if len(_visible(line + add)) <= width:
            line += add
            continue
        room = width - len(_visible(line)) - (1 if space and line else 0) - 1
        m = re.match(r"[A-Za-z]+", part)
        if m and m.group(0).lower() in hyphenate and room >= 4 and len(m.group(0)) - room >= 4:
            lines.append(line + (" " if space and line else "") + part[:room] + "-")
            line = part[room:]
            continue
        lines.append(line)
        line = part
    if line:
        lines.append(line)
    return lines


def _markers_in(line: str) -> tuple[str, list[int]]:
    return _visible(line), [int(n) for n in _PLACEHOLDER_RE.findall(line)]


def _hyphenation_candidates(doc: ParsedDocument) -> set[str]:
    """Long words that occur at least twice, so a reader knows them unhyphenated."""
    words: dict[str, int] = {}
    for p in doc.paragraphs:
        for w in re.findall(r"[A-Za-z]{11,}", p.text):
            words[w.lower()] = words.get(w.lower(), 0) + 1
    frequent = sorted(w for w, n in words.items() if n >= 2)
    return set(frequent[::3])


def render(doc: ParsedDocument, style: str = "pdftotext") -> str:
    pymupdf = style == "pymupdf"
    hyphenate = _hyphenation_candidates(doc)
    job = doc.extra.get("job_number", "00-00000")
    report = doc.committee_report or ""
    if doc.extra.get("report_paragraph"):
        report += f", para. {doc.extra['report_paragraph']}"
    masthead = [
        "United Nations",
        doc.symbol,
        "General Assembly",
        "Distr.: General",
        long_date(doc.distributed),
        f"{session_words(doc.session)} session",
        f"Agenda item {doc.agenda_item}",
        "",
        f"Resolution adopted by the General Assembly on {long_date(doc.adopted)}",
        "",
    ]
    masthead += wrap(f"[on the report of the {doc.extra.get('committee', 'Third Committee')} ({report})]", 60, set())
    masthead += ["", f"{doc.number}. {doc.title}", "", "The General Assembly,", ""]

    blocks: list[tuple[list[str], list[int]]] = []  # (lines, footnote numbers first referenced there)
    seen: set[int] = set()
    marker_count = 0
    for p in doc.paragraphs:
        text = with_markers(p.text, p.refs, spaced_every=0 if pymupdf else 5, first=marker_count)
        marker_count += len(p.refs)
        if p.kind == "operative":
            label = f"{p.number}."
        elif p.kind == "subparagraph":
            label = p.number[p.number.index("(") :]
        else:
            label = ""
        own_line = label and (pymupdf or (p.kind == "operative" and int(p.number) % 4 == 0))
        if own_line:
            lines = [label] + wrap(text, WIDTH, hyphenate)
        else:
            lines = wrap(text, WIDTH, hyphenate, first_prefix=f"{label} " if label else "")
        for line in lines:
            visible, numbers = _markers_in(line)
            blocks.append(([visible], [n for n in numbers if n not in seen and not seen.add(n)]))
        if not pymupdf:
            blocks.append(([""], []))
    closing = [doc.meeting, long_date(doc.adopted)]
    notes = {f.number: wrap(f"{f.number} {f.text}", WIDTH, set()) for f in doc.footnotes}
    return _paginate(masthead, blocks, closing, notes, doc, job, pymupdf)


def _paginate(masthead, blocks, closing, notes, doc, job, pymupdf) -> str:
    pages: list[tuple[list[str], list[int]]] = []
    body, foot = list(masthead), []
    for lines, new in blocks + [([""], []), ([closing[0]], []), ([closing[1]], [])]:
        note_lines = sum(len(notes.get(n, [])) for n in foot + new) + (2 if foot or new else 0)
        if len(body) + len(lines) + note_lines > PAGE_LINES and body:
            pages.append((body, foot))
            body, foot = [], []
        body.extend(lines)
        foot.extend(n for n in new if n in notes)
    pages.append((body, foot))
    total = len(pages)
    out: list[str] = []
    for number, (body, foot) in enumerate(pages, start=1):
        while body and not body[0]:
            body.pop(0)
        page: list[str] = []
        running = [doc.symbol, doc.title] if number % 2 == 0 else [doc.title, doc.symbol]
        footer = [f"{number}/{total}", job] if number % 2 == 0 else [job, f"{number}/{total}"]
        if number == 1:
            footer = [f"{job} (E)", f"*{job.replace('-', '')}*"]
        if pymupdf and number > 1:
            page += footer + running
        elif number > 1:
            page += running + [""]
        page += body
        if foot:
            page += ([] if pymupdf else [""]) + ["__________________"] + [line for n in foot for line in notes[n]]
        if not pymupdf or number == 1:
            page += [""] + footer
        out.append("\n".join(page) + "\n")
    return ("\f" if not pymupdf else "").join(out)
