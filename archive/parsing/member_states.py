"""Member State names as the metadata records print them, read into the Organization's names.

The records were typed by hand in several systems: one State is spelt many ways
("TURKEY", "TURKIYE", "TÜRKİYE" with a dotted capital, "TÜRKİYE" with a combining dot,
"TÜRKÝYE"), names are split by stray spaces ("GE RMANY"), run together ("UNITED STATES
AND VIET NAM", "UNITED KINGDOMAND URUGUAY", "CHILE,DOMINICAN REPUBLIC"), whole sentences
stand for one entry ("Austria, Kazakhstan and Malaysia (on behalf of …)"), and some entries
are statements, not States ("Submitted by the Chair"). The name table in
``fixtures/member_states.json`` lists the names; matching folds case, accents, spaces and
punctuation, so the table only needs the spellings folding cannot reach. What matches no
name is returned as unknown, never guessed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

NAME_TABLE = Path(__file__).resolve().parents[2] / "fixtures" / "member_states.json"

# "(on behalf of …)", ", on behalf of …", "(in its capacity as Chair of …)"; "(OF BEHALF OF" is a typing error
_ROLE_RE = re.compile(r"\s*(?:\(|,)\s*(?=(?:on|of) behalf of|in its capacity as)", re.IGNORECASE)
_CONNECTOR = "AND"


def fold(name: str) -> str:
    """The matching key of a name: letters only, upper case, accents dropped, no leading "The"."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    letters = re.sub(r"[^A-Za-z]", "", name).upper()
    return letters


def _strip_the(key: str) -> str:
    return key[3:] if key.startswith("THE") and len(key) > 3 else key


@dataclass(frozen=True)
class StateName:
    """One Member State (or observer State) as the record names it, in the Organization's spelling."""

    name: str
    role: str = (
        ""  # "on behalf of the States Members of the United Nations that are members of the Group of 77 and China"
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass
class ReadNames:
    """A record's list read: the States in order, statements that are not States, and what matched nothing."""

    states: list[StateName] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.states]


class NameTable:
    def __init__(self, data: dict):
        self.by_key: dict[str, str] = {}
        for entry in [*data.get("states", []), *data.get("observers", [])]:
            for spelling in [entry["name"], *entry.get("variants", [])]:
                self.by_key[_strip_the(fold(spelling))] = entry["name"]
        self.member_states = [e["name"] for e in data.get("states", [])]
        self.statements = [s.casefold() for s in data.get("statements", [])]
        self.noise = {fold(w) for w in data.get("noise", [])}
        self._entries: dict[str, tuple[StateName, ...] | None] = {}  # entries read so far: lists repeat them
        self._by_start: dict[str, list[str]] = {}
        for k in sorted(self.by_key, key=len, reverse=True):
            self._by_start.setdefault(k[:2], []).append(k)

    @classmethod
    def load(cls, path: Path = NAME_TABLE) -> NameTable:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def lookup(self, name: str) -> str | None:
        """The Organization's name for one spelling, or None."""
        return self.by_key.get(_strip_the(fold(name)))

    def segment(self, text: str) -> list[str] | None:
        """The names ``text`` runs together ("UNITED STATES AND VIET NAM"), or None when some part names no State.

        The fewest names win, so "Antigua and Barbuda" stays one State and "Guinea-Bissau" is
        not Guinea followed by something else.
        """
        key = fold(text)
        if not key:
            return []
        whole = self.by_key.get(_strip_the(key))
        if whole is not None:  # the common case: one name, however spelt
            return [whole]
        best: dict[int, list[str] | None] = {len(key): []}
        for i in range(len(key) - 1, -1, -1):
            options = []
            for start in (i, i + 3) if key.startswith("THE", i) else (i,):
                for k in self._by_start.get(key[start : start + 2], ()):
                    if key.startswith(k, start):
                        rest = _after_connector(key, start + len(k), best)
                        if rest is not None:
                            options.append([self.by_key[k], *rest])
            for n in self.noise:
                if key.startswith(n, i) and best.get(i + len(n)) is not None:
                    options.append(best[i + len(n)])
            best[i] = min(options, key=len) if options else None
        return best[0]

    def read(self, entries: list[str]) -> ReadNames:
        """Read a record's list (votes, sponsors) into States, statements and unknown entries."""
        out = ReadNames()
        pending: str | None = None  # an unknown entry, kept to try with the next ("SOLOMON", "ISLANDS")
        for raw in entries:
            entry = _clean(str(raw))
            if not entry:
                continue
            if self._is_statement(entry):
                out.statements.append(entry)
                continue
            states = self._read_entry(entry)
            if states is None and pending is not None:
                joined = self._read_entry(pending + " " + entry)
                if joined is not None:
                    out.unknown.remove(pending)
                    states, pending = joined, None
            if states is None:
                out.unknown.append(entry)
                pending = entry
                continue
            pending = None
            for s in states:
                if s.name not in {x.name for x in out.states}:
                    out.states.append(s)
        return out

    def _is_statement(self, entry: str) -> bool:
        low = entry.casefold()
        return any(s in low for s in self.statements)

    def _read_entry(self, entry: str) -> list[StateName] | None:
        """One entry: names, each with the role printed after it ("Cuba (on behalf of …) and Russian Federation")."""
        if entry not in self._entries:
            states = self._read_new_entry(entry)
            self._entries[entry] = None if states is None else tuple(states)
        known = self._entries[entry]
        return None if known is None else list(known)

    def _read_new_entry(self, entry: str) -> list[StateName] | None:
        states: list[StateName] = []
        rest = entry
        while rest:
            m = _ROLE_RE.search(rest)
            if m is None:
                names = self.segment(rest)
                if names is None:
                    return None
                states.extend(StateName(n) for n in names)
                break
            names = self.segment(rest[: m.start()])
            if not names:
                return None
            role, rest = _role(rest[m.end() :], opened=rest[m.start() : m.end()].strip() == "(")
            states.extend(StateName(n) for n in names[:-1])
            states.append(StateName(names[-1], role))
        return states


def _after_connector(key: str, at: int, best: dict[int, list[str] | None]) -> list[str] | None:
    """What follows a name: the end, another name, or "and" and another name."""
    if at == len(key):
        return []
    if best.get(at):
        return best[at]
    if key.startswith(_CONNECTOR, at) and best.get(at + len(_CONNECTOR)):
        return best[at + len(_CONNECTOR)]
    return [] if best.get(at) is not None else None  # only noise follows


def _role(text: str, opened: bool) -> tuple[str, str]:
    """(role, what follows it): up to the closing parenthesis (nested ones kept), or to the end."""
    if not opened:
        return _tidy_role(text), ""
    depth = 1
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return _tidy_role(text[:i]), re.sub(r"^[\s,]*(?:and\b)?\s*", "", text[i + 1 :], flags=re.IGNORECASE)
    return _tidy_role(text), ""


def _tidy_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role).strip(" ,")
    role = re.sub(r"^of behalf of", "on behalf of", role, flags=re.IGNORECASE)
    return role.lower() if role.isupper() else role


def _clean(entry: str) -> str:
    entry = unicodedata.normalize("NFC", entry).replace("\xa0", " ").replace("’", "'")
    entry = re.sub(r"\(\s*\)", "", entry)  # "THAILAND ( )"
    return re.sub(r"\s+", " ", entry).strip(" ,;")


@lru_cache(maxsize=1)
def name_table() -> NameTable:
    return NameTable.load()


@lru_cache(maxsize=1)
def name_table_digest() -> str:
    """Part of every document's fingerprint: an edited name table reads the records again."""
    return hashlib.sha256(NAME_TABLE.read_bytes()).hexdigest()[:16]
