"""One list of a series' members from the registry, the held documents and their texts.

The registry gives what is known from outside; each held text adds what it says of the
others (``discover``). Every fact keeps its sources. Where a held text and the registry
disagree the text is kept (it is the source) and the disagreement is returned as a conflict,
never silently resolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.parsing.ordinals import numeric_ordinal

from .discover import Fact, session_of
from .registry import Member, SeriesEntry


@dataclass
class HeldDocument:
    symbol: str
    kind: str
    session: int
    adopted: dt.date | None = None
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Conflict:
    symbol: str  # the held document whose text disagrees
    message: str


def merge_members(entry: SeriesEntry | None, held: list[HeldDocument]) -> tuple[list[Member], list[Conflict]]:
    """The series' members in session order (report before resolution), and the conflicts found."""
    members: list[Member] = [_copy(m) for m in (entry.members if entry else [])]
    conflicts: list[Conflict] = []

    def find(kind: str, session: int, symbol: str = "") -> Member | None:
        if symbol:
            hit = next((m for m in members if m.symbol == symbol), None)
            if hit:
                return hit
        return next((m for m in members if m.kind == kind and m.session == session and not m.symbol), None)

    def ensure(kind: str, session: int, symbol: str, source: str) -> Member:
        member = find(kind, session, symbol)
        if member is None:
            member = Member(kind=kind, session=session, symbol=symbol)
            members.append(member)
            member.add_source("session", source)
        if symbol and not member.symbol:
            member.symbol = symbol
        if symbol:
            member.add_source("symbol", source)
        return member

    for doc in held:
        member = ensure(doc.kind, doc.session, doc.symbol, f"held text of {doc.symbol}")
        member.held = True
        member.note = "" if member.note.startswith("symbol not known") else member.note
        if doc.adopted:
            if member.adopted and member.adopted != doc.adopted:
                conflicts.append(
                    Conflict(
                        doc.symbol,
                        f"the text is dated {doc.adopted:%d %B %Y}, the registry "
                        f"{member.adopted:%d %B %Y}; the text is kept",
                    )
                )
            member.adopted, member.year = doc.adopted, None
            member.add_source("adopted", f"text of {doc.symbol}")

    for doc in held:
        member = find(doc.kind, doc.session, doc.symbol)
        for fact in doc.facts:
            source = f"text of {doc.symbol}, {fact.where}"
            if fact.fact == "previous_report":
                session = session_of(str(fact.value))
                if session:
                    ensure("report", session, str(fact.value), source)
                continue
            if fact.fact == "takes_note_of":
                session = session_of(str(fact.value))
                if session:
                    ensure("report", session, str(fact.value), source)
            if fact.fact == "answers":
                session = session_of(str(fact.value))
                if session:
                    ensure("resolution", session, str(fact.value), source)
            if fact.fact == "requests_session":
                if find("report", int(fact.value)) is None and not any(
                    m.kind == "report" and m.session == fact.value for m in members
                ):
                    ensure("report", int(fact.value), "", source)
            have = getattr(member, fact.fact)
            if have and have != fact.value:
                conflicts.append(
                    Conflict(
                        doc.symbol,
                        f"{fact.fact.replace('_', ' ')}: the text ({fact.where}) says "
                        f"{fact.value}, the registry {have}; the text is kept",
                    )
                )
            setattr(member, fact.fact, fact.value)
            member.add_source(fact.fact, source)

    # a report answers the resolution that asked for a report at the report's session
    for report in (m for m in members if m.kind == "report" and not m.answers):
        asking = next((m for m in members if m.kind == "resolution" and m.requests_session == report.session), None)
        if asking and asking.symbol:
            report.answers = asking.symbol
            report.add_source(
                "answers",
                f"derived: {asking.symbol} requests a report at the {numeric_ordinal(report.session)} session",
            )
    return sorted(members, key=order_key), conflicts


def order_key(member: Member) -> tuple:
    """Session order; in one session the report (issued before the debate) precedes the resolution,
    and two resolutions of one session follow their numbers."""
    m = re.match(r"(\d+)\s*(.*)", member.number.partition("/")[2])
    return (
        member.session,
        0 if member.kind == "report" else 1,
        int(m.group(1)) if m else 0,
        m.group(2) if m else "",
        member.symbol,
    )


def _copy(m: Member) -> Member:
    return Member(
        m.kind,
        m.session,
        m.symbol,
        m.adopted,
        m.year,
        m.takes_note_of,
        m.requests_session,
        m.answers,
        m.note,
        False,
        {k: list(v) for k, v in m.sources.items()},
    )
