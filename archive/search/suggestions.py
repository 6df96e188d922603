""" "Did you mean": each word the archive does not hold replaced by its nearest archive word.

The vocabulary is the written words of the archive, stored at ingest (``VocabularyWord``);
the nearest word is found by edit distance (rapidfuzz), the more frequent among equals.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.search.compiler import CompiledQuery

SUGGEST_BELOW = 3  # a query with fewer matches gets a suggestion
_vocabularies: dict[str, dict] = {}  # language -> {"version", "words", "counts", "known"}


def vocabulary(language: str = "en") -> tuple[list[str], list[int]]:
    """The written words of the archive in ``language`` (from the last ingest), loaded once per data version."""
    from archive.models import VocabularyWord
    from archive.page_cache import current_version

    version = current_version()
    loaded = _vocabularies.setdefault(language, {"version": None, "words": [], "counts": []})
    if loaded["version"] != version:
        rows = list(VocabularyWord.objects.filter(language=language).order_by("word").values_list("word", "paragraphs"))
        words = [w for w, _ in rows]
        loaded.update(version=version, words=words, counts=[c for _, c in rows], known=frozenset(words))
    return loaded["words"], loaded["counts"]


def known_words(language: str) -> frozenset[str]:
    """``vocabulary(language)``'s words as a set, built once per data version with it."""
    vocabulary(language)
    return _vocabularies[language]["known"]


def closest_word(word: str, language: str = "en") -> str | None:
    """The archive's word nearest to ``word`` (edit distance; the more frequent among equals)."""
    from rapidfuzz import distance, process

    words, counts = vocabulary(language)
    if not words or len(word) < 4:
        return None
    limit = 1 if len(word) < 7 else 2
    found = process.extract(word.casefold(), words, scorer=distance.Levenshtein.distance, score_cutoff=limit, limit=50)
    found = [(w, d, i) for w, d, i in found if w != word.casefold()]
    if not found:
        return None
    return min(found, key=lambda f: (f[1], -counts[f[2]], f[0]))[0]


def suggest(compiled: CompiledQuery) -> str:
    """The query with each word the archive does not hold replaced by its nearest archive word ('' if none)."""
    replacements = {}
    for term in compiled.unknown:
        if term.is_compound or not re.fullmatch(r"[A-Za-z]+", term.text):
            continue
        near = closest_word(term.text)
        if near:
            replacements[term.text] = near
    if not replacements:
        return ""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, replacements)) + r")(?![\w-])")
    return pattern.sub(lambda m: replacements[m.group(1)], compiled_query_text(compiled))


def compiled_query_text(compiled: CompiledQuery) -> str:
    """The query as the user typed its terms (the parse, written back)."""
    parts = []
    for clause in compiled.parsed.clauses:
        written = [("-" if t.negated else "") + (f'"{t.text}"' if t.phrase else t.text) for t in clause]
        parts.append(" OR ".join(written))
    return " ".join(parts)
