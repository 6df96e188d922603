"""Lineage queries: a paragraph's versions through its series, and the comparison of two resolutions."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.lineage.align import align, word_diff
from archive.lineage.openings import opening_shift
from archive.models import Document, Paragraph, ParagraphLink

MAX_STEPS = 100


def diff_html(ops) -> SafeString:
    """A word-level redline: deletions struck through, insertions underlined."""
    out = []
    for op, text in ops:
        text = escape(text)
        out.append(f"<del>{text}</del>" if op == "delete" else f"<ins>{text}</ins>" if op == "insert" else str(text))
    return mark_safe(" ".join(out))


@dataclass
class Version:
    paragraph: Paragraph
    link: ParagraphLink | None  # the link from the previous version (None for the first)
    diff: SafeString | None


def _step(paragraph: Paragraph, backward: bool) -> ParagraphLink | None:
    if backward:
        qs = ParagraphLink.objects.filter(new_paragraph=paragraph, old_paragraph__isnull=False)
        return qs.select_related("old_paragraph__document").order_by("position").first()
    qs = ParagraphLink.objects.filter(old_paragraph=paragraph, new_paragraph__isnull=False)
    return qs.select_related("new_paragraph__document").order_by("position").first()


def versions(paragraph: Paragraph) -> tuple[list[Version], ParagraphLink | None]:
    """Every version of the paragraph oldest first, and the link that dropped it (if it was)."""
    chain = [paragraph]
    links: list[ParagraphLink | None] = []
    p = paragraph
    for _ in range(MAX_STEPS):
        link = _step(p, backward=True)
        if link is None:
            break
        chain.insert(0, link.old_paragraph)
        links.insert(0, link)
        p = link.old_paragraph
    p = paragraph
    for _ in range(MAX_STEPS):
        link = _step(p, backward=False)
        if link is None:
            break
        chain.append(link.new_paragraph)
        links.append(link)
        p = link.new_paragraph
    dropped = ParagraphLink.objects.filter(old_paragraph=p, new_paragraph__isnull=True).select_related("alignment__new").first()
    out = [Version(chain[0], None, None)]
    for prev, link, current in zip(chain, links, chain[1:]):
        diff = diff_html(link.diff) if link.diff else (None if prev.text == current.text else diff_html(word_diff(prev.text, current.text)))
        out.append(Version(current, link, diff))
    return out, dropped


@dataclass
class Row:
    status: str
    old: list[Paragraph]
    new: list[Paragraph]
    diff: SafeString | None
    opening_change: str | None
    moved: bool


def compare(old_doc: Document, new_doc: Document) -> tuple[list[Row], dict[str, int]]:
    """Align any two resolutions (not only neighbours) and return side-by-side rows."""
    old_paras = list(Paragraph.objects.body().filter(document=old_doc).order_by("position"))
    new_paras = list(Paragraph.objects.body().filter(document=new_doc).order_by("position"))
    for doc, paras in ((old_doc, old_paras), (new_doc, new_paras)):
        for p in paras:
            p.document = doc  # no query per paragraph for its links
    rows, counts = [], {}
    for link in align(old_paras, new_paras):
        counts[link.status] = counts.get(link.status, 0) + 1
        shift = None
        if link.opening_changed:
            shift = f"{link.old_opening} → {link.new_opening}" + (f" ({link.opening_shift})" if link.opening_shift else "")
        rows.append(Row(
            status=link.status, old=[old_paras[i] for i in link.old], new=[new_paras[j] for j in link.new],
            diff=diff_html(link.diff) if link.diff and link.status not in ("unchanged",) else None,
            opening_change=shift, moved=link.moved,
        ))
    return rows, counts


def series_documents(series_id: int) -> list[Document]:
    return list(Document.objects.filter(series_id=series_id).order_by("session", "kind", "symbol"))


__all__ = ["compare", "diff_html", "opening_shift", "series_documents", "versions"]
