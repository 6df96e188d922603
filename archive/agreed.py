"""Agreed language across documents ("also in"), pure Python and numpy.

A paragraph's *units* are its whole text and, when it has several, each clause of at least
``CLAUSE_MIN_WORDS`` words (split at ';', ':' and full stops), so that a clause reused inside a
longer paragraph is found. Each unit is a set of word shingles (``SHINGLE`` words, case and
punctuation ignored); units are signed with datasketch's MinHash (its affine32 scheme: CRC-32
of a shingle, the MurmurHash3 finalizer, the index's permutations), computed for all units at
once with numpy, and grouped by LSH banding with the bands and rows datasketch's
``MinHashLSH`` chooses for ``LSH_THRESHOLD``. Every candidate pair is then verified with the
exact Jaccard similarity of the two shingle sets: a pair is kept at ``MIN_SIMILARITY`` or above.

What is not agreed language:
- a unit under ``MIN_WORDS`` words ("Takes note of the report of the Secretary-General;",
  "Decides to remain seized of the matter;");
- boilerplate: a unit whose language is found in more than ``MAX_DOCUMENTS`` documents (the
  enacting formulas, "Reaffirming the purposes and principles of the Charter ...").
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 3
NUM_PERM = 64
SEED = 1
LSH_THRESHOLD = 0.5
MIN_SIMILARITY = 0.5
MIN_WORDS = 12
CLAUSE_MIN_WORDS = 20
MAX_DOCUMENTS = 100
_CHUNK = 200_000

WORD_RE = re.compile(r"\w+")
CLAUSE_SPLIT_RE = re.compile(r"[;:]|\.(?=\s+[A-Z(])")


@dataclass(frozen=True)
class Text:
    """A paragraph to compare: its id, its document's id and its text."""

    id: int
    document: int
    text: str


@dataclass(frozen=True)
class Pair:
    paragraph: int
    other: int
    similarity: float
    match: str  # paragraph (whole against whole) | clause (a clause of one or both)


def words(text: str) -> list[str]:
    return WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


_WORD_HASH: dict[str, int] = {}


def _word_hash(word: str) -> int:
    h = _WORD_HASH.get(word)
    if h is None:
        h = _WORD_HASH[word] = zlib.crc32(word.encode())
    return h


def shingles(tokens: list[str]) -> np.ndarray:
    """A 32-bit hash of each run of ``SHINGLE`` words (one for a shorter text), distinct values."""
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    h = np.fromiter((_word_hash(w) for w in tokens), dtype=np.uint32, count=len(tokens))
    if len(tokens) < SHINGLE:
        return np.unique(_fmix32(h[:1] ^ np.uint32(len(tokens))))
    with np.errstate(over="ignore"):
        out = h[: len(h) - SHINGLE + 1].copy()
        for k in range(1, SHINGLE):
            out = _fmix32(out * np.uint32(0x9E3779B1) ^ h[k: len(h) - SHINGLE + 1 + k])
    return np.unique(out)


def units(text: str) -> list[tuple[bool, np.ndarray]]:
    """(is the whole paragraph, shingle hashes) of each unit worth comparing."""
    tokens = words(text)
    out = []
    if len(tokens) >= MIN_WORDS:
        out.append((True, shingles(tokens)))
    parts = [words(p) for p in CLAUSE_SPLIT_RE.split(text)] if len(tokens) >= 2 * CLAUSE_MIN_WORDS else []
    parts = [p for p in parts if p]
    if len(parts) > 1:
        out += [(False, shingles(p)) for p in parts if len(p) >= CLAUSE_MIN_WORDS]
    return out


def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(sets: list[np.ndarray]) -> np.ndarray:
    """The MinHash signature of every set of 32-bit values, one row each: the values datasketch's
    ``MinHash`` (affine32 scheme, the values as their own hash) gives after ``update_batch``."""
    template = _template()
    a, b = template.permutations
    out = np.empty((len(sets), NUM_PERM), dtype=np.uint32)
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    flat = np.concatenate(sets).astype(np.uint32, copy=False) if sets else np.empty(0, dtype=np.uint32)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    i = 0
    with np.errstate(over="ignore"):
        mixed = _fmix32(flat)
        while i < len(sets):
            # a run of whole sets of at most _CHUNK values
            j = int(np.searchsorted(starts, starts[i] + _CHUNK, side="right"))
            j = max(j, i + 1)
            lo, hi = starts[i], starts[j - 1] + sizes[j - 1]
            phv = mixed[lo:hi, None] * a[None, :] + b[None, :]
            out[i:j] = np.minimum.reduceat(phv, starts[i:j] - lo, axis=0)
            i = j
    return out


def bands() -> tuple[int, int]:
    """(bands, rows) datasketch's LSH picks for the threshold (false positives and negatives weighed alike)."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sets of distinct sorted values."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def _band_keys(sig: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per unit for a band's rows (equal rows, equal keys)."""
    part = sig[:, band * rows:(band + 1) * rows].astype(np.uint64)
    key = np.zeros(len(sig), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in range(rows):
            key = (key * np.uint64(0x100000001B3)) ^ part[:, c]
    return key


def candidate_pairs(sig: np.ndarray, docs: np.ndarray, changed: np.ndarray) -> tuple[np.ndarray, set[int]]:
    """Unit pairs (i < j) of different documents that share a band, at least one of them changed;
    and the units in a bucket spanning more than ``MAX_DOCUMENTS`` documents (boilerplate)."""
    n_bands, rows = bands()
    n = len(sig)
    found = []
    crowded: set[int] = set()
    for band in range(n_bands):
        keys = _band_keys(sig, band, rows)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1])))
        sizes = np.diff(np.concatenate((starts, [n])))
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
            group = order[start:start + size]
            if not changed[group].any():
                continue
            if size > MAX_DOCUMENTS and len(np.unique(docs[group])) > MAX_DOCUMENTS:
                crowded.update(group.tolist())
                continue
            i, j = np.triu_indices(size, 1)
            a, b = group[i], group[j]
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            keep = (docs[lo] != docs[hi]) & (changed[lo] | changed[hi])
            found.append(lo[keep].astype(np.int64) * n + hi[keep])
    if not found:
        return np.empty((0, 2), dtype=np.int64), crowded
    codes = np.unique(np.concatenate(found))
    return np.stack((codes // n, codes % n), axis=1), crowded


def find_pairs(texts: list[Text], changed: set[int] | None = None) -> tuple[list[Pair], set[int]]:
    """Pairs of paragraphs of different documents sharing agreed language, each way, and the
    paragraphs whose language is boilerplate. With ``changed``, only pairs that involve one of
    those paragraphs (the others are already stored)."""
    unit_para: list[int] = []
    unit_doc: list[int] = []
    unit_whole: list[bool] = []
    unit_sets: list[np.ndarray] = []
    for t in texts:
        for whole, s in units(t.text):
            if len(s):
                unit_para.append(t.id)
                unit_doc.append(t.document)
                unit_whole.append(whole)
                unit_sets.append(s)
    if not unit_sets:
        return [], set()
    sig = signatures(unit_sets)
    docs = np.asarray(unit_doc, dtype=np.int64)
    is_changed = np.fromiter(((changed is None) or (p in changed) for p in unit_para), dtype=bool, count=len(unit_para))
    cand, crowded = candidate_pairs(sig, docs, is_changed)
    # the signatures' estimate first (cheap, vectorized), the exact similarity for the plausible
    if len(cand):
        estimate = (sig[cand[:, 0]] == sig[cand[:, 1]]).mean(axis=1)
        cand = cand[estimate >= MIN_SIMILARITY - 0.2]
    reach: dict[int, set[int]] = defaultdict(set)  # unit -> documents its language is found in
    kept: list[tuple[int, int, float]] = []
    py_sets: dict[int, set] = {}

    def as_set(u: int) -> set:
        got = py_sets.get(u)
        if got is None:
            got = py_sets[u] = set(unit_sets[u].tolist())
        return got

    for ux, uy in cand.tolist():
        a, b = as_set(ux), as_set(uy)
        inter = len(a & b)
        sim = inter / (len(a) + len(b) - inter) if inter else 0.0
        if sim >= MIN_SIMILARITY:
            kept.append((ux, uy, sim))
            reach[ux].add(unit_doc[uy])
            reach[uy].add(unit_doc[ux])
    boilerplate_units = crowded | {u for u, d in reach.items() if len(d) + 1 > MAX_DOCUMENTS}
    best: dict[tuple[int, int], tuple[float, str]] = {}
    for ux, uy, sim in kept:
        if ux in boilerplate_units or uy in boilerplate_units:
            continue
        match = "paragraph" if unit_whole[ux] and unit_whole[uy] else "clause"
        key = (min(unit_para[ux], unit_para[uy]), max(unit_para[ux], unit_para[uy]))
        have = best.get(key)
        if have is None or sim > have[0] or (sim == have[0] and match == "paragraph"):
            best[key] = (sim, match)
    pairs = []
    for (p, q), (sim, match) in best.items():
        sim = round(sim, 4)
        pairs += [Pair(p, q, sim, match), Pair(q, p, sim, match)]
    boilerplate = {unit_para[u] for u in boilerplate_units if unit_whole[u]}
    return pairs, boilerplate
