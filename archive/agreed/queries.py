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


def also_in(paragraph) -> dict:
    """The paragraph's pairs, most similar first (at most ``SHOWN``), and how many there are: one
    query, two when the list is cut, three when the paragraph's reach is not already loaded."""
    qs = SharedLanguage.objects.of(paragraph.id)
    pairs = list(qs[:SHOWN])
    total = len(pairs) if len(pairs) < SHOWN else qs.count()
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
        "shown": SHOWN,
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
