"""The parse result every source format produces.

Pure Python, no Django: each parser module turns one kind of source text into a
``ParsedDocument``; ``archive.ingest`` persists it. Keeping the parse free of the
database lets ``ingest --dry-run`` and the golden-file tests run without PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

PARAGRAPH_KINDS = ("preambular", "operative", "subparagraph", "report", "heading")


class ParseError(Exception):
    """A source that cannot be parsed: names the file, the line and the reason."""

    def __init__(self, source: str, line: int | None, reason: str):
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


@dataclass
class Anomaly:
    """Something the source lacks or garbles, reported rather than invented or dropped."""

    code: str
    message: str
    line: int | None = None


@dataclass
class FootnoteRef:
    """One marker in a paragraph: footnote ``number`` at ``offset`` of the clean text.

    The offset is the character position in ``ParsedParagraph.text`` right after the
    word or punctuation the marker was attached to (where a superscript would stand).
    """

    number: int
    offset: int


@dataclass
class ParsedFootnote:
    number: int
    text: str
    line: int | None = None
    # documents the footnote links to (its <a href> into the UN's document system), as symbols:
    # the link's language segment ("/ch/", "/fr/") is not part of the symbol
    linked: list[str] = field(default_factory=list)


@dataclass
class ParsedParagraph:
    """A paragraph as the source has it, with markers lifted out into ``refs``.

    kind: preambular | operative | subparagraph | report | heading.
    number: "5" for operative/report paragraphs, "41(a)" for sub-items, the section
    label ("II", "A", "1") for headings, None for preambular paragraphs and for a
    report's unnumbered text (its summary).
    section: for report paragraphs, the title of the heading they stand under.
    """

    kind: str
    text: str
    number: str | None = None
    opening: str | None = None
    refs: list[FootnoteRef] = field(default_factory=list)
    line: int | None = None
    section: str | None = None

    @property
    def footnote_numbers(self) -> list[int]:
        return [r.number for r in self.refs]


@dataclass
class ParsedDocument:
    source: str
    format: str
    kind: str  # "resolution" | "report"
    language: str = "en"  # ar, zh, en, fr, ru, es: the language of this text (AKN: its FRBRlanguage)
    symbol: str | None = None
    number: str | None = None  # "60/139" for resolutions; None for reports
    session: int | None = None
    title: str | None = None
    adopted: dt.date | None = None
    distributed: dt.date | None = None
    agenda_item: str | None = None
    committee_report: str | None = None
    meeting: str | None = None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # votes, sponsors ... from metadata records

    def anomaly(self, code: str, message: str, line: int | None = None) -> None:
        self.anomalies.append(Anomaly(code, message, line))

    def counts(self) -> dict[str, int]:
        by_kind = {k: 0 for k in PARAGRAPH_KINDS}
        for p in self.paragraphs:
            by_kind[p.kind] += 1
        return {
            "preambular": by_kind["preambular"],
            "operative": by_kind["operative"],
            "subparagraphs": by_kind["subparagraph"],
            "numbered": sum(1 for p in self.paragraphs if p.kind == "report" and p.number),
            "footnotes": len(self.footnotes),
            "footnote_references": sum(len(p.refs) for p in self.paragraphs),
        }

    def to_report(self) -> dict:
        """The ingest report's JSON shape for one document: other tools read it, so keys are only ever added."""
        return {
            "source": self.source,
            "format": self.format,
            "symbol": self.symbol,
            "kind": self.kind,
            "language": self.language,
            "session": self.session,
            "title": self.title,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "counts": self.counts(),
            "paragraphs": [
                {
                    "kind": p.kind,
                    "number": p.number,
                    "opening": p.opening,
                    "text": p.text,
                    "footnotes": p.footnote_numbers,
                }
                for p in self.paragraphs
            ],
            "footnotes": [{"number": f.number, "text": f.text, "citations": []} for f in self.footnotes],
            "anomalies": [asdict(a) for a in self.anomalies],
        }


def check_footnotes(doc: ParsedDocument) -> None:
    """Footnote numbering, markers without text and footnotes never referenced, as anomalies.

    Sorts ``doc.footnotes`` by number; for parsers that read footnotes as a numbered list.
    """
    seen: set[int] = set()
    for i, f in enumerate(doc.footnotes, start=1):
        if f.number in seen or f.number != i:
            doc.anomaly("number_out_of_sequence", f"footnote {f.number} listed where {i} was expected", f.line)
        seen.add(f.number)
    doc.footnotes.sort(key=lambda f: f.number)
    referenced: dict[int, int | None] = {}
    for p in doc.paragraphs:
        for r in p.refs:
            referenced.setdefault(r.number, p.line)
    for n in sorted(set(referenced) - seen):
        doc.anomaly("missing_footnote_text", f"marker {n} has no footnote text in the source", referenced[n])
    for f in doc.footnotes:
        if f.number not in referenced:
            doc.anomaly("unreferenced_footnote", f"footnote {f.number} is not referenced by any marker", f.line)
