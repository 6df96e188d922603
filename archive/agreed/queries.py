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


def compare_context(paragraph, other, lang) -> dict:
    """The pair of ``paragraph`` and ``other`` (None when they share no agreed language), both in ``lang`` where
    it has a text of each (``shown_text``, ``shown_lang``, ``in_english``: ``localize``) with their documents'
    titles (``sides``), and the diff in ``lang`` when both are in it, else the English one (``diff_lang`` says which); the
    languages either paragraph is held in, for the switcher."""
    from archive.documents.languages import localize, text_diff
    from archive.models import DocumentVersion, ParagraphText
    from archive.parsing.languages import LANGUAGES, REFERENCE

    pair = SharedLanguage.objects.filter(paragraph=paragraph, other=other).first()
    both = [paragraph, other]
    localize(both, lang)
    titles = {}
    if lang.code != REFERENCE:
        titles = dict(
            DocumentVersion.objects.filter(document__in=[p.document_id for p in both], language=lang.code).values_list(
                "document_id", "title"
            )
        )
    for p in both:
        title = titles.get(p.document_id)
        p.shown_title, p.title_lang, p.title_dir = (
            (title, lang.code, lang.direction) if title else (p.document.title, REFERENCE, "ltr")
        )
    held = set(ParagraphText.objects.filter(paragraph__in=[p.id for p in both]).values_list("language", flat=True))
    in_lang = lang.code != REFERENCE and not any(p.in_english for p in both)
    return {
        "pair": pair,
        "sides": both,
        "diff": text_diff(paragraph.shown_text, other.shown_text, lang)
        if in_lang
        else redline(paragraph.text, other.text),
        "diff_lang": lang if in_lang else LANGUAGES[REFERENCE],
        "similarity_pct": format_html("{}%", round(pair.similarity * 100)) if pair else "",
        "held": [c for c in LANGUAGES if c == REFERENCE or c in held],
    }
