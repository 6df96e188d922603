"""What a document's HTML page shows: the assembly (``archive.documents.assembly``) as paragraph
HTML, permalinks and lineage links, with the page's own parts (series navigation, gaps, member
links), in a fixed number of queries (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString

from archive.citations.formal import citation_prefix
from archive.lineage.queries import Lineage
from archive.models import Document, Paragraph, SeriesMember
from archive.parsing.languages import Language
from archive.series import timeline

from .assembly import AssembledDocument, AssembledParagraph, assemble
from .markup import paragraph_html


@dataclass
class ParagraphView:
    paragraph: Paragraph
    html: SafeString  # in the shown language
    footnote_numbers: list[int]
    permalink: str = ""
    history_url: str = ""
    lineage: Lineage | None = None  # its place in the series (resolutions of a series only)
    origin_url: str = ""  # permalink of the earliest held version, when elsewhere
    previous_url: str = ""  # permalink of its version in the previous held resolution
    lang: str = "en"  # the language the html is in
    dir: str = "ltr"
    fallback: bool = False  # shown in English: the language asked for has no text for it
    number: str = ""  # the number as the shown language prints it
    also_in: int = 0  # other documents that share its agreed language


def paragraph_view(p: AssembledParagraph, base: str, footnote_href: str = "") -> ParagraphView:
    """One paragraph of the page; ``base``: the document's address (no reverse() for each paragraph's links)."""
    line = p.lineage
    elsewhere = line is not None and line.origin[0] != p.paragraph.document.symbol
    shown = p.shown
    return ParagraphView(
        p.paragraph,
        paragraph_html(shown.text, shown.opening, shown.markers, footnote_href, shown.links),
        p.footnote_numbers,
        permalink=f"{base}para/{p.anchor}/",
        history_url=f"{base}para/{p.anchor}/history/" if p.paragraph.origin_id else "",
        lineage=line,
        origin_url=reverse("archive:paragraph", args=list(line.origin)) if elsewhere else "",
        previous_url=reverse("archive:paragraph", args=[line.previous["symbol"], line.previous["anchor"]])
        if line and line.previous
        else "",
        lang=shown.language,
        dir=shown.direction,
        fallback=shown.fallback,
        number=shown.number,
        also_in=p.also_in,
    )


def english_html(p: AssembledParagraph, footnote_href: str = "") -> SafeString:
    """The paragraph's English text as HTML, whatever language the assembly shows."""
    return paragraph_html(p.paragraph.text, p.paragraph.opening, p.markers, footnote_href, p.links)


def document_page(
    document: Document,
    footnote_href: str = "",
    lang: Language | None = None,
    held_languages: list[str] | None = None,
    assembled: AssembledDocument | None = None,
) -> dict:
    """The page in ``lang`` (default English): texts of that language over the English structure."""
    doc = assembled or assemble(document, lang, held_languages)
    base = document.get_absolute_url()
    views = [paragraph_view(p, base, footnote_href) for p in doc.paragraphs]
    previous, following, gap_before, gap_after = timeline.neighbours(document)
    return {
        "document": document,
        "assembled": doc,
        "members": _member_links(document),
        "gap_before": gap_before,
        "gap_after": gap_after,
        "gap_before_text": timeline.gap_text(gap_before),
        "compare_previous": previous if previous and document.is_resolution else None,
        "preambular": [v for v in views if v.paragraph.kind == "preambular"],
        "body": [v for v in views if v.paragraph.kind != "preambular"],
        "paragraphs": views,
        "footnotes": doc.footnotes,
        "toc": doc.headings,
        "previous": previous,
        "next": following,
        "answered_by": doc.answered_by,
        "record": doc.record,
        "cite_prefix": citation_prefix(document, doc.title, doc.title_language),
    }


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
