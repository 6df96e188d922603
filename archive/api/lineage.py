"""Compare and history as JSON and CSV: the lineage pages' result sets in the researchers' formats.

The same parameters as the pages (``from``, ``to``, ``changes`` on compare), read the way
search reads symbols (``74/127``, ``a/res/74/127``); a symbol that is not a resolution of
the series is a 400 that says so (the HTML page falls back to the last two instead).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from archive.documents.assembly import get_document
from archive.documents.languages import localize, localize_rows, localize_titles, localize_versions
from archive.documents.typed_symbols import typed_symbol
from archive.lineage import queries as lineage
from archive.lineage.text import word_diff
from archive.models import Document, Paragraph, Series
from archive.parsing.languages import Language

from . import serializers as ser
from .errors import ApiError


def compare_inputs(slug: str, params):
    """(series, a, b, rows, counts, only_changes) for the compare endpoints."""
    series = get_object_or_404(Series, slug=slug)
    resolutions = list(Document.objects.resolutions().filter(series=series).order_by("session"))
    if len(resolutions) < 2:
        raise ApiError(404, "This series has fewer than two resolutions.")
    by_symbol = {d.symbol.casefold(): d for d in resolutions}
    chosen = []
    for name, raw, default in (("from", params.from_, resolutions[-2]), ("to", params.to, resolutions[-1])):
        if raw == "":
            chosen.append(default)
            continue
        found = by_symbol.get(typed_symbol(raw).casefold())
        if found is None:
            raise ApiError(
                400,
                f"{name}: {typed_symbol(raw)} is not a resolution of this series held by the archive "
                f"(it holds {', '.join(d.symbol for d in resolutions)}).",
                {name: ["not in the series"]},
            )
        chosen.append(found)
    a, b = sorted(chosen, key=lambda d: d.session)
    rows, counts = lineage.compare(a, b)
    only = params.changes == "1"
    return series, a, b, [r for r in rows if r.status != "unchanged"] if only else rows, counts, only


def _para(p: Paragraph, links) -> dict:
    """The paragraph's text in the language localized (``archive.documents.languages.localize``), else English."""
    return {
        "anchor": p.anchor,
        "label": p.label,
        "citation": f"{p.document.symbol}, {p.label}",
        "text": getattr(p, "shown_text", p.text),
        "language": getattr(p, "shown_lang", "en"),
        "links": links.paragraph(p.document.symbol, p.anchor),
    }


def compare_json(request, slug: str, params) -> dict:
    series, a, b, rows, counts, only = compare_inputs(slug, params)
    lang = params.language(request)
    localize_rows(rows, lang)
    localize_titles([a, b], lang)
    links = ser.Links(request, lang)
    return {
        "series": {"slug": series.slug, "title": series.title},
        "from": ser.document_ref(a, links),
        "to": ser.document_ref(b, links),
        "only_changes": only,
        "language": lang.code,
        "counts": {k: int(v) for k, v in counts.items()},
        "rows": [
            {
                "status": r.status,
                "moved": r.moved,
                "opening_change": r.opening_change,
                "from": [_para(p, links) for p in r.old],
                "to": [_para(p, links) for p in r.new],
                "diff": str(r.diff) if r.diff else None,
            }
            for r in rows
        ],
    }


def history_inputs(symbol: str, anchor: str):
    document = get_document(symbol)
    paragraph = get_object_or_404(Paragraph.objects.select_related("document"), document=document, anchor=anchor)
    versions, dropped = lineage.versions(paragraph)
    return document, paragraph, versions, dropped


def version_changes(previous, v) -> str:
    """The word diff from the version before as text: [-deleted-] {+inserted+}."""
    if v.link is None or previous is None:
        return ""
    ops = v.link.diff or (
        word_diff(previous.paragraph.text, v.paragraph.text) if previous.paragraph.text != v.paragraph.text else []
    )
    return " ".join(f"[-{t}-]" if op == "delete" else f"{{+{t}+}}" if op == "insert" else t for op, t in ops)


def history_json(request, symbol: str, anchor: str, lang: Language) -> dict:
    document, paragraph, versions, dropped = history_inputs(symbol, anchor)
    changes = [version_changes(previous, v) or None for previous, v in zip([None, *versions], versions)]
    localize_versions(versions, lang)  # the texts in the language; the changes stay the English word diff
    localize([paragraph], lang)
    localize_titles([v.paragraph.document for v in versions] + ([dropped.alignment.new] if dropped else []), lang)
    links = ser.Links(request, lang)
    return {
        "language": lang.code,
        "paragraph": _para(paragraph, links),
        "versions": [
            {
                "document": ser.document_ref(v.paragraph.document, links),
                "session": v.paragraph.document.session,
                "paragraph": _para(v.paragraph, links),
                "status": v.link.status if v.link else "first",
                "opening_shift": (v.link.opening_shift or None) if v.link and v.link.opening_changed else None,
                "changes": change,
            }
            for v, change in zip(versions, changes)
        ],
        "dropped_in": ser.document_ref(dropped.alignment.new, links) if dropped else None,
    }
