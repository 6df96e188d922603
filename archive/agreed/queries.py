"""Where a paragraph's agreed language also stands: the pairs ingest stored, as pages show them."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join

from archive.lineage.text import word_diff
from archive.models import ParagraphReach, SharedLanguage

SHOWN = 200  # pairs listed on a paragraph page (the count says how many there are)


def reach_of(document) -> dict[int, int]:
    """Paragraph id -> other documents sharing its language, for one document's paragraphs (one query)."""
    return dict(
        ParagraphReach.objects.filter(paragraph__document=document, documents__gt=0).values_list(
            "paragraph_id", "documents"
        )
    )


# what a listed pair shows: the other paragraph's label and address, its document's symbol and title.
# Not the documents' JSON (votes, sponsors, anomalies, digests): two documents a pair, decoded, were
# most of the page's time for a paragraph with a hundred pairs
SHOWN_FIELDS = (
    "similarity",
    "match",
    "other__anchor",
    "other__kind",
    "other__number",
    "other__ordinal",
    "other__document_id",
    "other_document__symbol",
    "other_document__title",
)


def also_in(paragraph, start: int = 0, limit: int = SHOWN) -> dict:
    """The paragraph's pairs from ``start``, most similar first (at most ``limit``), and how many there
    are: one query when the list ends within them, two otherwise (the count), one more when the
    paragraph's reach is not already loaded."""
    qs = SharedLanguage.objects.of(paragraph.id).select_related(None).select_related("other", "other_document")
    pairs = list(qs.only(*SHOWN_FIELDS)[start : start + limit])
    for pair in pairs:  # the other paragraph's document is the pair's: its address without a query
        pair.other.document = pair.other_document
    ended = len(pairs) < limit and (pairs or not start)  # the slice reached the end: it counts them
    total = start + len(pairs) if ended else qs.count()
    try:
        reach = paragraph.reach
    except ParagraphReach.DoesNotExist:
        reach = None
    return {
        "pairs": pairs,
        "total": total,
        "documents": reach.documents if reach else 0,
        "boilerplate": bool(reach and reach.boilerplate),
        "compared": reach is not None,
        "shown": limit,
    }


def redline(a: str, b: str) -> str:
    """The word diff from ``a`` to ``b`` as HTML: deletions struck, insertions marked."""
    tags = {"equal": "span", "delete": "del", "insert": "ins"}
    return format_html_join(" ", "<{0}>{1}</{0}>", ((tags[op], text) for op, text in word_diff(a, b)))


def compare_context(paragraph, other) -> dict:
    pair = SharedLanguage.objects.filter(paragraph=paragraph, other=other).first()
    return {
        "pair": pair,
        "diff": redline(paragraph.text, other.text),
        "similarity_pct": format_html("{}%", round(pair.similarity * 100)) if pair else "",
    }
