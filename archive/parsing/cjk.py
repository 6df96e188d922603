"""Chinese for full-text search: character bigrams and single characters, since PostgreSQL has no Chinese parser.

Every run of Han characters becomes its overlapping two-character pieces ("移民女工" ->
"移民 民女 女工"), indexed with the ``simple`` configuration. A query is cut the same way and
searched as a phrase of its bigrams, so a two-character word (女工) and a longer phrase
(移民女工) are both found, without a dictionary to load (a segmenter's start-up would cost
more than the whole ingest). A query of one character is searched as that character: every
character of the text is indexed too, after all the bigrams, so that the bigrams of a run keep
consecutive positions (what a phrase of bigrams needs) and a single character finds each
word that holds it (女 finds 妇女 and 女工). Pure Python.
"""

from __future__ import annotations

import re

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN_RE = re.compile(f"[{_HAN}]+")


def bigrams(run: str) -> list[str]:
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


def bigram_text(text: str) -> str:
    """The text with each Han run replaced by its bigrams, space-separated (other words kept), then the
    characters of the runs that are longer than one (a one-character run is its own piece already)."""
    runs = _HAN_RUN_RE.findall(text)
    cut = _HAN_RUN_RE.sub(lambda m: " " + " ".join(bigrams(m.group(0))) + " ", text)
    characters = " ".join(c for run in runs if len(run) > 1 for c in run)
    return f"{cut} {characters}" if characters else cut


def bigram_query(q: str) -> str:
    """A websearch query with each Han run as a quoted phrase of its bigrams (quotes the user wrote
    around Chinese are dropped: the run is a phrase already); a single character stays itself."""
    q = re.sub(f'"\\s*([{_HAN}]+)\\s*"', r" \1 ", q)  # a quoted run is a phrase already
    return _HAN_RUN_RE.sub(lambda m: ' "' + " ".join(bigrams(m.group(0))) + '" ', q).strip()


def han_runs(q: str) -> list[str]:
    """The Han runs of a query, for highlighting the text they were found in."""
    return _HAN_RUN_RE.findall(q)
