"""What the pages and the API read of lineage: a document's lineage paragraph by paragraph, a paragraph's
versions through its series, and the comparison of any two resolutions of a series."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.lineage.align import align
from archive.lineage.text import word_diff
from archive.models import Alignment, Document, Paragraph, ParagraphLink, SeriesMember
from archive.series.timeline import gap_text

MAX_STEPS = 100


@dataclass
class Lineage:
    """A paragraph's place in its series, as the pages and the API state it.

    ``origin``: (symbol, anchor) of the earliest held version reached through links (all of
    similarity at least the aligner's threshold; the paragraph itself when new here).
    ``previous``: its version in the previous held resolution, with the kind of change and
    the similarity, or None when it is new since that resolution. ``missing_before``: the
    resolutions of the series between that previous held resolution and this document
    that the archive does not hold (what "new" or "amended" cannot see past).
    ``earlier_not_held``: whether members before the origin's resolution are not held (or
    the series began before its first listed member), so the origin is only the earliest
    version *in the archive*.
    """

    origin: tuple[str, str]
    previous: dict | None
    previous_document: str | None
    missing_before: list[str]
    earlier_not_held: bool

    @property
    def status(self) -> str:
        """new | unchanged | editorial | opening | amended | split | merged ('' without a previous member)."""
        if self.previous_document is None:
            return ""
        return self.previous["change"] if self.previous else "new"

    def as_api(self) -> dict:
        return {
            "origin": {"symbol": self.origin[0], "anchor": self.origin[1]},
            "previous": self.previous,
            "missing_before": self.missing_before,
        }


def document_lineage(document: Document, paragraphs: list[Paragraph]) -> dict[int, Lineage]:
    """Lineage of every body paragraph of a resolution, in a fixed number of queries; ``paragraphs``
    are read ``with_origin()`` (the assembly's)."""
    body = [p for p in paragraphs if p.kind != "heading"]
    if not body:
        return {}
    alignment = Alignment.objects.filter(new=document).select_related("old").first()
    previous: dict[int, dict] = {}
    # the same queries for every resolution, the first of a series included (no alignment: no rows)
    rows = (
        ParagraphLink.objects.filter(alignment__new=document, new_paragraph__isnull=False, old_paragraph__isnull=False)
        .order_by("position")
        .values_list("new_paragraph_id", "old_paragraph__anchor", "change", "similarity", "status")
    )
    for pid, anchor, change, similarity, status in rows:
        previous.setdefault(
            pid,
            {
                "symbol": alignment.old.symbol,
                "anchor": anchor,
                "change": change or status,
                "similarity": round(similarity, 4),
            },
        )
    origin_ids = {p.origin_id for p in body if p.origin_id}
    origins = {
        pid: (symbol, anchor, session)
        for pid, symbol, anchor, session in Paragraph.objects.filter(id__in=origin_ids).values_list(
            "id", "document__symbol", "anchor", "document__session"
        )
    }
    members = (
        list(
            SeriesMember.objects.filter(series_id=document.series_id, kind="resolution")
            .in_order()
            .values_list("session", "symbol", "document_id")
        )
        if document.series_id
        else []
    )
    began_before = bool(document.series_id and document.series.began)
    missing = []
    if alignment:
        missing = [
            s
            for session, s, held in members
            if held is None and s and alignment.old.session < session < document.session
        ]
    out = {}
    for p in body:
        symbol, anchor, session = origins.get(p.origin_id, (document.symbol, p.anchor, document.session))
        earlier = began_before or any(held is None and s < session for s, _, held in members)
        out[p.id] = Lineage(
            (symbol, anchor), previous.get(p.id), alignment.old.symbol if alignment else None, missing, earlier
        )
    return out


def diff_html(ops) -> SafeString:
    """A word-level redline: deletions struck through, insertions underlined."""
    out = []
    for op, text in ops:
        text = escape(text)
        out.append(f"<del>{text}</del>" if op == "delete" else f"<ins>{text}</ins>" if op == "insert" else str(text))
    return mark_safe(" ".join(out))


SHIFT_LABELS = {
    "strengthened": "strengthened",
    "weakened": "weakened",
    "same strength": "same strength",
    "sequence": "sequence word changed",
    "changed": "changed",
}
CHANGE_LABELS = {
    "unchanged": "unchanged",
    "editorial": "editorial change",
    "opening": "opening changed",
    "amended": "amended",
    "split": "split",
    "merged": "merged",
    "moved": "moved",
}


def opening_label(old: str | None, new: str | None, shift: str | None) -> str:
    """'Recognizing → Recognizing also (sequence word changed)'."""
    return f"{old} → {new}" + (f" ({SHIFT_LABELS.get(shift, shift)})" if shift else "")


@dataclass
class Version:
    paragraph: Paragraph
    link: ParagraphLink | None  # the link from the previous version (None for the first)
    diff: SafeString | None
    missing: list[SeriesMember] | None = None  # resolutions between the previous version's and this one, not held
    shown_similarity: float | None = None  # in another language: its texts' similarity; None in English
    language_note: str = ""  # where that language's texts and the English label disagree, said so

    @property
    def gap_text(self) -> str:
        return gap_text(self.missing or [])

    @property
    def opening_change(self) -> str:
        if not self.link or not self.link.opening_changed or self.link.old_paragraph is None:
            return ""
        return opening_label(self.link.old_paragraph.opening, self.paragraph.opening, self.link.opening_shift)


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
    dropped = (
        ParagraphLink.objects.filter(old_paragraph=p, new_paragraph__isnull=True)
        .select_related("alignment__new")
        .first()
    )
    out = [Version(chain[0], None, None)]
    series_id = paragraph.document.series_id
    members = (
        list(SeriesMember.objects.filter(series_id=series_id, kind="resolution").not_held().in_order())
        if series_id
        else []
    )
    for prev, link, current in zip(chain, links, chain[1:]):
        diff = (
            diff_html(link.diff)
            if link.diff
            else (None if prev.text == current.text else diff_html(word_diff(prev.text, current.text)))
        )
        missing = [m for m in members if prev.document.session < m.session < current.document.session]
        out.append(Version(current, link, diff, missing))
    return out, dropped


@dataclass
class Row:
    status: str
    old: list[Paragraph]
    new: list[Paragraph]
    diff: SafeString | None
    opening_change: str | None
    moved: bool
    change: str = ""  # see archive.lineage.align.CHANGES; empty for new and dropped
    similarity: float = 0.0

    @property
    def change_label(self) -> str:
        return CHANGE_LABELS.get(self.change, self.status)


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
        shift = opening_label(link.old_opening, link.new_opening, link.opening_shift) if link.opening_changed else None
        rows.append(
            Row(
                status=link.status,
                old=[old_paras[i] for i in link.old],
                new=[new_paras[j] for j in link.new],
                diff=diff_html(link.diff) if link.diff and link.status not in ("unchanged",) else None,
                opening_change=shift,
                moved=link.moved,
                change=link.change,
                similarity=link.similarity,
            )
        )
    return rows, counts
