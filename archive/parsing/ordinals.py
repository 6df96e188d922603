"""Session ordinals as printed ("sixty-fourth session") to numbers, and back."""

from __future__ import annotations

import re

_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENS_ORDINAL = {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
}

ORDINAL_RE = re.compile(
    r"\b((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ieth"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)\b",
    re.IGNORECASE,
)


def ordinal_to_int(word: str) -> int | None:
    """'sixty-fourth' -> 64, 'Eightieth' -> 80; None when it is not an ordinal."""
    w = word.strip().lower()
    if w in _UNITS:
        return _UNITS[w]
    if w in _TENS_ORDINAL:
        return _TENS_ORDINAL[w]
    tens, _, unit = w.partition("-")
    if tens in _TENS and unit in _UNITS and _UNITS[unit] < 10:
        return _TENS[tens] + _UNITS[unit]
    return None


def session_from_heading(text: str) -> int | None:
    """'Seventy-fourth session' -> 74."""
    m = re.search(ORDINAL_RE.pattern + r"\s+session", text, re.IGNORECASE)
    return ordinal_to_int(m.group(1)) if m else None


REQUEST_RE = re.compile(r"at its\s+(" + ORDINAL_RE.pattern + r")\s+session", re.IGNORECASE)


def requested_session_span(text: str) -> tuple[int, int, int] | None:
    """Where a paragraph asks for a report 'at its sixty-fourth session': (start, end, 64)."""
    found = None
    for m in REQUEST_RE.finditer(text):
        session = ordinal_to_int(m.group(1))
        if session:
            found = (m.start(), m.end(), session)
    return found


def requested_session(text: str) -> int | None:
    """The session a paragraph asks a report for: '... to the General Assembly at its sixty-fourth session' -> 64."""
    span = requested_session_span(text)
    return span[2] if span else None


def numeric_ordinal(n: int) -> str:
    """62 -> '62nd', 71 -> '71st', 64 -> '64th' (how the site names a session)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
