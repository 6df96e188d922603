"""Paragraph text to HTML: opening phrase in italics, footnote markers as superscript links.

The text is escaped piece by piece, so nothing from a source can inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Marker:
    offset: int
    number: int
    ref_id: str  # the id of this marker, target of the footnote's back-link


@dataclass
class Span:
    """A stretch of the text that links somewhere: a cited symbol, a requested report."""

    start: int
    end: int
    href: str
    title: str = ""


def paragraph_html(
    text: str, opening: str, markers: list[Marker], footnote_href: str = "", spans: list[Span] | None = None
) -> SafeString:
    """Escape ``text``, italicise ``opening`` where the text starts with it, link ``spans``, insert markers.

    The text is cut at every boundary (end of the opening, markers, span ends) and each
    piece is escaped and wrapped on its own, so the markup is always well formed.
    """
    spans = sorted(spans or [], key=lambda sp: sp.start)
    cut = len(opening) if opening and text.startswith(opening) else 0
    at: dict[int, list[Marker]] = {}
    for m in markers:
        at.setdefault(min(max(m.offset, 0), len(text)), []).append(m)
    bounds = sorted({0, cut, len(text), *at, *[sp.start for sp in spans], *[sp.end for sp in spans]})
    pieces: list[str] = []
    for start, end in zip(bounds, bounds[1:] + [None]):
        pieces.extend(_marker_html(m, footnote_href) for m in at.get(start, []))
        if end is None:
            break
        chunk = str(escape(text[start:end]))
        if start < cut:
            chunk = f'<em class="opening">{chunk}</em>'
        span = next((sp for sp in spans if sp.start <= start and end <= sp.end), None)
        if span is not None and chunk:
            chunk = str(format_html('<a class="cited" href="{}" title="{}">', span.href, span.title)) + chunk + "</a>"
        pieces.append(chunk)
    return mark_safe("".join(pieces))


def _marker_html(m: Marker, footnote_href: str) -> str:
    return str(
        format_html(
            '<sup class="fn-marker"><a href="{}#fn{}" id="{}" aria-label="Footnote {}">{}</a></sup>',
            footnote_href,
            m.number,
            m.ref_id,
            m.number,
            m.number,
        )
    )
