""" "Did you mean" in another language: each word its texts do not hold replaced by the nearest word they do.

The vocabulary of each language is stored at ingest (``VocabularyWord.language``); a word is unknown when
that vocabulary lacks it (lower case, as the ``simple`` configuration writes it). Unlike English, where an
unknown word finds nothing, a stemmer may still find matches for it (``travaileuses`` finds ``travail``):
the suggestion is offered whenever a word is unknown. Chinese, which no space cuts into words, gets none.
"""

from __future__ import annotations

import re

from archive.parsing.languages import Language
from archive.search.query import parse_query
from archive.search.suggestions import closest_word, known_words

_WORD = re.compile(r"[^\W\d_]+")


def suggest_in(q: str, lang: Language, names: tuple[str, ...] = ()) -> str:
    """``q`` with each plain word ``lang``'s texts do not hold replaced by their nearest word ('' if none);
    the words of ``names`` (instrument names the query spells) are kept."""
    if lang.segmented:
        return ""
    named = {w.casefold() for name in names for w in name.split()}
    known = known_words(lang.code)
    replacements = {}
    for clause in parse_query(q).positive:
        for term in clause:
            if (
                term.phrase
                or not _WORD.fullmatch(term.text)
                or term.text.casefold() in known
                or term.text.casefold() in named
            ):
                continue
            near = closest_word(term.text, lang.code)
            if near:
                replacements[term.text] = near
    if not replacements:
        return ""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, replacements)) + r")(?![\w-])")
    return pattern.sub(lambda m: replacements[m.group(1)], q)
