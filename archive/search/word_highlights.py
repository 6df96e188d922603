"""A page's highlights computed in Python from the texts it already holds, not by ``ts_headline``.

``ts_headline`` parses and stems each text again on every request: for the 20 hits of a page that was
most of a search's database time (French: 7 ms of 23). The texts come back with the ranking anyway,
and the query's lexemes are known (the tsquery PostgreSQL built, the matching's own), so each word of a
text is stemmed here with the Snowball stemmer of the language's configuration (PyStemmer, pinned to
the Snowball release PostgreSQL's stemmers agree with word for word: ``tests/search/test_word_highlights``
checks it on the whole collection) and marked when its stem is one of the query's lexemes. Stop words
need no list: the tsquery holds none. Excluded words are not marked. A hyphenated word is also
compared whole, as PostgreSQL indexes it (``health-care`` as ``health-car``).

The headline is cut as ``ts_headline`` cuts it with the options the pages used: up to ``FRAGMENTS``
fragments of at most ``MAX_WORDS`` words around the marked words, joined by `` … ``; a text of at most
``MAX_WORDS`` words is shown whole. Chinese, which no stemmer reads, is marked by its runs of characters
(``highlight_runs``).
"""

from __future__ import annotations

import functools
import re

import Stemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FRAGMENTS = 3
MAX_WORDS = 40
DELIMITER = " … "
WORD = re.compile(r"\w+(?:-\w+)*")
PART = re.compile(r"\w+")
# a lexeme in a tsquery's text: '...' with '' for a quote (and \\ for a backslash, as compile_query writes it)
LEXEME = re.compile(r"'((?:[^']|'')*)'")


@functools.cache
def stemmer(config: str) -> Stemmer.Stemmer | None:
    """The Snowball stemmer of a PostgreSQL configuration (None for ``simple``: words as written)."""
    try:
        return Stemmer.Stemmer(config)
    except KeyError:
        return None


def tsquery_lexemes(tsquery: str) -> frozenset[str]:
    """The lexemes a tsquery's text seeks, those under ``!`` left out (a phrase or group excluded whole)."""
    found, i, n = set(), 0, len(tsquery)
    while i < n:
        ch = tsquery[i]
        if ch == "!":
            i = _skip_operand(tsquery, i + 1)
            continue
        if ch == "'":
            m = LEXEME.match(tsquery, i)
            if m is None:
                break
            found.add(m.group(1).replace("''", "'").replace("\\\\", "\\"))
            i = m.end()
            continue
        i += 1
    return frozenset(found)


def _skip_operand(tsquery: str, i: int) -> int:
    """The index after the operand that starts at ``i`` (spaces skipped): a lexeme, a group, or ``!`` again."""
    n = len(tsquery)
    while i < n and tsquery[i] == " ":
        i += 1
    if i < n and tsquery[i] == "!":
        return _skip_operand(tsquery, i + 1)
    if i < n and tsquery[i] == "'":
        m = LEXEME.match(tsquery, i)
        return m.end() if m else n
    if i < n and tsquery[i] == "(":
        depth = 0
        while i < n:
            if tsquery[i] == "'":
                m = LEXEME.match(tsquery, i)
                i = m.end() if m else n
                continue
            depth += {"(": 1, ")": -1}.get(tsquery[i], 0)
            i += 1
            if depth == 0:
                break
        return i
    return i + 1


class WordMarker:
    """Marks the words of texts in one language whose stem is one of ``lexemes``."""

    def __init__(self, config: str, lexemes: frozenset[str]):
        self.lexemes = lexemes
        self.stem = stemmer(config)
        self.seen: dict[str, str] = {}  # word as written -> the lexeme it is marked for, '' when none

    def _marked(self, word: str) -> str:
        found = self.seen.get(word)
        if found is None:
            lower = word.lower()
            stem = self.stem.stemWord(lower) if self.stem else lower
            found = self.seen[word] = stem if stem in self.lexemes else ""
        return found

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Each word of ``text`` as (start, end, the lexeme it is marked for or ''); a hyphenated word marked
        whole when its whole form is sought, else as its marked parts."""
        out = []
        for m in WORD.finditer(text):
            word = m.group(0)
            if "-" not in word:
                out.append((m.start(), m.end(), self._marked(word)))
            elif whole := self._marked(word):
                out.append((m.start(), m.end(), whole))
            else:
                out += [
                    (m.start() + p.start(), m.start() + p.end(), self._marked(p.group(0))) for p in PART.finditer(word)
                ]
        return out

    def headline(self, text: str) -> SafeString:
        """``text`` escaped, its marked words in ``<mark>``, cut to the fragments around them."""
        words = self.spans(text)
        if not words:
            return escape(text)
        if len(words) <= MAX_WORDS:
            return _marked_html(text, words, 0, len(words), whole=True)
        hits = [(i, w[2]) for i, w in enumerate(words) if w[2]]
        if not hits:
            return mark_safe(_marked_html(text, words, 0, MAX_WORDS) + " …")
        fragments = _fragments(hits, len(words))
        return mark_safe(DELIMITER.join(_marked_html(text, words, a, b) for a, b in fragments))


def _fragments(hits: list[tuple[int, str]], count: int) -> list[tuple[int, int]]:
    """Up to ``FRAGMENTS`` windows of ``MAX_WORDS`` words (as [start, end) word indexes), each opening a little
    before a marked word (its index, its lexeme) and holding the marked words that follow within it; the
    windows that hold the most different lexemes, then the most marked words, are kept (the earlier on a
    tie), in text order: as ``ts_headline`` prefers the fragments that cover most of the query."""
    windows, i = [], 0
    lead = MAX_WORDS // 8  # some context before the first marked word
    while i < len(hits):
        start = max(0, hits[i][0] - lead)
        if windows and start < windows[-1][1]:
            start = windows[-1][1]
        end = min(count, start + MAX_WORDS)
        if not windows:  # near the end of the text: the window opens earlier, to hold MAX_WORDS words
            start = max(0, end - MAX_WORDS)
        inside = []
        while i < len(hits) and hits[i][0] < end:
            inside.append(hits[i][1])
            i += 1
        windows.append((start, end, len(set(inside)), len(inside)))
    best = sorted(sorted(windows, key=lambda w: (-w[2], -w[3], w[0]))[:FRAGMENTS])
    return [(a, b) for a, b, *_ in best]


def _marked_html(text: str, words: list[tuple[int, int, str]], first: int, last: int, whole: bool = False) -> str:
    """The text from word ``first`` to the end of word ``last - 1`` (the whole text when ``whole``; else with
    the punctuation that closes the last word), escaped, marked words in ``<mark>``: the marked parts of one
    hyphenated word in one (``<mark>женщин-мигрантов</mark>``)."""
    start = 0 if whole else words[first][0]
    end = len(text) if whole else _closing(text, words[last - 1][1])
    marks: list[list[int]] = []
    for a, b, lexeme in words[first:last]:
        if lexeme:
            if marks and text[marks[-1][1] : a] == "-":
                marks[-1][1] = b
            else:
                marks.append([a, b])
    out, at = [], start
    for a, b in marks:
        out.append(str(escape(text[at:a])))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        at = b
    out.append(str(escape(text[at:end])))
    return mark_safe("".join(out))


def _closing(text: str, end: int) -> int:
    """``end`` moved past the punctuation that follows a word directly (``;``, ``,``, ``.``, ``)``)."""
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1
    return end


def highlight_runs(text: str, needles: list[str], window: int = 120) -> SafeString:
    """``text`` escaped, every occurrence of the needles marked, cut to a window around the first: for a
    language no stemmer reads (Chinese), whose runs of characters are sought as written."""
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    if not needles:
        return escape(text[: window * 2])
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - window // 2) if first else 0
    end = min(len(text), start + window * 2)
    piece, out, at = text[start:end], [], 0
    for m in pattern.finditer(piece):
        out.append(str(escape(piece[at : m.start()])))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        at = m.end()
    out.append(str(escape(piece[at:])))
    return mark_safe(("… " if start else "") + "".join(out) + (" …" if end < len(text) else ""))
