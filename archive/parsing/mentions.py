"""Instruments and documents a paragraph names in its own words, without a footnote.

A resolution footnotes an instrument the first time it names it and names it bare
afterwards ("to consider signing and ratifying or acceding to the International
Convention on the Protection of the Rights of All Migrant Workers and Members of Their
Families"); a report rarely footnotes at all. Counting footnotes alone would miss those
paragraphs. Names come from the authority file (each instrument's title, a protocol's
title without its "supplementing …" clause, and the extra ``names`` an entry lists);
documents are found by their symbols ("resolution 70/130", "A/74/235"). A name with a
footnote marker right after it is the footnote's citation, not a text mention.

Pure Python: the ingest persists what this finds; nothing is searched at request time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .symbols import symbol_spans

NAMED_KINDS = ("treaty", "resolution", "publication")  # documents (reports) share titles: found by symbol
MIN_WORDS = 3  # "Political declaration" names nothing on its own
MARKER_GAP = 2  # a marker this close after a name belongs to it ("Families,¹⁰")


@dataclass(frozen=True)
class NamePattern:
    key: str  # the instrument's canonical key in the authority file
    name: str


@dataclass(frozen=True)
class FoundMention:
    start: int
    end: int
    key: str  # instrument key (kind "name") or document symbol (kind "symbol")
    kind: str  # "name" | "symbol"
    text: str


def name_patterns(entries: list[dict]) -> list[NamePattern]:
    """The names to look for, from the authority file's entries; a name two instruments share is dropped."""
    seen: dict[str, set[str]] = {}
    for e in entries:
        title = e.get("title")
        # each name is {"name": ..., "source": ...} (where the short name comes from); a bare string is read too
        given = [n["name"] if isinstance(n, dict) else n for n in e.get("names") or []]
        names = list(given)
        if title and e.get("kind") in NAMED_KINDS:
            names.append(title)
            if ", supplementing " in title:
                names.append(title.split(", supplementing ")[0])
        for name in names:
            if len(name.split()) >= MIN_WORDS or name in given:
                seen.setdefault(name, set()).add(e["key"])
    return sorted(
        (NamePattern(next(iter(keys)), name) for name, keys in seen.items() if len(keys) == 1),
        key=lambda p: (-len(p.name), p.name),
    )


def _flexible(name: str) -> str:
    """A name as a pattern: any run of spaces, either quote or dash."""
    out = []
    for ch in name:
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in "'’":
            out.append("['’]")
        elif ch in "-–‑":
            out.append("[-–‑]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_FOLD = str.maketrans({"’": "'", "–": "-", "‑": "-"})


def _canon(name: str) -> str:
    return re.sub(r"\s+", " ", name).translate(_FOLD)


class MentionFinder:
    def __init__(self, patterns: list[NamePattern]):
        self._norm = {_canon(p.name): p.key for p in patterns}
        alternatives = "|".join(_flexible(p.name) for p in patterns)  # longest first: the regex takes the first
        self._re = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if patterns else None

    def find(
        self, text: str, markers: list[int], own_symbol: str = "", spans: list[tuple[int, int, str]] | None = None
    ) -> list[FoundMention]:
        """Names and symbols in ``text`` with no footnote marker right after them (``markers``: offsets);
        ``spans``: the text's ``symbol_spans`` when the caller has them already."""

        def footnoted(end: int) -> bool:
            return any(end <= m <= end + MARKER_GAP for m in markers)

        found: list[FoundMention] = []
        if self._re is not None:
            for m in self._re.finditer(text):
                if footnoted(m.end()):
                    continue
                key = self._norm.get(_canon(m.group()))
                if key is not None:
                    found.append(FoundMention(m.start(), m.end(), key, "name", m.group()))
        taken = [(f.start, f.end) for f in found]
        for start, end, symbol in symbol_spans(text) if spans is None else spans:
            if symbol == own_symbol or footnoted(end) or any(s <= start < e for s, e in taken):
                continue
            found.append(FoundMention(start, end, symbol, "symbol", text[start:end]))
        return sorted(found, key=lambda f: f.start)
