"""What a document page shows, built in a fixed number of queries (no N+1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse

from archive import timeline
from archive.citation_text import citation_prefix
from archive.history import Lineage, document_lineage
from archive.language_views import overlay
from archive.models import Citation, Document, Footnote, FootnoteReference, Paragraph, SeriesMember
from archive.parsing.languages import LANGUAGES, REFERENCE, Language
from archive.parsing.ordinals import requested_session_span
from archive.parsing.symbols import symbol_spans
from archive.records import document_record
from archive.rendering import Marker, Span, marker_ids, paragraph_html


@dataclass
class FootnoteView:
    footnote: Footnote
    backrefs: list[tuple[str, str]] = field(default_factory=list)  # (marker id, paragraph label)
    text: str = ""  # in the shown language (archive.language_views.overlay sets these)
    lang: str = "en"
    dir: str = "ltr"
    fallback: bool = False


@dataclass
class ParagraphView:
    paragraph: Paragraph
    html: str
    footnote_numbers: list[int]
    permalink: str = ""
    history_url: str = ""
    lineage: Lineage | None = None  # its place in the series (resolutions of a series only)
    origin_url: str = ""  # permalink of the earliest held version, when elsewhere
    previous_url: str = ""  # permalink of its version in the previous held resolution
    lang: str = "en"  # the language the html is in (archive.language_views.overlay sets these)
    dir: str = "ltr"
    fallback: bool = False  # shown in English: the language asked for has no text for it
    number: str = ""  # the number as the shown language prints it
    also_in: int = 0  # other documents that share its agreed language


def get_document(symbol: str) -> Document:
    try:
        return Document.objects.select_related("series", "answers").get(symbol=symbol)
    except Document.DoesNotExist:
        raise Http404(f"No document {symbol}") from None


def document_page(document: Document, footnote_href: str = "", lang: Language | None = None) -> dict:
    """The page in ``lang`` (default English): texts of that language over the English structure."""
    paragraphs = list(Paragraph.objects.filter(document=document).defer("search").order_by("position"))
    for p in paragraphs:
        p.document = document
    lineage = document_lineage(document, paragraphs) if document.is_resolution and document.series_id else {}
    base = document.get_absolute_url()
    refs = list(
        FootnoteReference.objects.filter(paragraph__document=document)
        .select_related("footnote")
        .order_by("paragraph__position", "offset")
        .values_list("paragraph_id", "offset", "footnote__number")
    )
    ids = marker_ids(refs)
    footnotes = list(
        document.footnotes.all()
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("instrument").order_by("position")))
        .order_by("number")
    )
    by_number = {f.number: FootnoteView(f) for f in footnotes}
    markers: dict[int, list[Marker]] = {}
    by_id = {p.id: p for p in paragraphs}
    for key in refs:
        pid, offset, number = key
        markers.setdefault(pid, []).append(Marker(offset, number, ids[key]))
        if number in by_number:
            by_number[number].backrefs.append((ids[key], by_id[pid].label))
    answered_by = list(document.answered_by.all().only("symbol", "title", "kind", "session")) if document.is_resolution else []
    held = set(Document.objects.values_list("symbol", flat=True))
    last_operative = next((p for p in reversed(paragraphs) if p.kind == "operative"), None)
    from archive.agreed.queries import reach_of

    reach = reach_of(document)
    views = []
    for p in paragraphs:
        spans = _symbol_links(p.text, held, document.symbol)
        if p is last_operative and answered_by:
            spans += _request_links(p.text, answered_by)
        line = lineage.get(p.id)
        elsewhere = line is not None and line.origin[0] != document.symbol
        views.append(ParagraphView(
            p, paragraph_html(p.text, p.opening, markers.get(p.id, []), footnote_href, spans),
            [m.number for m in markers.get(p.id, [])],
            # built from the document's address: no reverse() for each paragraph's two links
            permalink=f"{base}para/{p.anchor}/",
            history_url=f"{base}para/{p.anchor}/history/" if p.origin_id else "",
            lineage=line,
            origin_url=reverse("archive:paragraph", args=list(line.origin)) if elsewhere else "",
            previous_url=reverse("archive:paragraph", args=[line.previous["symbol"], line.previous["anchor"]])
            if line and line.previous else "",
            also_in=reach.get(p.id, 0),
        ))
    overlay(document, views, list(by_number.values()), lang or LANGUAGES[REFERENCE], footnote_href)
    previous, following, gap_before, gap_after = timeline.neighbours(document)
    return {
        "document": document,
        "members": _member_links(document),
        "gap_before": gap_before, "gap_after": gap_after, "gap_before_text": timeline.gap_text(gap_before),
        "compare_previous": previous if previous and document.is_resolution else None,
        "preambular": [v for v in views if v.paragraph.kind == "preambular"],
        "body": [v for v in views if v.paragraph.kind != "preambular"],
        "paragraphs": views,
        "footnotes": list(by_number.values()),
        "toc": _toc(document, views),
        "previous": previous,
        "next": following,
        "answered_by": answered_by,
        "record": document_record(document, held),
        "cite_prefix": citation_prefix(document),
    }


def _symbol_links(text: str, held: set[str], own: str) -> list[Span]:
    """Symbols cited in the text: to the archive's page when it holds the document, else undocs.org."""
    spans = []
    for start, end, symbol in symbol_spans(text):
        if symbol == own:
            continue
        if symbol in held:
            spans.append(Span(start, end, reverse("archive:document", args=[symbol]), f"{symbol} in the archive"))
        else:
            spans.append(Span(start, end, f"https://undocs.org/{symbol}", f"{symbol} on undocs.org"))
    return spans


def _request_links(text: str, reports: list[Document]) -> list[Span]:
    """'... at its sixty-fourth session' -> the report of that session that answers this resolution."""
    found = requested_session_span(text)
    report = next((r for r in reports if found and r.session == found[2]), None)
    if report is None:
        return []
    return [Span(found[0], found[1], report.get_absolute_url(), f"The report: {report.symbol}")]


def _toc(document: Document, views: list[ParagraphView]) -> list[tuple[str, str, int]]:
    """(anchor, label, level). Report: its section headings, nested as printed (I. > A. > 1.).
    Resolution: preamble, operative part."""
    if not document.is_resolution:
        toc, numbered_level = [], 0
        for v in views:
            p = v.paragraph
            if p.kind != "heading":
                continue
            if p.number:
                numbered_level = heading_level(p.number)
                toc.append((p.anchor, f"{p.number}. {p.text}", numbered_level))
            else:  # A/72/215 prints its subsections unnumbered: under the last numbered heading
                toc.append((p.anchor, p.text, min(numbered_level + 1, 4)))
        return toc
    toc = []
    if any(v.paragraph.kind == "preambular" for v in views):
        toc.append(("preamble", "Preamble", 1))
    if any(v.paragraph.kind == "operative" for v in views):
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


@dataclass
class MemberLinks:
    """How a document stands to the other members of its series, held or not."""

    member: SeriesMember | None
    takes_note_of: SeriesMember | None = None  # resolution: the report it takes note of
    requests: SeriesMember | None = None  # resolution: the report it asks for
    answers: SeriesMember | None = None  # report: the resolution that asked for it
    noted_by: SeriesMember | None = None  # report: the resolution that took note of it


def _member_links(document: Document) -> MemberLinks | None:
    if document.series_id is None:
        return None
    members = list(SeriesMember.objects.filter(series_id=document.series_id).select_related("document").in_order())
    me = next((m for m in members if m.document_id == document.id), None)
    if me is None:
        return None
    links = MemberLinks(me)
    by_symbol = {m.symbol: m for m in members if m.symbol}
    if me.kind == "resolution":
        links.takes_note_of = by_symbol.get(me.takes_note_of)
        links.requests = next((m for m in members if m.kind == "report" and m.session == me.requests_session), None)
    else:
        links.answers = by_symbol.get(me.answers)
        links.noted_by = next((m for m in members if m.kind == "resolution" and m.takes_note_of == me.symbol), None)
    return links
