"""A document as the archive shows it, assembled once for every reader of it.

The HTML page, the AKN export, the API's document and paragraph resources and the
document's CSV rows all show the same thing: the paragraphs in order, each with its
footnote markers (and their ids), the stretches of its text that link elsewhere (the
symbols it names, the session it asks a report for, both found at ingest), its place in
the series; the footnotes with the markers that point to them and what they cite; the
reports that answer a resolution; its metadata record; its texts in the language asked
for, laid over the English structure. ``assemble`` reads all of it in a fixed number of
queries, whatever the size of the document or of the archive, and parses nothing.

Use::

    doc = assemble(get_document("A/RES/74/127"), lang="fr")
    for p in doc.paragraphs:            # AssembledParagraph, reading order
        p.anchor, p.shown.text, p.shown.markers, p.links
    for f in doc.footnotes:             # AssembledFootnote, by number
        f.footnote.number, f.text, f.references, f.citations
    doc.as_data()                       # the same as plain, JSON-ready dicts
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import JSONObject
from django.http import Http404
from django.urls import reverse

from archive.lineage.queries import Lineage, document_lineage
from archive.models import (
    Citation,
    Document,
    DocumentVersion,
    Footnote,
    FootnoteReference,
    FootnoteText,
    Paragraph,
    ParagraphReach,
    ParagraphText,
    TextSpan,
)
from archive.parsing.languages import LANGUAGES, REFERENCE, Language, language

from .anchors import marker_ids
from .languages import printed_number
from .markup import Marker, Span
from .records import Record, document_record


def get_document(symbol: str) -> Document:
    """The held document of ``symbol`` (its series and the resolution it answers joined), else 404."""
    try:
        return Document.objects.select_related("series", "answers").get(symbol=symbol)
    except Document.DoesNotExist:
        raise Http404(f"No document {symbol}") from None


@dataclass
class Reference:
    """A marker that points to a footnote: its id in the page, the paragraph it stands in, where."""

    marker_id: str
    anchor: str
    label: str
    offset: int


@dataclass
class ShownText:
    """A paragraph's text as shown in the language asked for (the English where it has none)."""

    text: str
    opening: str
    markers: list[Marker]
    links: list[Span]  # only on the English text: the spans were found in it
    language: str = REFERENCE
    direction: str = "ltr"
    fallback: bool = False  # shown in English: the language asked for has no text for it
    number: str = ""  # the number as that language prints it


@dataclass
class AssembledParagraph:
    paragraph: Paragraph  # its ``document`` is the assembled one (no query to reach it)
    markers: list[Marker]  # of the English text, in reading order, with their ids
    links: list[Span]  # of the English text: cited symbols, the report it asks for
    shown: ShownText
    lineage: Lineage | None = None  # its place in the series (resolutions of a series only)
    also_in: int = 0  # other documents that share its agreed language
    parent_anchor: str | None = None

    @property
    def anchor(self) -> str:
        return self.paragraph.anchor

    @property
    def footnote_numbers(self) -> list[int]:
        return [m.number for m in self.markers]


@dataclass
class AssembledFootnote:
    footnote: Footnote  # its citations prefetched, in order, with their instruments
    references: list[Reference] = field(default_factory=list)  # the English markers, in reading order
    text: str = ""  # in the shown language
    lang: str = REFERENCE
    dir: str = "ltr"
    fallback: bool = False  # in English: the language asked for has no text for it

    @property
    def number(self) -> int:
        return self.footnote.number

    @property
    def citations(self) -> list[Citation]:
        return list(self.footnote.citations.all())

    @property
    def backrefs(self) -> list[tuple[str, str]]:
        """(marker id, paragraph label) of each marker: the footnote's links back into the text."""
        return [(r.marker_id, r.label) for r in self.references]


@dataclass
class AssembledDocument:
    document: Document
    language: Language  # the language shown: the one asked for if the document is held in it, else English
    languages: list[str]  # every language the document is held in, English first
    title: str  # in the shown language where its version has one, else English
    title_language: Language  # the language of title
    paragraphs: list[AssembledParagraph]
    footnotes: list[AssembledFootnote]
    answered_by: list[Document]  # a resolution: the held reports that answer it
    record: Record
    headings: list[tuple[str, str, int]]  # (anchor, label, level): the table of contents

    def paragraph(self, anchor: str) -> AssembledParagraph | None:
        return next((p for p in self.paragraphs if p.anchor == anchor), None)

    def footnotes_of(self, paragraph: AssembledParagraph) -> list[AssembledFootnote]:
        """The footnotes the paragraph's markers point to, by number."""
        numbers = set(paragraph.footnote_numbers)
        return [f for f in self.footnotes if f.number in numbers]

    def as_data(self) -> dict:
        """The assembly as plain dicts and lists (JSON-ready; no URLs, which depend on the request)."""
        return {
            "symbol": self.document.symbol,
            "language": self.language.code,
            "languages": self.languages,
            "title": self.title,
            "paragraphs": [paragraph_data(p) for p in self.paragraphs],
            "footnotes": [footnote_data(f, self) for f in self.footnotes],
            "headings": [{"anchor": a, "label": label, "level": level} for a, label, level in self.headings],
            "answered_by": [r.symbol for r in self.answered_by],
        }


def paragraph_data(p: AssembledParagraph) -> dict:
    row = p.paragraph
    return {
        "anchor": row.anchor,
        "position": row.position,
        "kind": row.kind,
        "number": row.number or None,
        "ordinal": row.ordinal,
        "label": row.label,
        "opening": row.opening or None,
        "section": row.section or None,
        "parent": p.parent_anchor,
        "language": p.shown.language,
        "text": p.shown.text,
        "markers": [{"footnote": m.number, "offset": m.offset, "id": m.ref_id} for m in p.shown.markers],
        "links": [{"start": s.start, "end": s.end, "href": s.href, "title": s.title} for s in p.shown.links],
        "lineage": p.lineage.as_api() if p.lineage else None,
    }


def footnote_data(f: AssembledFootnote, doc: AssembledDocument | None = None) -> dict:
    return {
        "number": f.number,
        "language": f.lang,
        "text": f.text,
        "text_missing": f.footnote.text_missing,
        "citations": [
            {
                "position": c.position,
                "cited_key": c.cited_key,
                "pinpoint": c.pinpoint or None,
                "raw": c.raw,
                "instrument": c.instrument.key,
            }
            for c in f.citations
        ],
        "references": shown_references(f.number, doc)
        if doc
        else [{"paragraph": r.anchor, "offset": r.offset} for r in f.references],
    }


def shown_references(number: int, doc: AssembledDocument) -> list[dict]:
    """Where footnote ``number`` is marked in the shown texts: (paragraph anchor, offset), reading order."""
    return [
        {"paragraph": p.anchor, "offset": m.offset}
        for p in doc.paragraphs
        for m in p.shown.markers
        if m.number == number
    ]


# --- assembling ------------------------------------------------------------------------------


def assemble(
    document: Document, lang: Language | str | None = None, held_languages: list[str] | None = None
) -> AssembledDocument:
    """``document`` as shown in ``lang`` (default English; a language it is not held in gives the English).

    ``held_languages``: the document's languages, when the caller has read them already.
    """
    lang = language(lang) if isinstance(lang, str) or lang is None else lang
    held = held_languages if held_languages is not None else DocumentVersion.objects.languages(document)
    if lang.code not in held:
        lang = LANGUAGES[REFERENCE]
    rows, record_held = _paragraph_rows(document)
    anchors = {p.id: p.anchor for p in rows}
    refs = [(p.id, m["offset"], m["number"]) for p in rows for m in p.stored_markers]
    ids = marker_ids(refs)
    notes = list(
        Footnote.objects.filter(document=document)
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("instrument").order_by("position"))
        )
        .order_by("number")
    )
    footnotes = {f.number: AssembledFootnote(f, text=f.text) for f in notes}
    markers: dict[int, list[Marker]] = {}
    labels = {p.id: p.label for p in rows}
    for key in refs:
        pid, offset, number = key
        markers.setdefault(pid, []).append(Marker(offset, number, ids[key]))
        if number in footnotes:
            footnotes[number].references.append(Reference(ids[key], anchors[pid], labels[pid], offset))
    answered_by = (
        list(document.answered_by.order_by("session", "symbol").only("symbol", "title", "kind", "session"))
        if document.is_resolution
        else []
    )
    lineage = document_lineage(document, rows) if document.is_resolution and document.series_id else {}
    last_operative = next((p for p in reversed(rows) if p.kind == Paragraph.Kind.OPERATIVE), None)
    paragraphs = []
    for p in rows:
        links = _symbol_links(p.stored_spans, document.symbol)
        if p is last_operative and answered_by:
            links += _request_links(p.stored_spans, answered_by)
        mine = markers.get(p.id, [])
        paragraphs.append(
            AssembledParagraph(
                p,
                mine,
                links,
                ShownText(p.text, p.opening, mine, links, number=p.display_number),
                lineage=lineage.get(p.id),
                also_in=_reach(p),
                parent_anchor=anchors.get(p.parent_id) if p.parent_id else None,
            )
        )
    title, title_language = document.title, LANGUAGES[REFERENCE]
    if lang.code != REFERENCE:
        overlaid = _overlay(document, lang, paragraphs, list(footnotes.values()))
        if overlaid:
            title, title_language = overlaid, lang
    return AssembledDocument(
        document=document,
        language=lang,
        languages=held,
        title=title,
        title_language=title_language,
        paragraphs=paragraphs,
        footnotes=list(footnotes.values()),
        answered_by=answered_by,
        record=document_record(document, record_held),
        headings=headings(document, rows),
    )


@dataclass(frozen=True)
class StoredSpan:
    kind: str  # TextSpan.Kind
    start: int
    end: int
    symbol: str
    session: int | None
    held: bool  # a symbol the archive holds


def _paragraph_rows(document: Document) -> tuple[list[Paragraph], set[str]]:
    """The paragraphs in order, each with its markers (``stored_markers``: offset and footnote number,
    in reading order), the spans the ingest found in its text (``stored_spans``: whether each symbol is
    held is asked when the page is read, so a document loaded later is linked at once, with no
    re-parse of its citers) and its reach; and which symbols the record names are held. One query."""
    markers = (
        FootnoteReference.objects.filter(paragraph=OuterRef("pk"))
        .order_by("offset", "footnote__number")
        .values(json=JSONObject(offset="offset", number="footnote__number"))
    )
    spans = (
        TextSpan.objects.filter(paragraph=OuterRef("pk"))
        .order_by("start", "kind")
        .values(
            json=JSONObject(
                kind="kind",
                start="start",
                end="end",
                symbol="symbol",
                session="session",
                held=Exists(Document.objects.filter(symbol=OuterRef("symbol"))),
            )
        )
    )
    meta = document.metadata or {}
    named = {x for x in (document.committee_report, meta.get("meeting_record")) if x}
    record = {f"held_{i}": Exists(Document.objects.filter(symbol=symbol)) for i, symbol in enumerate(sorted(named))}
    rows = list(
        Paragraph.objects.filter(document=document)
        .defer("search")
        .with_origin()
        .select_related("reach")
        .annotate(markers_=ArraySubquery(markers), spans_=ArraySubquery(spans), **record)
        .order_by("position")
    )
    if rows:
        held = {symbol for i, symbol in enumerate(sorted(named)) if getattr(rows[0], f"held_{i}")}
    else:  # no paragraph to carry the answer
        held = set(Document.objects.filter(symbol__in=named).values_list("symbol", flat=True))
    for p in rows:
        p.document = document
        p.stored_markers = p.markers_
        p.stored_spans = [StoredSpan(**s) for s in p.spans_]
    return rows, held


def _reach(p: Paragraph) -> int:
    """Other documents that share the paragraph's agreed language (0: none, or not compared yet)."""
    try:
        return p.reach.documents
    except ParagraphReach.DoesNotExist:
        return 0


def _symbol_links(spans: list[StoredSpan], own: str) -> list[Span]:
    """Symbols cited in the text: to the archive's page when it holds the document, else undocs.org."""
    links = []
    for s in spans:
        if s.kind != TextSpan.Kind.SYMBOL or s.symbol == own:
            continue
        if s.held:
            links.append(
                Span(s.start, s.end, reverse("archive:document", args=[s.symbol]), f"{s.symbol} in the archive")
            )
        else:
            links.append(Span(s.start, s.end, f"https://undocs.org/{s.symbol}", f"{s.symbol} on undocs.org"))
    return links


def _request_links(spans: list[StoredSpan], reports: list[Document]) -> list[Span]:
    """'... at its sixty-fourth session' -> the report of that session that answers this resolution."""
    found = next((s for s in spans if s.kind == TextSpan.Kind.SESSION), None)
    report = next((r for r in reports if found and r.session == found.session), None)
    if report is None:
        return []
    return [Span(found.start, found.end, report.get_absolute_url(), f"The report: {report.symbol}")]


def _overlay(
    document: Document, lang: Language, paragraphs: list[AssembledParagraph], footnotes: list[AssembledFootnote]
) -> str:
    """Put ``lang``'s texts over the English ones (in place); returns the title in ``lang``."""
    texts = {
        t.paragraph_id: t
        for t in ParagraphText.objects.filter(paragraph__document=document, language=lang.code).only(
            "paragraph_id", "text", "number", "opening", "refs"
        )
    }
    notes = dict(
        FootnoteText.objects.filter(footnote__document=document, language=lang.code).values_list("footnote_id", "text")
    )
    ordered = [
        (p.paragraph.id, offset, number)
        for p in paragraphs
        if p.paragraph.id in texts
        for number, offset in texts[p.paragraph.id].refs
    ]
    ids = marker_ids(ordered)
    for p in paragraphs:
        t = texts.get(p.paragraph.id)
        if t is None:
            p.shown.fallback = True
            continue
        markers = [Marker(offset, number, ids[(t.paragraph_id, offset, number)]) for number, offset in t.refs]
        p.shown = ShownText(
            t.text,
            t.opening,
            markers,
            [],
            lang.code,
            lang.direction,
            number=printed_number(p.paragraph, t.number, lang),
        )
    for f in footnotes:
        if f.footnote.id in notes:
            f.text, f.lang, f.dir = notes[f.footnote.id], lang.code, lang.direction
        elif not f.footnote.text_missing:
            f.fallback = True
    return DocumentVersion.objects.filter(document=document, language=lang.code).values_list("title", flat=True).first()


def headings(document: Document, rows: list[Paragraph]) -> list[tuple[str, str, int]]:
    """(anchor, label, level). Report: its section headings, nested as printed (I. > A. > 1.).
    Resolution: preamble, operative part."""
    if not document.is_resolution:
        toc, numbered_level = [], 0
        for p in rows:
            if p.kind != Paragraph.Kind.HEADING:
                continue
            if p.number:
                numbered_level = heading_level(p.number)
                toc.append((p.anchor, f"{p.number}. {p.text}", numbered_level))
            else:  # a report may print its subsections unnumbered: under the last numbered heading
                toc.append((p.anchor, p.text, min(numbered_level + 1, 4)))
        return toc
    toc = []
    if any(p.kind == Paragraph.Kind.PREAMBULAR for p in rows):
        toc.append(("preamble", "Preamble", 1))
    if any(p.kind == Paragraph.Kind.OPERATIVE for p in rows):
        toc.append(("operative", "Operative paragraphs", 1))
    return toc


def heading_level(number: str) -> int:
    """A report's heading numbers nest as I. > A. > 1. > (a)."""
    if re.fullmatch(r"[IVXL]+", number):
        return 1
    if re.fullmatch(r"[A-Z]", number):
        return 2
    if re.fullmatch(r"\d+", number):
        return 3
    return 4
