"""How strong an opening phrase is, so a lineage view can say "strengthened"/"weakened".

Negotiators trade on the opening verb: *Encourages* becoming *Urges* is a win for the
sponsors even if nothing else moves. Verbs are only comparable within one ladder:
*Urges* vs *Invites* (what States are asked to do) is meaningful, *Welcomes* vs
*Urges* is not, so each verb belongs to a ladder and comparisons across ladders
report a plain "changed". Adverbs of sequence (*Also*, *Further*, *Recognizing
also*) carry no strength and are ignored; *strongly* adds half a step.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.parsing.text import normalize

# ladder -> {phrase: level}; operative verbs and their preambular participles.
LADDERS: dict[str, dict[str, float]] = {
    "action": {
        "demands": 6,
        "demanding": 6,
        "urges": 5,
        "urging": 5,
        "calls upon": 4,
        "calling upon": 4,
        "calls on": 4,
        "calling on": 4,
        "requests": 4,
        "requesting": 4,
        "encourages": 3,
        "encouraging": 3,
        "recommends": 2.5,
        "recommending": 2.5,
        "invites": 2,
        "inviting": 2,
    },
    "acknowledgement": {
        "welcomes": 4,
        "welcoming": 4,
        "welcomes with appreciation": 4.5,
        "takes note with appreciation": 3,
        "taking note with appreciation": 3,
        "notes with appreciation": 3,
        "noting with appreciation": 3,
        "takes note": 2,
        "taking note": 2,
        "notes": 2,
        "noting": 2,
    },
    "concern": {
        "condemns": 5,
        "condemning": 5,
        "gravely concerned": 4,
        "expresses grave concern": 4,
        "expressing grave concern": 4,
        "deeply concerned": 3.5,
        "expresses deep concern": 3.5,
        "expressing deep concern": 3.5,
        "concerned": 3,
        "expresses concern": 3,
        "expressing concern": 3,
        "notes with concern": 2.5,
        "noting with concern": 2.5,
    },
}

_SEQUENCE_WORDS = ("once again", "also", "further", "again", "moreover", "furthermore")


@dataclass(frozen=True)
class OpeningStrength:
    ladder: str
    level: float
    verb: str  # the phrase looked up, e.g. "calls upon"


def _core(opening: str) -> tuple[str, bool]:
    """Lower-case phrase without sequence adverbs; whether it said *strongly*."""
    phrase = normalize(opening).lower().rstrip(",;:. ")
    changed = True
    while changed:
        changed = False
        for w in _SEQUENCE_WORDS:
            if phrase.startswith(w + " "):
                phrase, changed = phrase[len(w) + 1 :], True
            elif phrase.endswith(" " + w):
                phrase, changed = phrase[: -len(w) - 1], True
    strongly = phrase.startswith("strongly ")
    if strongly:
        phrase = phrase[len("strongly ") :]
    return phrase, strongly


def opening_strength(opening: str | None) -> OpeningStrength | None:
    """Ladder and level of an opening phrase, or None for non-graded ones (*Recalling*).

    The longest known phrase that starts the opening wins, so "Requests the
    Secretary-General" reads as *requests* and "Takes note with appreciation" does
    not fall back to *takes note*.
    """
    if not opening:
        return None
    phrase, strongly = _core(opening)
    best: OpeningStrength | None = None
    for ladder, verbs in LADDERS.items():
        for verb, level in verbs.items():
            if (phrase == verb or phrase.startswith(verb + " ")) and (best is None or len(verb) > len(best.verb)):
                best = OpeningStrength(ladder, level + (0.5 if strongly else 0), verb)
    return best


def opening_shift(old: str | None, new: str | None) -> str | None:
    """ "strengthened" | "weakened" | "same strength" | "sequence" | "changed" (not comparable),
    None if the text is equal.

    "sequence": only a sequence adverb changed (*Recognizing* -> *Recognizing also*): a change
    of wording that carries no strength; "same strength": another verb of the same level.
    """
    if normalize(old or "").lower() == normalize(new or "").lower():
        return None
    if _core(old or "") == _core(new or ""):
        return "sequence"
    a, b = opening_strength(old), opening_strength(new)
    if a is None or b is None or a.ladder != b.ladder:
        return "changed"
    if b.level > a.level:
        return "strengthened"
    if b.level < a.level:
        return "weakened"
    return "same strength"
