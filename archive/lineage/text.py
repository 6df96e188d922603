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
    """The words a diff compares (normalised, punctuation attached)."""
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
    frequent, and junking them would make the diff jump around. Words are compared
    normalised and printed as the texts print them (``l’examen``, not ``l'examen``).
    """
    return word_diff_ratio(a, b)[0]


def word_diff_ratio(a: str, b: str) -> tuple[list[DiffOp], float]:
    """``word_diff`` and the word-level similarity ratio of the two texts (1.0 = identical)."""
    wa, wb = words(a), words(b)
    return diff_words(wa, wb, printed_words(a, wa), printed_words(b, wb))


def printed_words(text: str, keys: list[str]) -> list[str]:
    """The words of ``text`` as printed, one for each of its normalised ``keys``; the keys themselves
    where the two do not correspond word for word (a word that normalises to two, or to nothing)."""
    out = text.split()
    if len(out) != len(keys) or any(normalize(w) != k for w, k in zip(out, keys)):
        return keys
    return out


def diff_words(
    wa: list[str], wb: list[str], shown_a: list[str] | None = None, shown_b: list[str] | None = None
) -> tuple[list[DiffOp], float]:
    """The diff runs and the word-level similarity ratio (1.0 = identical). Words are matched as
    given; ``shown_a``/``shown_b`` (one per word) are what the runs print, the new text's where equal."""
    pa, pb = shown_a or wa, shown_b or wb
    if wa == wb:  # most paragraphs carry over word for word: no need for the matcher
        return ([("equal", " ".join(pb))] if wb else []), 1.0
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
            push("equal", pb[j1:j2])
        else:
            push("delete", pa[i1:i2])
            push("insert", pb[j1:j2])
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
