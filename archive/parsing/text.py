"""Text helpers shared by the source parsers: markers, whitespace, opening phrases, typography.

A parser builds a paragraph's raw text with footnote markers encoded inline by
``marker(n)``; ``extract_markers`` then normalizes the whitespace and lifts the
markers out, so that every parser computes offsets the same way. ``normalize`` is the
one typography-neutral form every comparison of texts goes through.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .document import FootnoteRef

_MARK_OPEN = "\ue000"
_MARK_CLOSE = "\ue001"
_MARK_RE = re.compile(r"\s*" + _MARK_OPEN + r"(\d+)" + _MARK_CLOSE)

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_TEXT_DATE_RE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_OTHER_BREAKS_RE = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def source_lines(text: str) -> list[str]:
    """The lines of a text as an editor numbers them (\\n, \\r\\n or \\r ends a line).

    ``str.splitlines`` also breaks at form feeds, vertical tabs, U+0085, U+2028 …, which
    put the line numbers of errors and anomalies out of step with the file; those
    characters become spaces here. Like ``splitlines``, no empty last line after a
    final line break.
    """
    lines = [_OTHER_BREAKS_RE.sub(" ", line) for line in _LINE_BREAK_RE.split(text)]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def marker(number: int) -> str:
    """An inline placeholder for footnote ``number``; see ``extract_markers``."""
    return f"{_MARK_OPEN}{number}{_MARK_CLOSE}"


_SPACES_RE = re.compile(r"[ \t\r\n\u00a0]+")
_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r" ([,;:.](?:\s|$))")
_DOUBLED_SPACES_RE = re.compile(r" {2,}")


def collapse_spaces(text: str) -> str:
    """One space between words, none at the ends, none before , ; : ."""
    text = _SPACES_RE.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", text)


def extract_markers(raw: str) -> tuple[str, list[FootnoteRef]]:
    """Clean text and the footnote references placed in it.

    The marker is attached to what stands before it (a space between the word and
    the marker, as in ``Convention, ³⁶``, is dropped), and its offset is the length
    of the clean text up to that point.
    """
    text = _SPACES_RE.sub(" ", raw).strip()
    refs: list[FootnoteRef] = []
    out: list[str] = []
    pos = 0
    length = 0
    for m in _MARK_RE.finditer(text):
        chunk = text[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        refs.append(FootnoteRef(int(m.group(1)), length))
        pos = m.end()
    out.append(text[pos:])
    joined = "".join(out)
    # A marker removed between two words leaves them joined only if the source had no
    # space after the marker; the source always has one, so just tidy doubled spaces.
    clean = _DOUBLED_SPACES_RE.sub(" ", joined).strip()
    if clean != joined:
        # recompute offsets against the tidied text
        refs = _reoffset(joined, clean, refs)
    return clean, refs


def _reoffset(before: str, after: str, refs: list[FootnoteRef]) -> list[FootnoteRef]:
    mapping = []
    j = 0
    lead = len(before) - len(before.lstrip())
    i = lead
    for _ in range(lead):
        mapping.append(0)
    while i < len(before):
        mapping.append(j)
        if j < len(after) and before[i] == after[j]:
            j += 1
        i += 1
    mapping.append(j)
    return [FootnoteRef(r.number, mapping[min(r.offset, len(mapping) - 1)]) for r in refs]


def dehyphenate(left: str, right: str, known_words: set[str] | None = None) -> str:
    """Join two lines where ``left`` ends with a hyphen.

    A hyphen at a line end is kept (``gender-`` + ``sensitive``) unless the joined
    word is known from elsewhere in the document without it (``vulnera-`` +
    ``bility``): documents of the UN are not hyphenated by their typesetters, so a
    line-end hyphen is most often a real one.
    """
    m = re.search(r"(?<!\w)(\w+)-$", left)  # from word starts only: linear on long runs of letters
    n = re.match(r"(\w+)", right)
    if not m or not n:
        return left + right
    joined = (m.group(1) + n.group(1)).lower()
    hyphenated = f"{m.group(1)}-{n.group(1)}".lower()
    if known_words is not None and joined in known_words and hyphenated not in known_words:
        return left[:-1] + right
    return left + right


def word_set(text: str) -> set[str]:
    """Lower-cased words and hyphenated compounds of a text, for ``dehyphenate``."""
    return set(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text)) | set(w.lower() for w in re.findall(r"\w+", text))


# --- opening phrases ---------------------------------------------------------

_ADVERBS = {
    "also",
    "further",
    "again",
    "strongly",
    "deeply",
    "gravely",
    "once",
    "firmly",
    "seriously",
    "particularly",
    "equally",
    "moreover",
}
_TAILS = [
    "with deep appreciation",
    "with great appreciation",
    "with appreciation",
    "with deep concern",
    "with grave concern",
    "with serious concern",
    "with concern",
    "with satisfaction",
    "with interest",
    "deep concern",
    "grave concern",
    "serious concern",
    "note",
    "upon",
    "in mind",
    "also",
    "further",
    "again",
]
_TAIL_RES = [(tail, re.compile(re.escape(tail) + r"\b")) for tail in _TAILS]  # compiled once: hot path


def opening_phrase(text: str, kind: str) -> str | None:
    """The action phrase a paragraph opens with (*Calls upon*, *Reaffirming also*).

    Preambular paragraphs open with a participle or adjective, operative ones with a
    verb in the third person; both can carry *also*/*further* and a fixed tail
    (*note with appreciation*, *upon*, *deep concern*). Report paragraphs have none.
    """
    if kind not in ("preambular", "operative"):
        return None
    words = text.split()
    if not words:
        return None
    i = 0
    phrase: list[str] = []
    # leading adverbs: "Also calls upon", "Deeply concerned", "Once again urges"
    while i < len(words) - 1 and words[i].lower().strip(",") in _ADVERBS and words[i][0].isupper() == (i == 0):
        phrase.append(words[i])
        i += 1
    if i >= len(words):
        return None
    head = words[i].rstrip(",;:")
    if not head or not head[0].isalpha():
        return None
    if kind == "preambular" and not (
        head.endswith("ing")
        or head.endswith("ed")
        or phrase
        or head in {"Mindful", "Aware", "Conscious", "Cognizant", "Convinced", "Alarmed"}
    ):
        return None
    if kind == "operative" and not (head.endswith("s") or phrase):
        return None
    phrase.append(head)
    i += 1
    rest = " ".join(words[i:])
    changed = True
    while changed:
        changed = False
        for tail, tail_re in _TAIL_RES:
            if tail_re.match(rest):
                phrase.append(tail)
                rest = rest[len(tail) :].lstrip(" ,")
                changed = True
                break
    if phrase[-1].rstrip(",") in ("Requests", "requests") and rest.startswith("the Secretary-General"):
        phrase.append("the Secretary-General")
    return " ".join(phrase).rstrip(",")


def text_date(text: str | None) -> dt.date | None:
    """The first date printed as ``18 December 2019`` in ``text`` (non-breaking spaces allowed)."""
    m = _TEXT_DATE_RE.search((text or "").replace("\u00a0", " "))
    if not m or m.group(2) not in MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None


# Glyphs OCR reads for a capital I or O in an acronym ("TLO" for ILO, "JOM" for IOM, "I0M").
_OCR_FOR = {"T": "I", "J": "I", "1": "I", "l": "I", "|": "I", "0": "O"}
_ACRONYM_RE = re.compile(r"(?<![\w/.-])[A-Z0-9Jl|][A-Z0-9]{1,5}(?![\w/.-])")


def misread_acronyms(lines: list[str], min_uses: int = 3) -> list[tuple[int, str, str, int]]:
    """Acronyms OCR probably misread: (line number, as printed, probably meant, uses of that).

    A token used once that becomes an acronym the same text uses at least ``min_uses``
    times by changing one glyph OCR confuses ("TLO" in a report that says "ILO" nine
    times). Reported, not corrected: the text stays as printed.
    """
    counts: dict[str, int] = {}
    found: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=1):
        for m in _ACRONYM_RE.finditer(line):
            token = m.group(0)
            counts[token] = counts.get(token, 0) + 1
            found.append((n, token))
    out = []
    for n, token in found:
        if counts[token] > 1 or token.isdigit():
            continue
        for i, ch in enumerate(token):
            meant = token[:i] + _OCR_FOR.get(ch, ch) + token[i + 1 :]
            if meant != token and counts.get(meant, 0) >= min_uses:
                out.append((n, token, meant, counts[meant]))
                break
    return out


# --- typography: the one table of quote, dash and space variants ----------------
#
# Sources of the same text differ in typography only (curly or straight quotes, en dash
# or hyphen, a non-breaking space): what compares texts folds the variants with this table.

SINGLE_QUOTES = "\u2018\u2019\u201a\u2032`"  # ‘ ’ ‚ ′ `
DOUBLE_QUOTES = "\u201c\u201d\u201e\u2033"  # “ ” „ ″
# hyphen-like: the hyphen, the non-breaking hyphen of "S‑23/2", the figure dash, the en dash of
# ranges ("Add.1–3"), the minus sign
HYPHENS = "\u2010\u2011\u2012\u2013\u2212"
LONG_DASHES = "\u2014\u2015"  # em dash, horizontal bar: they separate parts of a sentence
SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break, thin
SOFT_HYPHEN = "\u00ad"  # where a word may be broken: no character of the text
INVISIBLE = SOFT_HYPHEN + "\u200b"  # and the zero-width space
MARKS = "\u200e\u200f\ufeff"  # left-to-right and right-to-left marks, the byte order mark

TYPOGRAPHY = str.maketrans(
    {c: "'" for c in SINGLE_QUOTES}
    | {c: '"' for c in DOUBLE_QUOTES}
    | {c: "-" for c in HYPHENS + LONG_DASHES}
    | {c: " " for c in SPACES}
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_INVISIBLE_AND_MARKS_RE = re.compile(f"[{INVISIBLE}{MARKS}]")


def normalize(text: str | None, *, compatibility: bool = True, invisible: bool = True, marks: bool = False) -> str:
    """Typography-neutral form: straight quotes, plain hyphens, single spaces, no soft hyphens.

    ``compatibility``: NFKC first (ligatures, full-width forms and superscript digits become
    plain letters and digits); off where a marker's superscript digit must stay one.
    ``invisible``: drop soft hyphens and zero-width spaces; off where they must still separate
    words, as any other non-letter does. ``marks``: drop direction marks and byte order marks too
    (where two conversions of one source are compared; the aligner and the pages keep them).
    """
    text = text or ""
    if compatibility:
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(TYPOGRAPHY)
    if invisible:
        text = (_INVISIBLE_AND_MARKS_RE if marks else _INVISIBLE_RE).sub("", text)
    return " ".join(text.split())


_NOT_NAME = re.compile(r"[^0-9a-z]+")


def normalized_name(text: str | None) -> str:
    """A name as compared: lower case, letters and digits, single spaces
    ("ILO Convention No. 189" → "ilo convention no 189"; "A/RES/55/25, annex II" → "a res 55 25 annex ii")."""
    return _NOT_NAME.sub(" ", normalize(text, compatibility=False, invisible=False).casefold()).strip()
