"""The six official languages, and the alignment of a translation to its English text.

The English text is the reference: its paragraphs carry the identities (anchor, permalink,
lineage, citations). A version in another language is aligned to it by structure only:
element by element within the preamble and within the main body, footnotes by the order
of their markers. Printed numbers and the XML's eIds are never used to align: the Arabic
texts letter their points in Arabic, miss a ``<num>`` or carry other eIds. Where the
structure of the two disagrees, the alignment stops at the disagreement (or, where a region
has more or fewer elements, leaves the region unpaired) and says so (an anomaly), so that
nothing is paired with the wrong paragraph.

Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Anomaly, FootnoteRef, ParsedDocument, ParsedParagraph


@dataclass(frozen=True)
class Language:
    code: str  # as URLs and the API write it
    name: str  # in English
    native: str  # as the language writes its own name
    direction: str  # ltr | rtl
    search_config: str  # PostgreSQL text search configuration
    segmented: bool = False  # words are cut by a segmenter before indexing (Chinese)


LANGUAGES: dict[str, Language] = {
    "ar": Language("ar", "Arabic", "العربية", "rtl", "arabic"),
    "zh": Language("zh", "Chinese", "中文", "ltr", "simple", segmented=True),
    "en": Language("en", "English", "English", "ltr", "english"),
    "fr": Language("fr", "French", "Français", "ltr", "french"),
    "ru": Language("ru", "Russian", "Русский", "ltr", "russian"),
    "es": Language("es", "Spanish", "Español", "ltr", "spanish"),
}
REFERENCE = "en"


def language(code: str | None) -> Language:
    """The language of a ``?lang=`` value; English when absent or not one of the six."""
    return LANGUAGES.get((code or "").strip().lower(), LANGUAGES[REFERENCE])


@dataclass
class AlignedParagraph:
    """One paragraph's text in another language, with its markers renumbered as the English ones."""

    text: str
    number: str  # as this language prints it: "1", "(أ)", "a)" read as "a"
    opening: str
    refs: list[FootnoteRef] = field(default_factory=list)


@dataclass
class AlignedVersion:
    language: str
    source: str
    title: str
    paragraphs: list[AlignedParagraph | None]  # one per English paragraph; None where not aligned
    footnotes: dict[int, str]  # English footnote number -> this language's text
    anomalies: list[Anomaly] = field(default_factory=list)
    formula: str = ""  # the enacting formula as this language prints it ("L’Assemblée générale,")
    cover_title: str = ""  # the cover page's title line ("Résolution adoptée par l’Assemblée générale le …")
    # the cover's other lines and the closing lines as printed: date, session, agenda_item, proponent,
    # meeting, adopted (those the source has)
    printed_lines: dict[str, str] = field(default_factory=dict)

    @property
    def aligned(self) -> int:
        return sum(1 for p in self.paragraphs if p is not None)


def _regions(doc: ParsedDocument) -> dict[str, list[int]]:
    """Paragraph indexes of the preamble and of the main body, in order."""
    regions: dict[str, list[int]] = {"preamble": [], "body": []}
    for i, p in enumerate(doc.paragraphs):
        regions["preamble" if p.kind == "preambular" else "body"].append(i)
    return regions


def _marker_order(paragraphs: list[ParsedParagraph]) -> list[int]:
    """Footnote numbers in the order their markers first appear."""
    seen: list[int] = []
    for p in paragraphs:
        for r in p.refs:
            if r.number not in seen:
                seen.append(r.number)
    return seen


def align(english: ParsedDocument, other: ParsedDocument) -> AlignedVersion:
    """``other`` aligned to ``english``: paragraphs by order within each region, footnotes by marker order."""
    anomalies: list[Anomaly] = []
    lang = other.language

    def report(code: str, message: str, line: int | None = None) -> None:
        # the line is the version's, not the English source's: named in the message, not as the anomaly's line
        where = f"{other.source}, line {line}" if line else other.source
        anomalies.append(Anomaly(code, f"{LANGUAGES[lang].name} ({where}): {message}"))

    # footnotes: the n-th footnote whose marker appears is the n-th of the English
    en_order, other_order = _marker_order(english.paragraphs), _marker_order(other.paragraphs)
    if len(en_order) != len(other_order):
        report(
            "language_footnotes_differ",
            f"{len(other_order)} footnotes referenced against {len(en_order)} "
            f"in the English; footnotes aligned as far as the shorter list",
        )
    renumber = dict(zip(other_order, en_order))
    other_notes = {f.number: f.text for f in other.footnotes}
    footnotes = {renumber[n]: other_notes[n] for n in other_order if n in renumber and n in other_notes}

    paragraphs: list[AlignedParagraph | None] = [None] * len(english.paragraphs)
    en_regions, other_regions = _regions(english), _regions(other)
    for region, en_idx in en_regions.items():
        ot_idx = other_regions[region]
        if len(en_idx) != len(ot_idx):
            # where the extra or missing element stands cannot be told from order alone: pairing the
            # rest by position would put texts on the wrong paragraphs, so none of the region is paired
            report(
                "language_structure_differs",
                f"the {region} has {len(ot_idx)} elements against {len(en_idx)} in the English; "
                f"the {region} is not aligned (shown in English)",
            )
            continue
        for k, (i, j) in enumerate(zip(en_idx, ot_idx)):
            e, o = english.paragraphs[i], other.paragraphs[j]
            if e.kind != o.kind:
                report(
                    "language_structure_differs",
                    f"{region} element {k + 1} is a {o.kind} where the English has a {e.kind} "
                    f"({e.number or 'unnumbered'}); the rest of the {region} is not aligned",
                    o.line,
                )
                break
            if len(e.refs) != len(o.refs):
                report(
                    "language_markers_differ",
                    f"{region} element {k + 1} ({e.kind} {e.number or ''}) has {len(o.refs)} footnote markers "
                    f"against {len(e.refs)} in the English".replace("  ", " "),
                    o.line,
                )
            refs = [FootnoteRef(renumber[r.number], r.offset) for r in o.refs if r.number in renumber]
            paragraphs[i] = AlignedParagraph(o.text, o.number or "", o.opening or "", refs)
    return AlignedVersion(
        lang,
        other.source,
        other.title or "",
        paragraphs,
        footnotes,
        anomalies,
        formula=other.extra.get("formula", ""),
        cover_title=other.extra.get("cover_title", ""),
        printed_lines=dict(other.extra.get("printed_lines", {})),
    )
