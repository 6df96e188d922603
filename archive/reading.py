"""What a document page shows, built in a fixed number of queries (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from archive.models import Citation, Document, Footnote, FootnoteReference, Paragraph
from archive.rendering import Marker, marker_ids, paragraph_html


@dataclass
class FootnoteView:
    footnote: Footnote
    backrefs: list[tuple[str, str]] = field(default_factory=list)  # (marker id, paragraph label)


@dataclass
class ParagraphView:
    paragraph: Paragraph
    html: str
    footnote_numbers: list[int]


def get_document(symbol: str) -> Document:
    try:
        return Document.objects.select_related("series", "answers").get(symbol=symbol)
    except Document.DoesNotExist:
        raise Http404(f"No document {symbol}") from None


def document_page(document: Document, footnote_href: str = "") -> dict:
    paragraphs = list(
        Paragraph.objects.filter(document=document).select_related("origin__document").order_by("position")
    )
    for p in paragraphs:
        p.document = document
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
    views = [
        ParagraphView(p, paragraph_html(p.text, p.opening, markers.get(p.id, []), footnote_href), [m.number for m in markers.get(p.id, [])])
        for p in paragraphs
    ]
    return {
        "document": document,
        "preambular": [v for v in views if v.paragraph.kind == "preambular"],
        "body": [v for v in views if v.paragraph.kind != "preambular"],
        "paragraphs": views,
        "footnotes": list(by_number.values()),
        "toc": _toc(document, views),
        "previous": _neighbour(document, before=True),
        "next": _neighbour(document, before=False),
        "answered_by": list(document.answered_by.all().only("symbol", "title", "kind")) if document.is_resolution else [],
    }


def _toc(document: Document, views: list[ParagraphView]) -> list[tuple[str, str]]:
    """Report: its section headings. Resolution: preamble, operative part, footnotes."""
    if not document.is_resolution:
        return [(v.paragraph.anchor, f"{v.paragraph.number}. {v.paragraph.text}" if v.paragraph.number else v.paragraph.text)
                for v in views if v.paragraph.kind == "heading"]
    toc = []
    if any(v.paragraph.kind == "preambular" for v in views):
        toc.append(("preamble", "Preamble"))
    if any(v.paragraph.kind == "operative" for v in views):
        toc.append(("operative", "Operative paragraphs"))
    return toc


def _neighbour(document: Document, before: bool) -> Document | None:
    if document.series_id is None:
        return None
    qs = Document.objects.filter(series_id=document.series_id, kind=document.kind).only("symbol", "title", "session")
    if before:
        return qs.filter(session__lt=document.session).order_by("-session").first()
    return qs.filter(session__gt=document.session).order_by("session").first()
