"""What a document's paragraphs name in their own words, as rows to persist: the text mentions of
instruments and documents (``archive.parsing.mentions``), and the spans its page links
(``archive.parsing.symbols``). Rows are tuples in the column order ``persist`` copies them with."""

from __future__ import annotations

import json
from functools import lru_cache

from archive.citations.resolve import AUTHORITY, authority_digest
from archive.parsing.document import ParsedDocument
from archive.parsing.mentions import MentionFinder, name_patterns
from archive.parsing.symbols import linked_spans, symbol_spans


@lru_cache(maxsize=4)
def _finder(digest: str) -> MentionFinder:
    """One finder per version of the authority file (the digest is the cache key)."""
    return MentionFinder(name_patterns(json.loads(AUTHORITY.read_text(encoding="utf-8"))["instruments"]))


def finder() -> MentionFinder:
    return _finder(authority_digest())


def text_rows(doc: ParsedDocument, document_id: int, paragraph_ids: list[int]) -> tuple[list[tuple], list[tuple]]:
    """The rows of what ``doc``'s paragraphs name, ``paragraph_ids`` being their ids in its order:
    mentions (paragraph id, document id, paragraph position, key, kind, start, end, text) in every
    paragraph but headings, a key found twice at one place once; and the linked spans (paragraph id,
    kind, start, end, symbol, session) of every paragraph's English text, headings too (they cite
    symbols as well)."""
    find = finder().find
    mentions: dict[tuple, tuple] = {}
    spans: list[tuple] = []
    for position, (p, pk) in enumerate(zip(doc.paragraphs, paragraph_ids)):
        symbols = symbol_spans(p.text)  # both read them
        if p.kind != "heading":
            for m in find(p.text, [r.offset for r in p.refs], doc.symbol or "", symbols):
                key = m.key[:300]
                mentions.setdefault(
                    (pk, m.start, key), (pk, document_id, position, key, m.kind, m.start, m.end, m.text[:1000])
                )
        spans += [(pk, s.kind, s.start, s.end, s.symbol[:300], s.session) for s in linked_spans(p.text, symbols)]
    return list(mentions.values()), spans
