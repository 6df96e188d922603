"""Paragraph alignment between a resolution and the previous one in its series.

Each resolution is negotiated from the last one: most paragraphs are carried over,
some amended word by word, some added or dropped, a few split, merged, moved between
the preamble and the operative part, and many get a stronger or weaker opening verb.
``align(old, new)`` recovers that history as a list of ``Link``s, one per paragraph
group, each with a status:

- ``unchanged``: same text (typography aside), same part, in sequence;
- ``amended``: text changed; ``diff`` is the word-level redline (``moved`` is set if it
  also changed place or part);
- ``moved``: same text (or, across preamble/operative, same text after the opening
  phrase, which necessarily changes form: *Recognizing* -> *Recognizes*) but out of
  sequence or in the other part;
- ``new`` / ``dropped``: no counterpart;
- ``split``: one old paragraph whose text went into two new ones; ``merged``: the reverse.

Every link carries its ``similarity`` (0-1: idf-weighted Dice over content words, of the
parts together for a split or merge), and no link is made below ``LINK_MIN``: two
paragraphs that are merely the least dissimilar of their documents are "dropped" and
"new", never a version of one another, so a paragraph's origin is never chained through
a weak link. Each link also names its ``change``: ``unchanged``, ``editorial`` (case,
hyphenation, punctuation, quotes, spacing only), ``opening`` (only the opening phrase),
``amended``, ``split`` or ``merged``.

How: (1) similarity = idf-weighted Dice over content-word sets, computed only for
pairs sharing a rare word through an inverted index (cheap for 100 x 100); (2) a
weighted longest-common-subsequence DP picks the best *order-preserving* set of
matches, so inserted or deleted paragraphs (renumbering) never shift the others;
(3) leftovers that are still very similar are matched as out-of-sequence moves;
(4) leftovers that explain what a matched paragraph's partner does not become parts
of a split or merge (``_groups``); (5) linked paragraphs get a word diff and an
opening-phrase comparison.

The thresholds below were set on the series itself (62/132 -> 74/127 and
74/127 -> 76/141, whose golden alignments are in the tests) and checked on the
pairs that have no golden data (60 -> 62, 76 -> 78, 78 -> 80).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

from archive.parsing.text import normalize

from .openings import opening_shift
from .text import DiffOp, diff_words, editorial_form, printed_words, strip_opening, tokens

STATUSES = ("unchanged", "amended", "moved", "new", "dropped", "split", "merged")
CHANGES = ("unchanged", "editorial", "opening", "amended", "split", "merged")

# T: the weakest similarity a link may have. Set on the series: every link at or above it
# reads as a version of the same paragraph; below it were pairs that only share a frame
# ("Takes note of the report of the Special Rapporteur ... at its Nth session", about another
# report) or a few common words. ``python -m bench.lineage_agreement`` measures it on the golden files.
LINK_MIN = 0.35
MATCH_MIN = LINK_MIN  # weakest similarity accepted for an in-sequence match
MOVE_MIN = 0.60  # out-of-sequence matches must be near-identical to be believed
KIND_PENALTY = 0.9  # in-sequence pass: prefer a partner in the same part on near-ties
COMMON_DF = 0.5  # words in more than half of all paragraphs are not evidence
RARE_DF = 0.1  # candidate pairs must share a word found in at most 10% of paragraphs
# Splits and merges (see ``_groups``)
PART_MIN = 0.2  # similarity of a nearby part to its whole
PART_FAR = 0.6  # share of a far-away part's words that must come from the whole
GAIN_MIN = 0.15  # share of the whole a part must explain beyond its partner
COVER_MIN = 0.5  # share of the whole the parts together must explain
PARTNER_MAX = 0.7  # a partner explaining this much of the whole leaves nothing to split
NEAR = 3  # "nearby": within this many paragraphs of the partner


class ParaLike(Protocol):
    kind: str
    number: str | None
    opening: str | None
    text: str


@dataclass
class Para:
    """A paragraph as the aligner needs it (``ParsedParagraph`` fits as well)."""

    kind: str
    text: str
    number: str | None = None
    opening: str | None = None


@dataclass
class Link:
    """One row of the lineage: which old paragraph(s) became which new one(s).

    ``old``/``new`` are indices into the lists given to ``align`` (empty for new /
    dropped; two entries on one side for split / merged). ``score`` is the word-level
    similarity of the linked texts, parts concatenated (1.0 = identical, 0.0 for
    new/dropped). ``moved``: out of sequence or in another part (``kind_changed``);
    for split/merged links only a change of part sets it. ``diff`` is empty for
    unchanged links. The opening fields are filled only when both sides have an
    opening and it changed (the first paragraph of a group stands for the group);
    ``opening_shift`` is strengthened / weakened / same strength / sequence / changed
    (``openings``). ``similarity`` is the evidence the link rests on (never below
    ``LINK_MIN``); ``change`` is what kind of change it is (``CHANGES``; empty for new and
    dropped paragraphs).
    """

    status: str
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()
    score: float = 0.0
    similarity: float = 0.0
    change: str = ""
    moved: bool = False
    kind_changed: bool = False
    opening_changed: bool = False
    old_opening: str | None = None
    new_opening: str | None = None
    opening_shift: str | None = None
    diff: list[DiffOp] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["old"], d["new"] = list(self.old), list(self.new)
        d["diff"] = [list(op) for op in self.diff]
        return d


@dataclass
class _Prep:
    """Per-paragraph data computed once: normalised text, body, tokens and weight."""

    kind: str
    opening: str | None
    text: str
    norm: str
    body: str
    words: list[str]
    tokens: set[str]
    weighted: set[str] = field(default_factory=set)  # tokens that carry weight
    weight: float = 0.0


def _prep(p: ParaLike) -> _Prep:
    norm, body, words, toks = _text_forms(p.text, p.opening)
    return _Prep(p.kind, p.opening, p.text, norm, body, words, toks)


_FORMS_CACHE = 50_000  # paragraphs: a resolution is aligned twice (with the one before, the one after)


@functools.lru_cache(maxsize=_FORMS_CACHE)
def _text_forms(text: str, opening: str | None) -> tuple[str, str, list[str], set[str]]:
    """A paragraph's normalised text, body (without its opening), words and tokens: the same for
    every alignment it is in, so computed once (the words and tokens are only read, never changed)."""
    norm = normalize(text)
    # "," ends a preambular paragraph where ";" ends an operative one: not a change
    body = strip_opening(norm, opening, normalized=True).rstrip(",;:. ")
    return norm, body, norm.split(), tokens(norm, normalized=True)


class _Similarity:
    """idf-weighted Dice between content-word sets, for pairs sharing a distinctive word.

    Weights are computed over both documents together, so words every paragraph of
    the series uses ("women", "migrant", "workers") count for little and the
    distinctive ones ("remittances", "Vienna") decide.
    """

    def __init__(self, old: list[_Prep], new: list[_Prep]):
        df = Counter(itertools.chain.from_iterable(p.tokens for p in old + new))
        n = len(old) + len(new)
        self.idf = {t: math.log((n + 1) / c) for t, c in df.items() if c <= max(2, COMMON_DF * n)}
        for p in old + new:
            p.weighted = p.tokens & self.idf.keys()
            p.weight = sum(map(self.idf.__getitem__, p.weighted))
        # Candidates share at least one rare word; only they get a similarity at all.
        rare = max(3, RARE_DF * n)
        index: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(old):
            for t in p.weighted:
                if df[t] <= rare:
                    index[t].append(i)
        self.shared: dict[tuple[int, int], float] = {}  # weight of words old i and new j share
        idf = self.idf
        for j, p in enumerate(new):
            cands = {i for t in p.weighted if df[t] <= rare for i in index.get(t, ())}
            weighted = p.weighted
            for i in cands:
                self.shared[(i, j)] = sum(map(idf.__getitem__, old[i].weighted & weighted))
        self.old, self.new = old, new
        # Word-for-word identical pairs, even when no word in them is distinctive.
        by_text: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(old):
            by_text[p.norm].append(i)
        self.exact = {(i, j) for j, p in enumerate(new) for i in by_text.get(p.norm, ())}

    def score(self, i: int, j: int, same_part_bonus: bool = False) -> float:
        """Similarity in [0, 1]; with ``same_part_bonus`` cross-part pairs are discounted
        (for the in-sequence pass, where it only breaks near-ties)."""
        a, b = self.old[i], self.new[j]
        if a.norm == b.norm:
            return 1.0
        shared = self.shared.get((i, j), 0.0)
        total = a.weight + b.weight
        s = 2 * shared / total if total else 0.0
        return s * (KIND_PENALTY if same_part_bonus and a.kind != b.kind else 1.0)


def _ordered_matches(sim: _Similarity, n_old: int, n_new: int) -> list[tuple[int, int]]:
    """Best order-preserving matching: weighted LCS over the similarity matrix.

    Maximising the summed similarity of non-crossing pairs is what makes renumbering
    harmless: an inserted paragraph simply stays unmatched between two matched ones.
    """
    score = [[0.0] * (n_new + 1)]
    cand: dict[tuple[int, int], float] = {}
    old, new = sim.old, sim.new
    for (i, j), shared in sim.shared.items():
        # sim.score(i, j, same_part_bonus=True), inlined: it runs for every candidate pair
        a, b = old[i], new[j]
        if a.norm == b.norm:
            s = 1.0
        else:
            total = a.weight + b.weight
            s = 2 * shared / total if total else 0.0
            if a.kind != b.kind:
                s = s * KIND_PENALTY
        if s >= MATCH_MIN:
            cand[(i, j)] = s
    for pair in sim.exact:
        cand[pair] = 1.0
    by_row: list[dict[int, float]] = [{} for _ in range(n_old)]
    for (i, j), s in cand.items():
        by_row[i][j + 1] = s
    # score[i][j] = max(score[i-1][j], score[i][j-1], score[i-1][j-1] + s(i, j)): every row is
    # non-decreasing, so a row is the running maximum of the row above with its matches added
    for here in by_row:
        prev = score[-1]
        if not here:
            score.append(prev)  # rows are never written once made
            continue
        row = prev[:]
        for j, s in here.items():
            if prev[j - 1] + s > row[j]:
                row[j] = prev[j - 1] + s
        score.append(list(itertools.accumulate(row, max)))
    pairs = []
    i, j = n_old, n_new
    while i and j:
        s = cand.get((i - 1, j - 1))
        if s is not None and abs(score[i][j] - (score[i - 1][j - 1] + s)) < 1e-9:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _moves(sim: _Similarity, m_old: dict, m_new: dict) -> set[tuple[int, int]]:
    """Near-identical leftovers out of sequence: a paragraph moved elsewhere."""
    found = set()
    cands = sorted(
        ((sim.score(i, j), i, j) for (i, j) in set(sim.shared) | sim.exact if i not in m_old and j not in m_new),
        reverse=True,
    )
    for s, i, j in cands:
        if s < MOVE_MIN:
            break
        if i not in m_old and j not in m_new:
            m_old[i], m_new[j] = j, i
            found.add((i, j))
    return found


def _set_similarity(idf: dict[str, float], a: Sequence[_Prep], b: Sequence[_Prep]) -> float:
    """idf-weighted Dice between the content words of ``a`` and of ``b`` (parts together)."""
    if len(a) == 1 and len(b) == 1 and a[0].norm == b[0].norm:
        return 1.0
    ta = set().union(*(p.tokens for p in a)) & idf.keys()
    tb = set().union(*(p.tokens for p in b)) & idf.keys()
    weight = idf.__getitem__
    total = sum(map(weight, ta)) + sum(map(weight, tb))
    return 2 * sum(map(weight, ta & tb)) / total if total else 0.0


def _covered(idf: dict[str, float], whole: _Prep, parts: Sequence[_Prep]) -> float:
    """Share of ``whole``'s weighted words found in the union of ``parts``."""
    if not whole.weight:
        return 0.0
    union = set().union(*(p.tokens for p in parts))
    return sum(map(idf.get, whole.tokens & union, itertools.repeat(0.0))) / whole.weight


def _groups(
    idf: dict[str, float],
    shared: dict[tuple[int, int], float],
    wholes: list[_Prep],
    others: list[_Prep],
    m_whole: dict,
    m_other: dict,
    skip: set[int] = frozenset(),
) -> dict[int, list[int]]:
    """Splits (wholes = old paragraphs, parts = new ones) or, called mirrored, merges.

    An unmatched paragraph on the other side joins a whole as a *part* when adding it
    explains a good share (GAIN_MIN) of the whole that its partner alone does not, and
    either it is mostly made of the whole's words (PART_FAR; wherever it stands:
    merged paragraphs can come from far apart, and an uneven split leaves a small part
    next to a partner that carries most of the whole), or, weaker evidence, it is a
    near neighbour of the partner, closer to this whole than to any other, related as
    a weak match, and the partner leaves much of the whole unexplained (PARTNER_MAX;
    otherwise a new paragraph that reuses a phrase would pass for a split). Together
    the parts must account for most of the whole. ``shared`` is keyed (whole, other).
    """

    def dice(w: int, p: int) -> float:
        total = wholes[w].weight + others[p].weight
        return 2 * shared.get((w, p), 0.0) / total if total else 0.0

    nearest: dict[int, tuple[float, int]] = {}  # unmatched other -> (dice, most similar whole)
    by_whole: dict[int, list[int]] = defaultdict(list)
    for w, p in shared:
        if p in m_other or not others[p].weight:
            continue
        by_whole[w].append(p)
        d = dice(w, p)
        if p not in nearest or d > nearest[p][0]:
            nearest[p] = (d, w)

    groups: dict[int, list[int]] = {}
    for w, cands in by_whole.items():
        if w in skip:
            continue
        whole = wholes[w]
        partner = m_whole.get(w)
        parts = [partner] if partner is not None else []
        open_share = _covered(idf, whole, [others[partner]]) < PARTNER_MAX if parts else True
        for p in sorted(cands, key=lambda p: -dice(w, p)):
            if p in m_other:
                continue
            inside = shared[(w, p)] / others[p].weight
            near = not parts or min(abs(p - q) for q in parts) <= NEAR
            related = inside >= PART_FAR or (open_share and near and nearest[p][1] == w and dice(w, p) >= PART_MIN)
            if not related:
                continue
            before = _covered(idf, whole, [others[q] for q in parts]) if parts else 0.0
            if _covered(idf, whole, [others[q] for q in parts + [p]]) - before >= GAIN_MIN:
                parts.append(p)
        if (
            len(parts) >= 2
            and _covered(idf, whole, [others[q] for q in parts]) >= COVER_MIN
            and _set_similarity(idf, [whole], [others[q] for q in parts]) >= LINK_MIN
        ):
            groups[w] = sorted(parts)
            for q in parts:
                m_other[q] = w
            m_whole[w] = parts[0]
    return groups


def align(old: Sequence[ParaLike], new: Sequence[ParaLike]) -> list[Link]:
    """Align ``new`` (a resolution) against ``old`` (its predecessor); see module doc."""
    po, pn = [_prep(p) for p in old], [_prep(p) for p in new]
    sim = _Similarity(po, pn)
    pairs = _ordered_matches(sim, len(po), len(pn))
    m_old = {i: j for i, j in pairs}
    m_new = {j: i for i, j in pairs}
    out_of_order = _moves(sim, m_old, m_new)

    splits = _groups(sim.idf, sim.shared, po, pn, m_old, m_new)
    # Merges: the same search with the documents' roles swapped.
    split_parts = {j for parts in splits.values() for j in parts}
    mirrored = {(j, i): v for (i, j), v in sim.shared.items()}
    merges = _groups(sim.idf, mirrored, pn, po, m_new, m_old, split_parts)

    links: list[Link] = []
    grouped_old = {i for parts in merges.values() for i in parts} | set(splits)
    grouped_new = {j for parts in splits.values() for j in parts} | set(merges)
    for i, parts in splits.items():
        links.append(_link("split", po, pn, (i,), tuple(parts), False, sim.idf))
    for j, parts in merges.items():
        links.append(_link("merged", po, pn, tuple(parts), (j,), False, sim.idf))
    for i, j in list(m_old.items()):
        if i in grouped_old or j in grouped_new:
            continue
        link = _link(None, po, pn, (i,), (j,), (i, j) in out_of_order, sim.idf)
        if link.similarity < LINK_MIN:  # weaker than any match accepted: not a version
            del m_old[i], m_new[j]
            continue
        links.append(link)
    for i in range(len(po)):
        if i not in m_old:
            links.append(Link("dropped", old=(i,)))
    for j in range(len(pn)):
        if j not in m_new:
            links.append(Link("new", new=(j,)))
    return _sorted(links, m_old)


def _link(
    status: str | None, po: list[_Prep], pn: list[_Prep], oi: tuple, ni: tuple, moved: bool, idf: dict[str, float]
) -> Link:
    """A matched link with its diff, score, similarity, change, move flags and opening comparison."""
    a, b = [po[i] for i in oi], [pn[j] for j in ni]
    wa = [w for p in a for w in p.words]
    wb = [w for p in b for w in p.words]
    if wa == wb:
        diff, ratio = diff_words(wa, wb)
    else:  # matched as normalised, printed as the texts print them
        shown_a = [w for p in a for w in printed_words(p.text, p.words)]
        shown_b = [w for p in b for w in printed_words(p.text, p.words)]
        diff, ratio = diff_words(wa, wb, shown_a, shown_b)
    kind_changed = {p.kind for p in a} != {p.kind for p in b}
    moved = moved or kind_changed
    if status is None:
        same = a[0].norm == b[0].norm or (kind_changed and a[0].body == b[0].body)
        status = ("moved" if moved else "unchanged") if same else "amended"
    link = Link(status, oi, ni, round(ratio, 4), round(_set_similarity(idf, a, b), 4), "", moved, kind_changed)
    if status != "unchanged":
        link.diff = diff
    oo, no = a[0].opening, b[0].opening
    if oo and no:
        shift = opening_shift(oo, no)
        if shift is not None:
            link.opening_changed, link.old_opening, link.new_opening = True, oo, no
            link.opening_shift = shift
    link.change = _change(link, a, b)
    return link


def _change(link: Link, a: list[_Prep], b: list[_Prep]) -> str:
    """What kind of change a matched link is (see ``CHANGES``)."""
    if link.status in ("split", "merged"):
        return link.status
    old, new = a[0], b[0]
    if old.norm == new.norm:
        return "unchanged"
    if editorial_form(old.norm) == editorial_form(new.norm):
        return "editorial"
    if editorial_form(old.body) == editorial_form(new.body):
        return "opening"  # the same text after a changed opening (Recognizing -> Recognizing also)
    return "amended"


def _sorted(links: list[Link], m_old: dict) -> list[Link]:
    """Reading order of the new resolution; dropped paragraphs after their old predecessor."""

    def key(link: Link):
        if link.new:
            return (min(link.new), 1, 0)
        i = link.old[0]
        anchor = max((m_old[k] for k in range(i) if k in m_old), default=-1)
        return (anchor, 2, i)

    return sorted(links, key=key)
