"""Persist what a document's paragraphs name in their own words: the text mentions of instruments
and documents (``archive.parsing.mentions``), and the spans its page links (``archive.parsing.symbols``)."""

from __future__ import annotations

import json
from functools import lru_cache

from archive.citations.resolve import AUTHORITY, authority_digest
from archive.models import Mention, Paragraph, TextSpan
from archive.parsing.document import ParsedDocument
from archive.parsing.mentions import MentionFinder, name_patterns
from archive.parsing.symbols import linked_spans


@lru_cache(maxsize=4)
def _finder(digest: str) -> MentionFinder:
    """One finder per version of the authority file (the digest is the cache key)."""
    return MentionFinder(name_patterns(json.loads(AUTHORITY.read_text(encoding="utf-8"))["instruments"]))


def finder() -> MentionFinder:
    return _finder(authority_digest())


def save_mentions(doc: ParsedDocument, rows: list[Paragraph]) -> int:
    """Find and write the mentions of every paragraph; ``rows`` are the saved paragraphs in ``doc``'s order."""
    find = finder().find
    mentions = [
        Mention(paragraph=row, key=m.key[:300], kind=m.kind, start=m.start, end=m.end, text=m.text[:1000])
        for p, row in zip(doc.paragraphs, rows)
        if row.kind != "heading"
        for m in find(p.text, [r.offset for r in p.refs], doc.symbol or "")
    ]
    Mention.objects.bulk_create(mentions, ignore_conflicts=True)
    return len(mentions)


def text_spans(rows: list[Paragraph]) -> list[TextSpan]:
    """The linked spans of every paragraph's English text (headings too: they cite symbols as well)."""
    return [
        TextSpan(paragraph=row, kind=s.kind, start=s.start, end=s.end, symbol=s.symbol[:300], session=s.session)
        for row in rows
        for s in linked_spans(row.text)
    ]


def save_text_spans(rows: list[Paragraph]) -> int:
    spans = text_spans(rows)
    TextSpan.objects.bulk_create(spans)
    return len(spans)
