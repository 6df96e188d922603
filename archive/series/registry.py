"""The series registry (``fixtures/series.json``): members known from outside the held texts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path


class RegistryError(ValueError):
    """The registry file is not what it should be (named, with the reason)."""


@dataclass
class Member:
    """One member of a series and where each of its facts comes from (``sources``)."""

    kind: str  # resolution | report
    session: int
    symbol: str = ""
    adopted: dt.date | None = None
    year: int | None = None
    takes_note_of: str = ""
    requests_session: int | None = None
    answers: str = ""
    note: str = ""
    held: bool = False
    sources: dict[str, list[str]] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.kind, self.session, self.symbol)

    @property
    def number(self) -> str:
        """'70/130' for A/RES/70/130."""
        return self.symbol.removeprefix("A/RES/") if self.kind == "resolution" else ""

    def add_source(self, fact: str, source: str) -> None:
        have = self.sources.setdefault(fact, [])
        if source not in have:
            have.append(source)


@dataclass
class SeriesEntry:
    slug: str
    title: str
    began: str = ""
    began_source: str = ""
    members: list[Member] = field(default_factory=list)


_FACTS = ("symbol", "adopted", "year", "takes_note_of", "requests_session", "answers", "note")


def load_registry(path: Path) -> list[SeriesEntry]:
    """Read the registry; a missing file is an empty registry, a malformed one an error."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{path.name}, line {exc.lineno}: not JSON ({exc.msg})") from None
    out = []
    for i, spec in enumerate(data.get("series", [])):
        try:
            entry = SeriesEntry(spec["slug"], spec["title"], spec.get("began", ""), spec.get("began_source", ""))
            for m in spec.get("members", []):
                entry.members.append(_member(m))
        except (KeyError, TypeError, ValueError) as exc:
            raise RegistryError(f"{path.name}: series {i + 1}: {exc!r}") from None
        out.append(entry)
    return out


def _member(spec: dict) -> Member:
    if spec["kind"] not in ("resolution", "report"):
        raise ValueError(f"kind {spec['kind']!r} is neither resolution nor report")
    member = Member(
        kind=spec["kind"],
        session=int(spec["session"]),
        symbol=spec.get("symbol", ""),
        adopted=dt.date.fromisoformat(spec["adopted"]) if spec.get("adopted") else None,
        year=int(spec["year"]) if spec.get("year") else None,
        takes_note_of=spec.get("takes_note_of", ""),
        requests_session=int(spec["requests_session"]) if spec.get("requests_session") else None,
        answers=spec.get("answers", ""),
        note=spec.get("note", ""),
    )
    given = spec.get("sources", {})
    for fact in _FACTS:
        if getattr(member, fact) and fact in given:
            member.add_source(fact, given[fact])
    if "session" in given:
        member.add_source("session", given["session"])
    return member
