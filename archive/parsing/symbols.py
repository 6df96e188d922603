"""Document symbols cited in running text: "in its resolution 62/132", "(A/HRC/11/7/Add.2, para. 91)".

Pure Python: returns spans and the symbol each names; the ingest stores them (with the session
a paragraph asks a report for) and the pages link what was stored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .ordinals import requested_session_span

RESOLUTION_RE = re.compile(
    r"\b(?P<word>[Rr]esolutions?)\s+(?P<numbers>(?:S-)?\d{1,3}/\d{1,4}(?:\s*(?:,|and)\s*(?:S-)?\d{1,3}/\d{1,4})*)"
)
NUMBER_RE = re.compile(r"(?:S-)?\d{1,3}/\d{1,4}")
SYMBOL_RE = re.compile(r"\b(?:A|E|S|ST|CEDAW|CMW|CRC|CCPR|UNW)/(?:[A-Z0-9][A-Za-z0-9.\-]*/)*[A-Z0-9][A-Za-z0-9.\-]*")
BODY_RE = re.compile(r"General Assembly|Human Rights Council|Council|Commission")
SENTENCE_END_RE = re.compile(r"[.;]\s")


def symbol_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, symbol) for every resolution number and document symbol in ``text``."""
    spans: list[tuple[int, int, str]] = []
    sentence_ends: list[int] | None = None
    for m in RESOLUTION_RE.finditer(text):
        # the body named last in the sentence so far adopted it
        if sentence_ends is None:
            sentence_ends = [e.end() for e in SENTENCE_END_RE.finditer(text)]
        i = bisect_right(sentence_ends, m.start())
        bodies = BODY_RE.findall(text, sentence_ends[i - 1] if i else 0, m.start())
        prefix = "A/RES/"
        if bodies and bodies[-1] != "General Assembly":
            if bodies[-1] != "Human Rights Council":
                continue  # other bodies' resolutions have symbols of their own
            prefix = "A/HRC/RES/"
        for n in NUMBER_RE.finditer(m.group("numbers")):
            start = m.start("numbers") + n.start()
            spans.append((start, start + len(n.group()), prefix + n.group()))
    taken = [(s, e) for s, e, _ in spans]
    for m in SYMBOL_RE.finditer(text):
        symbol = m.group().rstrip(".-")
        if "/" not in symbol or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        spans.append((m.start(), m.start() + len(symbol), symbol))
    return sorted(spans)


@dataclass(frozen=True)
class LinkedSpan:
    """A stretch of a paragraph's text a page links: a symbol it names, or a session it asks a report for."""

    start: int
    end: int
    kind: str  # "symbol" | "session"
    symbol: str = ""
    session: int | None = None


def linked_spans(text: str, symbols: list[tuple[int, int, str]] | None = None) -> list[LinkedSpan]:
    """Every symbol ``text`` names and the (last) session it asks a report for, in text order;
    ``symbols``: the text's ``symbol_spans`` when the caller has them already."""
    symbols = symbol_spans(text) if symbols is None else symbols
    spans = [LinkedSpan(start, end, "symbol", symbol=symbol) for start, end, symbol in symbols]
    if (found := requested_session_span(text)) is not None:
        spans.append(LinkedSpan(found[0], found[1], "session", session=found[2]))
    return sorted(spans, key=lambda s: (s.start, s.kind))
