"""Plain text with offsets → mixed XML content (ElementTree), for the AKN export.

The archive stores clean text and puts everything else at character offsets: footnote
markers (``FootnoteReference.offset``), the opening phrase (a prefix of the text), the
words a citation was read from (``Citation.raw``, a substring of the footnote). This
module turns "text + spans + zero-width insertions" into nested elements, which is
the one fiddly part of writing mixed content with ElementTree (``text``/``tail``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def q(tag: str) -> str:
    """A tag of the AKN vocabulary: unqualified, the root declares AKN as the default namespace.

    (ElementTree's ``default_namespace`` option refuses unqualified attribute names,
    and every AKN attribute is unqualified.)
    """
    return tag


@dataclass(order=True)
class Span:
    """An element around ``text[start:end]``."""

    start: int
    end: int
    tag: str = field(compare=False)
    attrs: dict = field(default_factory=dict, compare=False)


def nested(spans: list[Span]) -> list[Span]:
    """The spans that nest properly, outer first; a span crossing an accepted one is dropped."""
    accepted: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if s.start >= s.end:
            continue
        if all(s.end <= a.start or s.start >= a.end or (a.start <= s.start and s.end <= a.end) for a in accepted):
            accepted.append(s)
    return accepted


def fill(
    parent: ET.Element, text: str, spans: list[Span] = (), points: dict[int, list[ET.Element]] | None = None
) -> None:
    """Write ``text`` into ``parent`` with ``spans`` as elements and ``points`` inserted at offsets.

    At one offset, spans that end there close first, then the insertions follow, then
    spans that start there open: a footnote marker right after the opening phrase
    stands after the italic span, as in the printed text.
    """
    points = {min(max(k, 0), len(text)): v for k, v in (points or {}).items()}
    spans = nested(list(spans))
    opens: dict[int, list[Span]] = {}
    closes: dict[int, int] = {}
    for s in spans:
        opens.setdefault(s.start, []).append(s)
        closes[s.end] = closes.get(s.end, 0) + 1
    bounds = sorted({0, len(text), *points, *opens, *closes})
    stack = [parent]
    for i, at in enumerate(bounds):
        for _ in range(closes.get(at, 0)):
            stack.pop()
        for el in points.get(at, []):
            stack[-1].append(el)
        for s in opens.get(at, []):
            stack.append(ET.SubElement(stack[-1], q(s.tag), s.attrs))
        if i + 1 < len(bounds):
            _append_text(stack[-1], text[at : bounds[i + 1]])


def _append_text(el: ET.Element, chunk: str) -> None:
    if not chunk:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + chunk
    else:
        el.text = (el.text or "") + chunk


# --- citations in footnotes ------------------------------------------------------

_SYMBOL_KEY_RE = re.compile(r"^[A-Z][A-Z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+$")
_ANNEX_RE = re.compile(r"/annex(?:-[A-Za-z0-9]+)?$")
_RES_NUMBER_RE = re.compile(r"/RES/((?:[A-Z]+-)?\d+/\d+)$")


def symbol_of(key: str) -> str | None:
    """The UN document symbol behind a citation key ('A/RES/55/25/annex-II' → 'A/RES/55/25')."""
    if not key or ":" in key or not _SYMBOL_KEY_RE.match(key):
        return None
    return _ANNEX_RE.sub("", key)


def undocs_url(symbol: str) -> str:
    return f"https://undocs.org/{symbol}"


def citation_spans(text: str, citations: list, instrument_href) -> list[Span]:
    """Links in a footnote: document symbols → undocs.org, Treaty Series citations → their instrument.

    ``citations`` are ``Citation`` rows in order, their ``raw`` a substring of ``text``;
    ``instrument_href(key)`` gives the link of an instrument. Several treaties read from
    one phrase ("vols. 2171 and 2173, No. 27531") each get their own volume number.
    """
    spans: list[Span] = []
    cursor = 0
    taken: set[tuple[int, int]] = set()
    shared = Counter(c.raw for c in citations if c.instrument.kind == "treaty")
    for c in citations:
        start = text.find(c.raw, cursor) if c.raw else -1
        if start < 0 and c.raw:
            start = text.find(c.raw)
        if start < 0:
            continue
        end = start + len(c.raw)
        cursor = start
        if c.instrument.kind == "treaty":
            where = (start, end)
            if shared[c.raw] > 1:  # one phrase, several treaties: each its volume number
                where = _volume_within(text, start, end, c.instrument.key)
            if where and where not in taken:
                taken.add(where)
                spans.append(Span(*where, "ref", {"href": instrument_href(c.instrument.key)}))
        symbol = symbol_of(c.cited_key) or symbol_of(c.instrument.key)
        if symbol:
            found = _symbol_within(text, start, end, symbol)
            if found:
                spans.append(Span(*found, "a", {"href": undocs_url(symbol)}))
    return spans


def _volume_within(text: str, start: int, end: int, key: str) -> tuple[int, int] | None:
    m = re.match(r"UNTS:(\d+):", key)
    if not m:
        return None
    hits = [h for h in re.finditer(rf"\b{m.group(1)}\b", text[start:end])]
    return (start + hits[0].start(), start + hits[0].end()) if len(hits) == 1 else None


def _symbol_within(text: str, start: int, end: int, symbol: str) -> tuple[int, int] | None:
    """Where the symbol is printed: in full, or as a resolution number ('66/138', 'S-23/2')."""
    tokens = [symbol]
    if m := _RES_NUMBER_RE.search(symbol):
        tokens.append(m.group(1))
    for token in tokens:
        m = re.search(r"(?<![\w/])" + re.escape(token) + r"(?![\w/])", text[start:end])
        if m:
            return (start + m.start(), start + m.end())
    return None
