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

from archive.escaping import escape_text as _escape

FRAGMENTS = 3
MAX_WORDS = 40
DELIMITER = " … "
WORD = re.compile(r"\w+(?:-\w+)*")
PART = re.compile(r"\w+")
SPLIT = re.compile(f"({WORD.pattern})")  # a text as [between, word, between, word, …, between]
CLOSING = re.compile(r"\S*")  # what closes a word: the punctuation up to the next space
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


@functools.lru_cache(maxsize=200_000)
def stem_of(config: str, word: str) -> str:
    """A word's stem in a configuration, as its Snowball dictionary writes it (lower case). Kept across
    requests: the words are the archive's own, a bounded vocabulary that every page repeats."""
    stem = stemmer(config)
    return stem.stemWord(word.lower()) if stem else word.lower()


class WordMarker:
    """Marks the words of texts in one language whose stem is one of ``lexemes``."""

    def __init__(self, config: str, lexemes: frozenset[str]):
        self.lexemes = lexemes
        self.config = config
        self.seen: dict[str, str] = {}  # word as written -> the lexeme it is marked for, '' when none

    def _marked(self, word: str) -> str:
        found = self.seen.get(word)
        if found is None:
            stem = stem_of(self.config, word)
            found = self.seen[word] = stem if stem in self.lexemes else ""
        return found

    def _token_marks(self, tokens) -> dict[str, tuple[str, list[tuple[int, int]] | None]]:
        """For each distinct marked token: the lexeme it is marked for and, for a hyphenated word sought by
        its parts, the (start, end) of its marked parts within it (None: the token whole)."""
        distinct, seen = set(tokens), self.seen
        new = [t for t in distinct if t not in seen]  # a page's texts share most of their words: each stemmed once
        if new:  # in one call to the stemmer (in C, with its own cache), not a call per word
            stem, lexemes = stemmer(self.config), self.lexemes
            lowered = [t.lower() for t in new]
            for token, found in zip(new, stem.stemWords(lowered) if stem else lowered):
                seen[token] = found if found in lexemes else ""
        marks = {t: (seen[t], None) for t in distinct if seen[t]}
        for token in [t for t in distinct if not seen[t] and "-" in t]:
            parts = [(p.start(), p.end(), self._marked(p.group(0))) for p in PART.finditer(token)]
            if any(lx for *_, lx in parts):
                marks[token] = (next(lx for *_, lx in parts if lx), [(a, b) for a, b, lx in parts if lx])
        return marks

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Each marked word of ``text`` as (start, end, the lexeme it is marked for); a hyphenated word marked
        whole when its whole form is sought, else as its marked parts."""
        matches = list(WORD.finditer(text))
        marks = self._token_marks(WORD.findall(text))
        return [span for i in range(len(matches)) for span in _mark_spans(matches[i], marks)]

    def headline(self, text: str) -> SafeString:
        """``text`` escaped, its marked words in ``<mark>``, cut to the fragments around them."""
        return self.headlines([text])[0]

    def headlines(self, texts: list[str]) -> list[SafeString]:
        """Each text's ``headline``, the words of them all looked up at once (a page's twenty texts share
        most of their words: one set of them, not one a text)."""
        split = [SPLIT.split(text) for text in texts]  # one scan each, in C
        marks = self._token_marks({t for pieces in split for t in pieces[1::2]})
        return [self._headline(text, pieces, marks) for text, pieces in zip(texts, split)]

    def _headline(self, text: str, pieces: list[str], marks: dict) -> SafeString:
        tokens = pieces[1::2]
        if not tokens:
            return escape(text)
        hits = [(i, marks[t][0]) for i, t in enumerate(tokens) if t in marks]
        if len(tokens) <= MAX_WORDS:
            return mark_safe(_marked_html(pieces, marks, hits, 0, len(tokens), whole=True))
        if not hits:
            return mark_safe(_marked_html(pieces, marks, hits, 0, MAX_WORDS) + " …")
        return mark_safe(
            DELIMITER.join(_marked_html(pieces, marks, hits, a, b) for a, b in _fragments(hits, len(tokens)))
        )


def _mark_spans(match: re.Match, marks: dict) -> list[tuple[int, int, str]]:
    """The marked (start, end, lexeme) of one word of a text: none, the word whole, or its marked parts."""
    found = marks.get(match.group(0))
    if found is None:
        return []
    lexeme, parts = found
    if parts is None:
        return [(match.start(), match.end(), lexeme)]
    return [(match.start() + a, match.start() + b, lexeme) for a, b in parts]


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


def _marked_html(
    pieces: list[str], marks: dict, hits: list[tuple[int, str]], first: int, last: int, whole=False
) -> str:
    """The words ``first`` to ``last - 1`` of a text split into ``pieces`` (``SPLIT``) with what lies
    between them (the whole text when ``whole``; else with the punctuation that closes the last word),
    escaped as ``django.utils.html.escape`` escapes, marked words in ``<mark>``."""
    lo, hi = (0, len(pieces)) if whole else (2 * first + 1, 2 * last)
    out, at = [], lo
    for i, _ in hits:
        if first <= i < last:
            k = 2 * i + 1
            out.append(_escape("".join(pieces[at:k])))
            out.append(_marked_token(pieces[k], marks[pieces[k]][1]))
            at = k + 1
    out.append(_escape("".join(pieces[at:hi])))
    if not whole and hi < len(pieces):
        out.append(_escape(CLOSING.match(pieces[hi]).group(0)))
    return "".join(out)


def _marked_token(token: str, parts: list[tuple[int, int]] | None) -> str:
    """A marked word in ``<mark>``: whole, or the marked parts of a hyphenated word (adjacent ones as one:
    ``<mark>женщин-мигрантов</mark>``)."""
    if parts is None:
        return f"<mark>{_escape(token)}</mark>"
    spans: list[list[int]] = []
    for a, b in parts:
        if spans and token[spans[-1][1] : a] == "-":
            spans[-1][1] = b
        else:
            spans.append([a, b])
    out, at = [], 0
    for a, b in spans:
        out.append(_escape(token[at:a]))
        out.append(f"<mark>{_escape(token[a:b])}</mark>")
        at = b
    out.append(_escape(token[at:]))
    return "".join(out)


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
