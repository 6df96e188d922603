"""Compare two parses of the same document (e.g. its AKN4UN XML and a converted text).

The archive promises to be exact about its sources; when one document exists in two
formats, the parses must agree paragraph by paragraph. Typographic variants that a
conversion introduces (straight vs curly quotes, dash kinds, a hyphen lost at a line
end: "gendersensitive" for "gender-sensitive") are counted as *minor* differences;
everything else is *substantive* and means one of the parsers (or sources) is wrong.
"""

from __future__ import annotations

import difflib
import re

from .document import ParsedDocument, ParsedParagraph
from .text import normalize as normalize_typography

_WORD_HYPHEN_RE = re.compile(r"(?<=\w)-(?=\w)")


def normalize(text: str) -> str:
    """Text with typographic variants folded (quotes, dashes, spaces: ``text.normalize``, without NFKC,
    which would read a marker's superscript as a digit of the text) and word-internal hyphens dropped."""
    return _WORD_HYPHEN_RE.sub("", normalize_typography(text, compatibility=False, marks=True))


def _keys(doc: ParsedDocument) -> list[tuple]:
    """Alignment keys: numbered paragraphs by number, the others by their rank in their kind."""
    keys, rank = [], {}
    for p in doc.paragraphs:
        if p.number:
            keys.append((p.kind, p.number))
        else:
            rank[p.kind] = rank.get(p.kind, 0) + 1
            keys.append((p.kind, f"#{rank[p.kind]}"))
    return keys


def _norm_refs(p: ParsedParagraph) -> list[tuple[int, int]]:
    """Each marker's number and its offset measured in normalized text."""
    return [(r.number, len(normalize(p.text[: r.offset]))) for r in p.refs]


def _classify(a: str, b: str) -> str:
    if a == b:
        return "identical"
    return "minor" if normalize(a) == normalize(b) else "substantive"


def compare_documents(a: ParsedDocument, b: ParsedDocument) -> dict:
    """Counts per kind, aligned paragraphs, and their text/marker/footnote differences.

    ``differences`` lists the substantive paragraph differences (both texts);
    ``minor_differences`` those that vanish under ``normalize``. Paragraphs that could not
    be aligned are in ``only_in_a`` / ``only_in_b``.
    """
    counts_a, counts_b = a.counts(), b.counts()
    result: dict = {
        "counts": {"a": counts_a, "b": counts_b},
        "count_differences": {k: [counts_a[k], counts_b[k]] for k in counts_a if counts_a[k] != counts_b[k]},
        "aligned": 0,
        "identical": 0,
        "differences": [],
        "minor_differences": [],
        "ref_differences": [],
        "opening_differences": [],
        "only_in_a": [],
        "only_in_b": [],
    }
    keys_a, keys_b = _keys(a), _keys(b)
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            result["only_in_a"].extend(_label(a.paragraphs[i]) for i in range(i1, i2))
            result["only_in_b"].extend(_label(b.paragraphs[j]) for j in range(j1, j2))
            continue
        for pa, pb in zip(a.paragraphs[i1:i2], b.paragraphs[j1:j2]):
            _compare_pair(pa, pb, result)
    result["footnotes"] = _compare_footnotes(a, b)
    result["substantive"] = (
        len(result["differences"])
        + len(result["ref_differences"])
        + len(result["only_in_a"])
        + len(result["only_in_b"])
    )
    result["minor"] = len(result["minor_differences"])
    return result


def _label(p: ParsedParagraph) -> dict:
    return {"kind": p.kind, "number": p.number, "line": p.line, "text": p.text[:80]}


def _compare_pair(pa: ParsedParagraph, pb: ParsedParagraph, result: dict) -> None:
    result["aligned"] += 1
    where = {"kind": pa.kind, "number": pa.number, "line_a": pa.line, "line_b": pb.line}
    verdict = _classify(pa.text, pb.text)
    if verdict == "identical":
        result["identical"] += 1
    elif verdict == "minor":
        result["minor_differences"].append({**where, "a": pa.text, "b": pb.text})
    else:
        result["differences"].append({**where, "a": pa.text, "b": pb.text})
    if _norm_refs(pa) != _norm_refs(pb):
        result["ref_differences"].append({**where, "a": _norm_refs(pa), "b": _norm_refs(pb)})
    if pa.opening != pb.opening:
        result["opening_differences"].append({**where, "a": pa.opening, "b": pb.opening})


def _compare_footnotes(a: ParsedDocument, b: ParsedDocument) -> dict:
    fa = {f.number: f.text for f in a.footnotes}
    fb = {f.number: f.text for f in b.footnotes}
    out: dict = {
        "only_in_a": sorted(set(fa) - set(fb)),
        "only_in_b": sorted(set(fb) - set(fa)),
        "differences": [],
        "minor_differences": [],
    }
    for n in sorted(set(fa) & set(fb)):
        verdict = _classify(fa[n], fb[n])
        if verdict != "identical":
            key = "minor_differences" if verdict == "minor" else "differences"
            out[key].append({"number": n, "a": fa[n], "b": fb[n]})
    return out
