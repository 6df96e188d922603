"""What ingest reported about a document's source, grouped and explained for readers.

The parsers record an anomaly wherever a source lacks or garbles something (a line,
a code, a message); this module turns the list stored on a document into the groups
of its source report page, each entry pointing at the paragraph or footnote it
concerns where that is known.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from archive.models import Document, DocumentVersion, Paragraph
from archive.parsing.languages import LANGUAGES, REFERENCE, Language

# code: (heading, what it means for the text shown), most consequential for a reader first
LABELS: dict[str, tuple[str, str]] = {
    "missing_footnote_text": (
        "Footnote text missing",
        "A marker refers to a footnote whose text the source does not have; nothing is made up for it.",
    ),
    "probable_misreading": ("Words probably misread by OCR", "Kept as printed; the likely reading is given."),
    "garbled_url": (
        "Web addresses garbled in the source",
        "An address with characters no address can hold; shown as printed, not linked.",
    ),
    "incomplete_url": (
        "Web addresses cut in the source",
        "An address cut at a space the source lost a character in; linked up to the gap, the rest not guessed.",
    ),
    "suspected_lost_hyphen": (
        "Hyphens probably lost",
        "A word that looks split or joined at a lost hyphen; kept as printed.",
    ),
    "unresolved_citation": (
        "Footnotes that cite no instrument",
        "Remarks and lists (of States that replied, for example) rather than citations.",
    ),
    "missing_metadata": (
        "Not printed in the source",
        "Metadata the source lacks; where the archive shows it, it comes from the manifest or the UN's metadata records.",
    ),
    "unknown_member_state": (
        "Member State names not recognised",
        "A name in the record's votes or sponsors that matches no Member State in the name table; shown as printed.",
    ),
    "metadata_conflict": (
        "Metadata that disagree",
        "The source and the metadata record differ; both values are given.",
    ),
    "symbol_from_filename": (
        "Symbol read from the file name",
        "The source does not print its symbol and nothing else gives it; the symbol is the one its file name spells.",
    ),
    "symbol_mismatch": ("Symbol mismatch", "The symbol printed differs from the one expected for this file."),
    "session_mismatch": ("Session mismatch", "The session printed differs from the one the symbol implies."),
    "date_mismatch": ("Date mismatch", "Two dates of the source disagree."),
    "table_omitted": (
        "Tables not kept",
        "A table the source lays out as loose text; it is not turned into paragraphs.",
    ),
    "annex_not_parsed": ("Annex not parsed", "An annex the archive does not split into paragraphs."),
    "unexpected_text": (
        "Unexpected text",
        "Text where the document's structure has none; reported, not shown as a paragraph.",
    ),
    "unexpected_note": ("Unexpected note", "A note where no footnote was expected."),
    "text_after_closing": ("Text after the closing", "Text after the meeting line and date."),
    "footnote_too_long": (
        "Footnote too long",
        "Citations were read from the first part of an implausibly long footnote.",
    ),
    "misread_symbol": ("Symbol misread by OCR", "The document symbol taken from a garbled running header."),
    "misread_label": (
        "Sub-item labels misread by OCR",
        "A lettered sub-item label read as the letter its place requires.",
    ),
    "misread_number": ("Number misread", "A paragraph number read as its place requires."),
    "unknown_language": (
        "Language not one of the six",
        "The file names a language that is not an official language of the United Nations; read as English.",
    ),
    "language_structure_differs": (
        "A language version's structure differs",
        "Another language's text has more, fewer or other elements than the English here; that part is shown in English rather than paired with the wrong paragraphs.",
    ),
    "language_footnotes_differ": (
        "A language version's footnotes differ",
        "Another language's text references another number of footnotes than the English; footnotes are paired in marker order as far as both go.",
    ),
    "language_markers_differ": (
        "A language version's markers differ",
        "A paragraph of another language has another number of footnote markers than the English one.",
    ),
    "footnote_marker_brackets": (
        "Brackets around footnote markers printed irregularly",
        'Arabic prints a marker in brackets, "(" before and ")" after; where the source\'s superscript brackets by a marker are others, they are read as the marker\'s printing, not as text.',
    ),
    "misread_marker": (
        "Footnote markers misread by OCR",
        "A glyph read as a footnote marker and attached where it stands.",
    ),
    "ambiguous_marker": ("Ambiguous footnote marker", "A marker that could belong to more than one footnote."),
    "marker_anchor_mismatch": ("Marker and footnote disagree", "A marker's number and its footnote do not match."),
    "recovered_paragraph": (
        "Paragraphs recovered",
        "A paragraph whose number was damaged or run into another, separated again.",
    ),
    "number_out_of_sequence": ("Numbers out of sequence", "Paragraph numbers as printed do not follow each other."),
    "orphan_subparagraph": (
        "Sub-item without its paragraph",
        "A lettered sub-item with no numbered paragraph before it.",
    ),
    "unnumbered_text_joined": ("Unnumbered text joined", "Text without a number joined to the paragraph before it."),
    "heading_number_inferred": (
        "Heading numbers inferred",
        "A section numeral lost or garbled, inferred from its neighbours.",
    ),
    "footnote_number_inferred": (
        "Footnote numbers inferred",
        "The number was not printed legibly; it is the footnote's place in the sequence.",
    ),
    "unreferenced_footnote": (
        "Footnote without a marker",
        "A footnote whose marker is not legible in the text; it is kept and numbered in sequence.",
    ),
    "duplicate_footnote": ("Footnote printed twice", "A second text for the same footnote; the first is kept."),
    "duplicate_footnote_number": ("Footnote number repeated", "Two footnotes carry one number."),
    "ocr_garbage_removed": ("OCR debris removed", "Stray glyphs and page furniture that are not part of the text."),
    "garbled_contents": (
        "Garbled table of contents",
        "The source's own contents list is damaged; the archive's is built from the headings.",
    ),
    "repaired_url": ("Web addresses rejoined", "An address split by a line break or a space, joined again."),
}

_FOOTNOTE_RE = re.compile(r"^footnote (\d+)\b")


@dataclass
class Entry:
    line: int | None
    message: str
    href: str | None = None  # the paragraph or footnote it concerns, on the document page
    where: str | None = None  # "para. 41", "footnote 13"


@dataclass
class Group:
    code: str
    heading: str
    meaning: str
    entries: list[Entry] = field(default_factory=list)


def source_report(document: Document) -> list[Group]:
    """The document's anomalies by code, in the order of the source, each pointing at a place."""
    paragraphs = list(
        Paragraph.objects.filter(document=document, source_line__isnull=False)
        .only("anchor", "kind", "number", "ordinal", "source_line")
        .order_by("source_line")
    )
    starts = [p.source_line for p in paragraphs]
    base = document.get_absolute_url()

    def place(code: str, line: int | None) -> tuple[str | None, str | None]:
        if line and starts and code not in ("missing_metadata", "metadata_conflict", "symbol_from_filename"):
            i = bisect_right(starts, line) - 1
            if i >= 0:
                p = paragraphs[i]
                return f"{base}#{p.anchor}", p.label
        return None, None

    return _groups(document.anomalies, base, place)


def _groups(anomalies, footnotes_at: str, place) -> list[Group]:
    """Anomalies by code, most consequential first; a footnote's links to ``footnotes_at``, another
    entry to what ``place(code, line)`` finds (a line is the line of the file that anomaly is about)."""
    groups: dict[str, Group] = {}
    for a in anomalies or []:
        if not isinstance(a, dict):
            continue
        code, message, line = str(a.get("code") or "other"), str(a.get("message") or ""), a.get("line")
        heading, meaning = LABELS.get(code, (code.replace("_", " ").capitalize(), ""))
        entry = Entry(line=line if isinstance(line, int) else None, message=message)
        if m := _FOOTNOTE_RE.match(message):
            entry.href, entry.where = f"{footnotes_at}#fn{m.group(1)}", f"footnote {m.group(1)}"
        else:
            entry.href, entry.where = place(code, entry.line)
        groups.setdefault(code, Group(code, heading, meaning)).entries.append(entry)
    for g in groups.values():
        g.entries.sort(key=lambda e: (e.line is None, e.line or 0))
    rank = {code: i for i, code in enumerate(LABELS)}
    return sorted(groups.values(), key=lambda g: (rank.get(g.code, len(rank)), g.code))


@dataclass
class SourceFile:
    """One file a document was read from: the English shown, or a language version aligned to it."""

    language: Language
    file: str
    digest: str  # SHA-256 of its bytes; empty when loaded before digests were kept
    size: int | None  # bytes; None when loaded before sizes were kept
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(g.entries) for g in self.groups)


def source_files(document: Document) -> list[SourceFile]:
    """The English source (first) and each language version's, with what ingest reported of each:
    the source page names every file the document was read from, not only the one shown."""
    files = [
        SourceFile(
            LANGUAGES[REFERENCE],
            document.source_file,
            (document.source_digests or [""])[0],
            document.source_size,
            source_report(document),
        )
    ]
    base = document.get_absolute_url()
    order = list(LANGUAGES)
    versions = DocumentVersion.objects.filter(document=document).only(
        "language", "source_file", "source_digest", "source_size", "anomalies"
    )
    for v in sorted(versions, key=lambda v: order.index(v.language)):
        # a version's lines are its own file's: they point at no paragraph of the English source
        groups = _groups(v.anomalies, f"{base}?lang={v.language}", lambda code, line: (None, None))
        files.append(SourceFile(LANGUAGES[v.language], v.source_file, v.source_digest, v.source_size, groups))
    return files
