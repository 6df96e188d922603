"""Agreed language across documents ("also in"), pure Python and numpy.

A paragraph's *units* are its whole text and, when it has several, each clause of at least
``CLAUSE_MIN_WORDS`` words (split at ';', ':' and full stops), so that a clause reused inside a
longer paragraph is found. Each unit is a set of word shingles (``SHINGLE`` words, case and
punctuation ignored); units are signed with datasketch's MinHash (its affine32 scheme: CRC-32
of a shingle, the MurmurHash3 finalizer, the index's permutations), computed for all units at
once with numpy, and grouped by LSH banding with the bands and rows datasketch's
``MinHashLSH`` chooses for ``LSH_THRESHOLD``. The permutations and the bands are derived here as
datasketch derives them (its tests check both against the library): importing datasketch
itself costs more than a small ingest (its LSH module imports scipy for one integral). Every candidate pair is then verified with the
exact Jaccard similarity of the two shingle sets: a pair is kept at ``MIN_SIMILARITY`` or above.

What is not agreed language:
- a unit under ``MIN_WORDS`` words ("Takes note of the report of the Secretary-General;",
  "Decides to remain seized of the matter;");
- boilerplate: a unit whose language is found in more than ``MAX_DOCUMENTS`` documents (the
  enacting formulas, "Reaffirming the purposes and principles of the Charter ...").
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

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


class _WordHashes(dict):
    """Word -> its CRC-32, computed on first sight: looked up with ``map`` (no Python call per word)."""

    def __missing__(self, word: str) -> int:
        h = self[word] = zlib.crc32(word.encode())
        return h


_WORD_HASH = _WordHashes()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (as datasketch mixes values before its permutations)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def unit_spans(text: str) -> list[tuple[bool, list[str]]]:
    """(is the whole paragraph, words) of each unit worth comparing: the whole paragraph of at
    least ``MIN_WORDS`` words and, when it has several, its clauses of ``CLAUSE_MIN_WORDS`` or more."""
    parts = [p for p in (words(part) for part in CLAUSE_SPLIT_RE.split(text)) if p]
    tokens = [w for p in parts for w in p]
    out = []
    if len(tokens) >= MIN_WORDS:
        out.append((True, tokens))
    if len(parts) > 1:
        out += [(False, p) for p in parts if len(p) >= CLAUSE_MIN_WORDS]
    return out


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (a sort and a mask: faster than ``np.unique`` on these arrays)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def shingle_sets(token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Every unit's distinct shingle hashes, flat and sorted by unit, and each unit's start in it.

    A shingle's hash folds its ``SHINGLE`` words' CRC-32 values (a unit shorter than that has one
    shingle of all its words); computed for all units at once."""
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    flat = np.fromiter(
        map(_WORD_HASH.__getitem__, itertools.chain.from_iterable(token_lists)),
        dtype=np.uint32,
        count=int(lengths.sum()),
    )
    ends = np.cumsum(lengths)
    starts = ends - lengths
    unit_of = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
    n = len(flat)
    with np.errstate(over="ignore"):
        h = flat.copy()
        for k in range(1, SHINGLE):
            nxt = np.zeros(n, dtype=np.uint32)
            nxt[: n - k] = flat[k:]
            h = _fmix32(h * np.uint32(0x9E3779B1) ^ nxt)
    pos = np.arange(n, dtype=np.int64)
    last_start = np.maximum(ends - SHINGLE, starts)  # a short unit: its first position only
    valid = pos <= last_start[unit_of]
    short = (lengths < SHINGLE)[unit_of]
    if short.any():  # a short unit's one shingle: the fold of all its words
        for u in np.flatnonzero(lengths < SHINGLE).tolist():
            g = np.uint32(0)
            with np.errstate(over="ignore"):
                for w in flat[starts[u] : ends[u]]:
                    g = _fmix32(np.uint32(g * np.uint32(0x9E3779B1)) ^ w)
            h[starts[u]] = g
    keys = _distinct((unit_of[valid].astype(np.uint64) << np.uint64(32)) | h[valid].astype(np.uint64))
    units_sorted = (keys >> np.uint64(32)).astype(np.int64)
    values = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    offsets = np.searchsorted(units_sorted, np.arange(len(token_lists) + 1))
    return values, offsets


def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the affine permutations ``h -> a * h + b mod 2**32``: datasketch's ``MinHash``
    draws them so for its affine32 scheme (``a`` odd, so that each is a bijection)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signatures(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The MinHash signature of every unit (its values ``values[offsets[u]:offsets[u + 1]]``), one row
    each: what datasketch's ``MinHash`` (affine32 scheme, a value as its own hash) holds after
    ``update_batch`` with those values, computed for all units at once."""
    a, b = permutations()
    n_units = len(offsets) - 1
    out = np.empty((n_units, NUM_PERM), dtype=np.uint32)
    with np.errstate(over="ignore"):
        mixed = _fmix32(values.astype(np.uint32))
        i = 0
        while i < n_units:
            j = int(np.searchsorted(offsets, offsets[i] + _CHUNK, side="right")) - 1
            j = min(max(j, i + 1), n_units)
            lo, hi = offsets[i], offsets[j]
            phv = mixed[lo:hi, None] * a[None, :] + b[None, :]
            out[i:j] = np.minimum.reduceat(phv, offsets[i:j] - lo, axis=0)
            i = j
    return out


@functools.cache
def bands(threshold: float = LSH_THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) datasketch's ``MinHashLSH`` picks for the threshold: the pair minimising the
    false-positive and false-negative probabilities weighed alike. Both are integrals of a
    polynomial in the similarity of degree at most ``num_perm``, which Gauss-Legendre quadrature
    with ``num_perm // 2 + 1`` nodes computes exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def points(lo: float, hi: float) -> tuple[np.ndarray, float]:
        half = (hi - lo) / 2
        return half * nodes + (hi + lo) / 2, half

    below, below_half = points(0.0, threshold)
    above, above_half = points(threshold, 1.0)
    best, choice = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            # a pair below the threshold sharing a band; a pair above it sharing none
            fp = below_half * float(np.dot(weights, 1 - (1 - below ** float(r)) ** float(b)))
            fn = above_half * float(np.dot(weights, (1 - above ** float(r)) ** float(b)))
            error = 0.5 * fp + 0.5 * fn
            if error < best:
                best, choice = error, (b, r)
    return choice


def _band_keys(sig: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per unit for a band's rows (equal rows, equal keys)."""
    part = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.zeros(len(sig), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in range(rows):
            key = (key * np.uint64(0x100000001B3)) ^ part[:, c]
    return key


def candidate_pairs(sig: np.ndarray, docs: np.ndarray, changed: np.ndarray) -> tuple[np.ndarray, set[int]]:
    """Unit pairs (i < j) of different documents that share a band, at least one of them changed;
    and the units in a bucket spanning more than ``MAX_DOCUMENTS`` documents (boilerplate).

    Each band's buckets are runs of equal keys after one sort; the pairs within every bucket are
    generated at once (each member with the members after it), so that the cost is the pairs',
    not a Python step per bucket."""
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
        # position k of a bucket of size s pairs with the s - 1 - k positions after it
        rank = np.arange(n) - np.repeat(starts, sizes)
        after = np.repeat(sizes, sizes) - 1 - rank
        big = sizes > MAX_DOCUMENTS
        for start, size in zip(starts[big].tolist(), sizes[big].tolist()):  # few: formulas, checked one by one
            group = order[start : start + size]
            if len(np.unique(docs[group])) > MAX_DOCUMENTS:
                if changed[group].any():
                    crowded.update(group.tolist())
                after[start : start + size] = 0  # boilerplate: no pairs from it
        total = int(after.sum())
        if not total:
            continue
        left = np.repeat(np.arange(n), after)
        step = np.arange(total) - np.repeat(np.cumsum(after) - after, after) + 1
        a, b = order[left], order[left + step]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = (docs[lo] != docs[hi]) & (changed[lo] | changed[hi])
        found.append(lo[keep].astype(np.int64) * n + hi[keep])
    if not found:
        return np.empty((0, 2), dtype=np.int64), crowded
    codes = _distinct(np.concatenate(found))
    return np.stack((codes // n, codes % n), axis=1), crowded


@dataclass(frozen=True)
class PairArrays:
    """The pairs found, one per element, each way: what the store copies without a Python object per pair."""

    paragraph: np.ndarray  # int64
    other: np.ndarray  # int64
    other_document: np.ndarray  # int64
    similarity: list[float]  # rounded to 4 places
    whole: np.ndarray  # bool: whole paragraph against whole paragraph (else a clause of one or both)

    def __len__(self) -> int:
        return len(self.paragraph)


_VERIFY_ELEMENTS = 4_000_000  # shingle values sorted at once when candidate pairs are checked


def _take(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``values[starts[k] : starts[k] + lengths[k]]`` for every k, concatenated."""
    total = int(lengths.sum())
    return values[np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)]


def intersections(values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many shingles units ``a[k]`` and ``b[k]`` share, for every k: each pair's two sorted sets
    tagged with the pair's index and sorted together, a shared value shows as two equal neighbours."""
    out = np.zeros(len(a), dtype=np.int64)
    sizes = (offsets[a + 1] - offsets[a]) + (offsets[b + 1] - offsets[b])
    bounds = np.searchsorted(np.cumsum(sizes), np.arange(_VERIFY_ELEMENTS, int(sizes.sum()), _VERIFY_ELEMENTS))
    for lo, hi in zip(np.concatenate(([0], bounds)), np.concatenate((bounds, [len(a)]))):
        if lo == hi:
            continue
        aa, bb = a[lo:hi], b[lo:hi]
        la, lb = offsets[aa + 1] - offsets[aa], offsets[bb + 1] - offsets[bb]
        tags = np.arange(hi - lo, dtype=np.uint64) << np.uint64(32)
        keys = np.concatenate(
            (
                np.repeat(tags, la) | _take(values, offsets[aa], la).astype(np.uint64),
                np.repeat(tags, lb) | _take(values, offsets[bb], lb).astype(np.uint64),
            )
        )
        keys.sort()
        same = keys[1:][keys[1:] == keys[:-1]]
        out[lo:hi] = np.bincount((same >> np.uint64(32)).astype(np.int64), minlength=hi - lo)
    return out


@dataclass(frozen=True)
class Units:
    """Every unit of some texts, in text order: its paragraph, document, whether it is the whole
    paragraph, its shingle set (``values[offsets[u]:offsets[u + 1]]``) and its MinHash signature."""

    para: np.ndarray  # int64
    doc: np.ndarray  # int64
    whole: np.ndarray  # bool
    values: np.ndarray  # uint32
    offsets: np.ndarray  # int64, one more than the units
    sig: np.ndarray  # uint32, (units, NUM_PERM)

    def __len__(self) -> int:
        return len(self.para)


def units(texts: list[Text]) -> Units:
    """The units of ``texts``, each with its shingle set and signature: the part of a comparison
    that reads one text at a time (so that it can be spread over processes, see ``parallel_units``)."""
    unit_para: list[int] = []
    unit_doc: list[int] = []
    unit_whole: list[bool] = []
    token_lists: list[list[str]] = []
    for t in texts:
        for whole, tokens in unit_spans(t.text):
            unit_para.append(t.id)
            unit_doc.append(t.document)
            unit_whole.append(whole)
            token_lists.append(tokens)
    if not token_lists:
        return Units(
            np.empty(0, dtype=np.int64),
            np.empty(0, dtype=np.int64),
            np.empty(0, dtype=bool),
            np.empty(0, dtype=np.uint32),
            np.zeros(1, dtype=np.int64),
            np.empty((0, NUM_PERM), dtype=np.uint32),
        )
    values, offsets = shingle_sets(token_lists)
    return Units(
        np.asarray(unit_para, dtype=np.int64),
        np.asarray(unit_doc, dtype=np.int64),
        np.asarray(unit_whole, dtype=bool),
        values,
        offsets.astype(np.int64),
        signatures(values, offsets),
    )


def joined(parts: list[Units]) -> Units:
    """The units of consecutive runs of texts, as ``units`` gives them for all the texts at once
    (each unit's shingles and signature depend on its own words only)."""
    starts = np.cumsum([0] + [len(p.values) for p in parts])
    return Units(
        np.concatenate([p.para for p in parts]),
        np.concatenate([p.doc for p in parts]),
        np.concatenate([p.whole for p in parts]),
        np.concatenate([p.values for p in parts]),
        np.concatenate([p.offsets[:-1] + start for p, start in zip(parts, starts)] + [starts[-1:]]),
        np.concatenate([p.sig for p in parts]),
    )


_texts: list[Text] = []  # set before the workers fork: they read it, nothing is pickled to them


def _units_of_slice(bounds: tuple[int, int]) -> Units:
    return units(_texts[bounds[0] : bounds[1]])


def parallel_units(texts: list[Text], workers: int) -> Units:
    """``units(texts)`` computed by ``workers`` forked processes, each on runs of texts in turn.
    The caller closes its database connections first: the workers must not share them."""
    global _texts
    if workers < 2 or not texts:
        return units(texts)
    import multiprocessing

    pieces = workers * 4  # runs of texts differ in length: more pieces than workers keep both busy
    edges = [len(texts) * k // pieces for k in range(pieces + 1)]
    _texts = texts
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return joined(pool.map(_units_of_slice, list(zip(edges, edges[1:]))))
    finally:
        _texts = []


_verify: tuple = ()  # (values, offsets, a, b), set before the workers fork


def _intersections_of_slice(bounds: tuple[int, int]) -> np.ndarray:
    values, offsets, a, b = _verify
    return intersections(values, offsets, a[bounds[0] : bounds[1]], b[bounds[0] : bounds[1]])


def parallel_intersections(
    values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, workers: int
) -> np.ndarray:
    """``intersections`` of the pairs, counted by ``workers`` forked processes on runs of pairs in turn."""
    global _verify
    if workers < 2 or len(a) < 2 * workers:
        return intersections(values, offsets, a, b)
    import multiprocessing

    pieces = workers * 4
    edges = [len(a) * k // pieces for k in range(pieces + 1)]
    _verify = (values, offsets, a, b)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return np.concatenate(pool.map(_intersections_of_slice, list(zip(edges, edges[1:]))))
    finally:
        _verify = ()


def find_pair_arrays(
    texts: list[Text], changed: set[int] | None = None, workers: int = 1
) -> tuple[PairArrays, set[int]]:
    """Pairs of paragraphs of different documents sharing agreed language, each way, and the
    paragraphs whose language is boilerplate. With ``changed``, only pairs that involve one of
    those paragraphs (the others are already stored). With ``workers``, the units and their
    signatures, and the candidate pairs' shared shingles, are computed in that many processes
    (the same figures: see ``joined``).

    Each candidate pair's exact similarity, the documents each unit's language is found in and
    the best match of each paragraph pair are computed for all pairs at once."""
    found = parallel_units(texts, workers)
    empty = np.empty(0, dtype=np.int64)
    if not len(found):
        return PairArrays(empty, empty, empty, [], np.empty(0, dtype=bool)), set()
    values, offsets, sig = found.values, found.offsets, found.sig
    n_units = len(found)
    paras, docs, whole = found.para, found.doc, found.whole
    is_changed = (
        np.ones(n_units, dtype=bool) if changed is None else np.isin(paras, np.fromiter(changed, dtype=np.int64))
    )
    cand, crowded = candidate_pairs(sig, docs, is_changed)
    # the signatures' estimate first (cheap), the exact similarity for the plausible
    if len(cand):
        estimate = (sig[cand[:, 0]] == sig[cand[:, 1]]).mean(axis=1)
        cand = cand[estimate >= MIN_SIMILARITY - 0.2]
    ux, uy = cand[:, 0], cand[:, 1]
    inter = parallel_intersections(values, offsets, ux, uy, workers)
    union = (offsets[ux + 1] - offsets[ux]) + (offsets[uy + 1] - offsets[uy]) - inter
    sim = inter / np.maximum(union, 1)
    keep = sim >= MIN_SIMILARITY
    ux, uy, sim = ux[keep], uy[keep], sim[keep]
    # a unit whose language stands in more than MAX_DOCUMENTS documents (itself included) is boilerplate
    seen = _distinct(
        np.concatenate((ux, uy)).astype(np.uint64) << np.uint64(32)
        | np.concatenate((docs[uy], docs[ux])).astype(np.uint64)
    )
    reach = np.bincount((seen >> np.uint64(32)).astype(np.int64), minlength=n_units)
    boilerplate_unit = reach + 1 > MAX_DOCUMENTS
    boilerplate_unit[list(crowded)] = True
    keep = ~(boilerplate_unit[ux] | boilerplate_unit[uy])
    ux, uy, sim = ux[keep], uy[keep], sim[keep]
    # one pair per two paragraphs: the most similar of their units' pairs, a whole-paragraph match on a tie
    first = paras[ux] < paras[uy]
    lo_unit, hi_unit = np.where(first, ux, uy), np.where(first, uy, ux)
    plo, phi = paras[lo_unit], paras[hi_unit]
    par = whole[ux] & whole[uy]
    order = np.lexsort((~par, -sim, phi, plo))
    plo, phi, sim, par, lo_unit, hi_unit = (x[order] for x in (plo, phi, sim, par, lo_unit, hi_unit))
    best = np.concatenate(([True], (plo[1:] != plo[:-1]) | (phi[1:] != phi[:-1]))) if len(plo) else np.empty(0, bool)
    plo, phi, par, lo_unit, hi_unit = plo[best], phi[best], par[best], lo_unit[best], hi_unit[best]
    rounded = [round(x, 4) for x in sim[best].tolist()]
    pairs = PairArrays(
        np.concatenate((plo, phi)),
        np.concatenate((phi, plo)),
        np.concatenate((docs[hi_unit], docs[lo_unit])),
        rounded + rounded,
        np.concatenate((par, par)),
    )
    boilerplate = set(paras[boilerplate_unit & whole].tolist())
    return pairs, boilerplate


def find_pairs(texts: list[Text], changed: set[int] | None = None) -> tuple[list[Pair], set[int]]:
    """``find_pair_arrays`` as ``Pair`` objects."""
    found, boilerplate = find_pair_arrays(texts, changed)
    pairs = [
        Pair(p, q, sim, "paragraph" if par else "clause")
        for p, q, sim, par in zip(
            found.paragraph.tolist(), found.other.tolist(), found.similarity, found.whole.tolist()
        )
    ]
    return pairs, boilerplate


def reach_counts(pairs: PairArrays) -> dict[int, int]:
    """Paragraph -> how many other documents its pairs reach."""
    if not len(pairs):
        return {}
    seen = np.unique((pairs.paragraph.astype(np.uint64) << np.uint64(32)) | pairs.other_document.astype(np.uint64))
    ids, counts = np.unique((seen >> np.uint64(32)).astype(np.int64), return_counts=True)
    return dict(zip(ids.tolist(), counts.tolist()))
