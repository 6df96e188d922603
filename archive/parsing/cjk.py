"""Chinese for full-text search: character bigrams, since PostgreSQL has no Chinese parser.

Every run of Han characters becomes its overlapping two-character pieces ("移民女工" ->
"移民 民女 女工"), indexed with the ``simple`` configuration. A query is cut the same way and
searched as a phrase of its bigrams, so a two-character word (女工) and a longer phrase
(移民女工) are both found, without a dictionary to load (a segmenter's start-up would cost
more than the whole ingest). A single character is searched as itself and finds only a
single-character run. Pure Python.
"""

from __future__ import annotations

import re

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN_RE = re.compile(f"[{_HAN}]+")


def bigrams(run: str) -> list[str]:
    return [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]


def bigram_text(text: str) -> str:
    """The text with each Han run replaced by its bigrams, space-separated (other words kept)."""
    return _HAN_RUN_RE.sub(lambda m: " " + " ".join(bigrams(m.group(0))) + " ", text)


def bigram_query(q: str) -> str:
    """A websearch query with each Han run as a quoted phrase of its bigrams (quotes the user wrote
    around Chinese are dropped: the run is a phrase already)."""
    q = re.sub(f'"\\s*([{_HAN}]+)\\s*"', r" \1 ", q)  # a quoted run is a phrase already
    return _HAN_RUN_RE.sub(lambda m: ' "' + " ".join(bigrams(m.group(0))) + '" ', q).strip()


def han_runs(q: str) -> list[str]:
    """The Han runs of a query, for highlighting the text they were found in."""
    return _HAN_RUN_RE.findall(q)
