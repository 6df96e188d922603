"""Text normalisation, similarity tokens and the word-level diff used by the aligner.

Sources of the same resolution differ in typography only (curly or straight quotes,
en dash or hyphen, NBSP): those must never make a paragraph look "amended", so every
comparison goes through ``normalize`` (``archive.parsing.text``). Diffs are computed on whitespace-separated
words of the normalised text, so punctuation changes ("development," -> "development")
show up as word changes, which is how negotiators read a redline.
"""

from __future__ import annotations

import difflib
import re

from archive.parsing.text import normalize

# Function words carry no evidence that two paragraphs are related; they are left out
# of the similarity tokens (they stay in the diff).
STOPWORDS = frozenset(
    "a an and are as at be been by for from has have in including inter alia into is it its "
    "of on or that the their them these they this those to which who with".split()
)

_TOKEN = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words a diff is made of (normalised, punctuation attached)."""
    return normalize(text).split()


def tokens(text: str, normalized: bool = False) -> set[str]:
    """Lower-case content words: the evidence for "these two paragraphs are related"."""
    if not normalized:
        text = normalize(text)
    return set(_TOKEN.findall(text.lower())) - STOPWORDS


DiffOp = tuple[str, str]  # ("equal" | "insert" | "delete", text)


def word_diff(a: str, b: str) -> list[DiffOp]:
    """Word-level redline from ``a`` to ``b``: a list of (op, text) runs.

    A replacement is reported as a delete followed by an insert, as on a printed
    redline. ``autojunk`` is off: in a 200-word paragraph "women" and "migrant" are
    frequent, and junking them would make the diff jump around.
    """
    return diff_words(words(a), words(b))[0]


def diff_words(wa: list[str], wb: list[str]) -> tuple[list[DiffOp], float]:
    """The diff runs and the word-level similarity ratio (1.0 = identical)."""
    if wa == wb:  # most paragraphs carry over word for word: no need for the matcher
        return ([("equal", " ".join(wa))] if wa else []), 1.0
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    ops: list[DiffOp] = []

    def push(op: str, chunk: list[str]) -> None:
        if not chunk:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + " " + " ".join(chunk))
        else:
            ops.append((op, " ".join(chunk)))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("equal", wa[i1:i2])
        else:
            push("delete", wa[i1:i2])
            push("insert", wb[j1:j2])
    return ops, matcher.ratio()


def strip_opening(text: str, opening: str | None, normalized: bool = False) -> str:
    """The paragraph without its opening phrase: what a pp <-> op move keeps intact."""
    norm = text if normalized else normalize(text)
    if opening:
        op = normalize(opening)
        if norm.lower().startswith(op.lower()):
            return norm[len(op) :].strip()
    return norm


_EDITORIAL_DROP = re.compile(r"[^\w\s]|_")


def editorial_form(text: str) -> str:
    """What is left when editorial differences are set aside: case, hyphenation, punctuation,
    quotes and spacing ("health-care" = "healthcare", "parties" = "Parties", a comma).

    Two texts with the same editorial form differ only editorially; anything else (a word
    added, dropped or replaced) is a substantive change.
    """
    text = normalize(text).lower().replace("-", "")
    return " ".join(_EDITORIAL_DROP.sub(" ", text).split())
