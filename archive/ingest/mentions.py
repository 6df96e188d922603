"""What a document's paragraphs name in their own words, as rows to persist: the text mentions of
instruments and documents (``archive.parsing.mentions``), and the spans its page links
(``archive.parsing.symbols``). Rows are tuples in the column order ``persist`` copies them with."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache

from archive.citations.resolve import AUTHORITY, authority_digest
from archive.parsing.document import ParsedDocument, ParsedParagraph
from archive.parsing.mentions import MentionFinder, name_patterns
from archive.parsing.symbols import linked_spans


@lru_cache(maxsize=4)
def _finder(digest: str) -> MentionFinder:
    """One finder per version of the authority file (the digest is the cache key)."""
    return MentionFinder(name_patterns(json.loads(AUTHORITY.read_text(encoding="utf-8"))["instruments"]))


def finder() -> MentionFinder:
    return _finder(authority_digest())


def mention_rows(doc: ParsedDocument, paragraph_ids: list[int]) -> list[tuple]:
    """(paragraph id, key, kind, start, end, text) of every mention in the paragraphs but headings;
    ``paragraph_ids`` are the paragraphs' ids in ``doc``'s order. A key found twice at one place is one row."""
    find = finder().find
    rows: dict[tuple, tuple] = {}
    for p, pk in zip(doc.paragraphs, paragraph_ids):
        if p.kind == "heading":
            continue
        for m in find(p.text, [r.offset for r in p.refs], doc.symbol or ""):
            key = m.key[:300]
            rows.setdefault((pk, m.start, key), (pk, key, m.kind, m.start, m.end, m.text[:1000]))
    return list(rows.values())


def text_span_rows(paragraphs: list[ParsedParagraph], paragraph_ids: list[int]) -> Iterator[tuple]:
    """(paragraph id, kind, start, end, symbol, session) of the linked spans of every paragraph's
    English text (headings too: they cite symbols as well)."""
    for p, pk in zip(paragraphs, paragraph_ids):
        for s in linked_spans(p.text):
            yield (pk, s.kind, s.start, s.end, s.symbol[:300], s.session)
