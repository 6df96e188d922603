"""Series found in the texts: resolutions that recur across sessions, pure Python.

The General Assembly takes up most questions again every year or every second year, under
the same agenda item, with a resolution that keeps its title and recalls the previous ones
("Recalling its resolutions 76/141 of 16 December 2021 and 78/180 of 19 December 2023 on
violence against women migrant workers"). Three signals join two resolutions into a series:

- the same title (compared without case, quotes, dashes or a closing full stop);
- a *chain*: a later resolution recalls the earlier one where it names its own title or
  "its previous resolutions on the subject" (not "other relevant resolutions on this matter"),
  and the two share the agenda item or most of their title's words (a misprinted number in a
  chain does not join another subject);
- a recall with continuity: a later resolution recalls the earlier one under the same agenda
  item with a title that shares most of its words, so that a change of title alone never
  drops a member.

A registry entry overrides detection: a resolution the registry (or the manifest) puts in a
series stays there. Resolutions a chain names that the archive does not hold are returned
as members not held. A series needs members in at least two sessions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

# A resolution number as the texts cite it: 76/141 (not the 74/235 of a report symbol A/74/235).
NUMBER_RE = re.compile(r"(?<![\d/A-Za-z])(\d{2,3})/(\d{1,3})(?![\d/])")
RECALL_OPENINGS = ("recalling", "reaffirming", "bearing in mind", "taking note", "noting", "welcoming", "guided by")
# "its previous resolutions on the subject": a chain that names the series without its title
SUBJECT_RE = re.compile(
    r"(?<!other )(?:all (?:of )?its |its )previous resolutions?(?: and decisions)? on (?:the|this) (?:subject|question|matter|issue|topic|item)"
)
CONTINUATION_RE = re.compile(
    r"^\s*,?\s*(?:including|in particular|most recently|the most recent of which|and most recently)"
)
MIN_TITLE_OVERLAP = 0.5  # word Jaccard of two titles for a recall under one agenda item to join them
SLUG_MAX = 80


@dataclass
class Resolution:
    """What detection reads of a held resolution."""

    symbol: str
    session: int
    number: str  # "76/141"
    title: str
    agenda_item_name: str = ""
    committee: str = ""
    recalls: list[str] = field(default_factory=list)  # preambular paragraphs that recall resolutions
    registry_slug: str = ""  # the series the registry or manifest gives it, if any


@dataclass
class NotHeld:
    symbol: str
    session: int
    named_by: str  # the held resolution whose chain names it


@dataclass
class DetectedSeries:
    slug: str
    title: str
    members: list[Resolution]  # held, in session then number order
    not_held: list[NotHeld]
    registry_slug: str = ""
    signals: dict[str, int] = field(default_factory=dict)  # how many joins each signal made

    @property
    def sessions(self) -> list[int]:
        return sorted({m.session for m in self.members} | {m.session for m in self.not_held})


def title_key(title: str) -> str:
    """A title as compared: 'Violence against women migrant workers.' == 'violence against women migrant workers'."""
    t = unicodedata.normalize("NFKC", title).casefold()
    t = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", t)
    t = re.sub(r"[\u2010-\u2015-]", " ", t)
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


STOPWORDS = {"the", "and", "for", "its", "with", "from", "into", "their", "other", "united", "nations"}


def _words(title: str) -> set[str]:
    return {w for w in title_key(title).split() if len(w) > 2 and w not in STOPWORDS}


def title_overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _norm(text: str) -> str:
    """Text compared as titles are, keeping what separates subjects (';', ',') and numbers (76/141)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", t)
    t = re.sub(r"[\u2010-\u2015-]", " ", t)
    t = re.sub(r"[^\w\s;,/]", " ", t)
    return " ".join(t.split())


def chain_numbers(paragraph: str, title: str) -> list[str]:
    """The resolution numbers a paragraph recalls *as this title's predecessors*.

    Taken: the numbers before a mention of the title (back to the previous ';' or the previous
    'on ...' phrase, which is another subject), and after it when the text goes on 'including
    resolution N/M'. A mention is 'on <the title>' or 'previous resolutions on the subject'.
    """
    key = title_key(title)
    if not key:
        return []
    text = _norm(paragraph)
    mentions = []
    for m in _title_mention(key).finditer(text):
        mentions.append((m.start(), m.end()))
    for m in SUBJECT_RE.finditer(text):
        mentions.append((m.start(), m.end()))
    out: list[str] = []
    for start, end in mentions:
        before = text[:start]
        cut = max(before.rfind(";"), _previous_subject(before))
        window = text[cut + 1 : start]
        after = text[end:]
        if CONTINUATION_RE.match(after):
            stop = min(
                [i for i in (after.find(";"), after.find(" on "), after.find(", and ")) if i >= 0] or [len(after)]
            )
            window += " " + after[:stop]
        for m in NUMBER_RE.finditer(window):
            number = f"{int(m.group(1))}/{int(m.group(2))}"
            if number not in out:
                out.append(number)
    return out


@functools.lru_cache(maxsize=4096)
def _title_mention(key: str) -> re.Pattern:
    """'on (the) <title>' as a pattern, compiled once per title (a corpus has thousands)."""
    return re.compile(r"\bon (?:the )?" + re.escape(key) + r"\b")


def _previous_subject(before: str) -> int:
    """Where the previous 'on <subject>,' phrase ends (its comma), or -1."""
    i = before.rfind(" on ")
    if i < 0:
        return -1
    comma = before.find(",", i)
    return comma if comma >= 0 else i


def recalled_numbers(paragraph: str) -> list[str]:
    """Every resolution number a paragraph recalls."""
    out = []
    for m in NUMBER_RE.finditer(paragraph):
        number = f"{int(m.group(1))}/{int(m.group(2))}"
        if number not in out:
            out.append(number)
    return out


def is_recall(paragraph: str) -> bool:
    return paragraph.lstrip().casefold().startswith(RECALL_OPENINGS) and "resolution" in paragraph


class _Union:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _order(r: Resolution) -> tuple:
    """Session, then number: 74/25 before 74/249 before 74/249 B."""
    m = re.match(r"(\d+)\s*(.*)", r.number.partition("/")[2])
    return (r.session, int(m.group(1)) if m else 0, m.group(2) if m else "", r.symbol)


def detect_series(resolutions: list[Resolution], reserved_slugs: set[str] = frozenset()) -> list[DetectedSeries]:
    """Group held resolutions into series; returns every series with members in two sessions or more."""
    docs = sorted(resolutions, key=_order)
    by_number = {r.number: i for i, r in enumerate(docs) if r.number}
    union = _Union(range(len(docs)))
    why: dict[tuple[int, int], str] = {}
    # the registry series of each group's members, kept by its root as groups are joined
    slugs: dict[int, frozenset[str]] = {
        i: frozenset([r.registry_slug] if r.registry_slug else []) for i, r in enumerate(docs)
    }

    def join(a: int, b: int, signal: str) -> None:
        # two different registry series are never joined by detection
        ra, rb = union.find(a), union.find(b)
        if ra == rb:
            return
        both = slugs[ra] | slugs[rb]
        if len(both) > 1:
            return
        union.join(a, b)
        slugs[union.find(a)] = both
        why[(a, b)] = signal

    by_title: dict[str, int] = {}
    for i, r in enumerate(docs):
        key = title_key(r.title)
        if key in by_title:
            join(by_title[key], i, "title")
        else:
            by_title[key] = i
    by_registry: dict[str, int] = {}
    for i, r in enumerate(docs):
        if r.registry_slug:
            if r.registry_slug in by_registry:
                join(by_registry[r.registry_slug], i, "registry")
            else:
                by_registry[r.registry_slug] = i

    chained: dict[int, list[str]] = {}  # a resolution -> the numbers its chain names
    for i, r in enumerate(docs):
        names: list[str] = []
        for para in r.recalls:
            if not is_recall(para):
                continue
            for number in chain_numbers(para, r.title):
                if number not in names and number != r.number:
                    names.append(number)
            for number in recalled_numbers(para):
                j = by_number.get(number)
                if j is None or j == i or docs[j].session >= r.session:
                    continue
                if (
                    r.agenda_item_name
                    and r.agenda_item_name == docs[j].agenda_item_name
                    and title_overlap(r.title, docs[j].title) >= MIN_TITLE_OVERLAP
                ):
                    join(j, i, "recall, same agenda item")
        chained[i] = [n for n in names if int(n.partition("/")[0]) < r.session]
        for number in chained[i]:
            j = by_number.get(number)
            # a chain names the series' predecessors; one held under another agenda item with
            # another title is a misprint or another subject, not a member
            if (
                j is not None
                and j != i
                and (
                    (r.agenda_item_name and r.agenda_item_name == docs[j].agenda_item_name)
                    or title_overlap(r.title, docs[j].title) >= MIN_TITLE_OVERLAP
                )
            ):
                join(j, i, "recalling chain")

    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(union.find(i), []).append(i)
    out: list[DetectedSeries] = []
    taken = set(reserved_slugs)
    signals_of: dict[int, dict[str, int]] = {}
    for (a, _b), signal in why.items():
        counted = signals_of.setdefault(union.find(a), {})
        counted[signal] = counted.get(signal, 0) + 1
    for root, items in sorted(groups.items()):
        members = [docs[i] for i in items]
        held_numbers = {m.number for m in members}
        not_held: dict[str, NotHeld] = {}
        for i in items:
            for number in chained.get(i, []):
                if number in held_numbers or number in by_number or number in not_held:
                    continue
                not_held[number] = NotHeld("A/RES/" + number, int(number.partition("/")[0]), docs[i].symbol)
        sessions = {m.session for m in members} | {n.session for n in not_held.values()}
        registry = next((m.registry_slug for m in members if m.registry_slug), "")
        if len(sessions) < 2 and not registry:
            continue
        signals = signals_of.get(root, {})
        first = members[0]
        slug = registry or _slug(first.title, first.number, taken)
        taken.add(slug)
        out.append(
            DetectedSeries(
                slug,
                members[-1].title,
                members,
                sorted(not_held.values(), key=lambda n: (n.session, n.symbol)),
                registry,
                signals,
            )
        )
    return out


def _slug(title: str, number: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title_key(title)).strip("-")[:SLUG_MAX].rstrip("-") or "series"
    if base not in taken:
        return base
    return f"{base}-{number.replace('/', '-')}"
