"""What a resolution's metadata record says, for its page and the API: votes, sponsors, subjects, committee report.

A record exists for the resolutions the UN publishes machine-readable metadata for (the
AKN4UN ones); for every other document the page says no record is held, rather than
showing empty lists that would read as "nobody voted" or "no sponsors".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import reverse

from archive.models import Document

VOTES = [("in_favour", "In favour"), ("against", "Against"), ("abstaining", "Abstaining")]


@dataclass
class StateEntry:
    name: str
    role: str = ""
    unknown: bool = False  # printed in the record, but names no Member State in the name table


@dataclass
class VoteGroup:
    key: str
    label: str
    count: int | None
    states: list[StateEntry]


@dataclass
class Record:
    held: bool
    adoption_type: str = ""
    votes: list[VoteGroup] = field(default_factory=list)
    sponsors: list[StateEntry] = field(default_factory=list)
    additional_sponsors: list[StateEntry] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)  # "Submitted by the Chair": who put it forward, not a State
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (subject, thesaurus)
    committee_report: tuple[str, str] | None = None  # (citation "A/80/545, para. 5", address)
    meeting_record: tuple[str, str] | None = None

    @property
    def recorded_vote(self) -> bool:
        return any(g.states for g in self.votes)


def _entries(items: list) -> list[StateEntry]:
    return [
        StateEntry(i.get("name", ""), i.get("role", ""), bool(i.get("unknown"))) for i in items if isinstance(i, dict)
    ]


def _address(symbol: str, held: set[str]) -> str:
    return reverse("archive:document", args=[symbol]) if symbol in held else f"https://undocs.org/{symbol}"


def _subject(text: str) -> str:
    return re.sub(r"'S\b", "'s", text)  # the records' title-casing of "Women's" as "Women'S"


def document_record(document: Document, held: set[str] | None = None) -> Record:
    """The record of ``document``, or ``Record(held=False)`` when the archive holds none for it."""
    meta = document.metadata or {}
    if not meta.get("metadata_record"):
        return Record(held=False)
    held = held if held is not None else set()
    states = meta.get("member_states") or {}
    votes = meta.get("votes") or {}
    record = Record(held=True, adoption_type=document.adoption_type)
    counts = {"in_favour": document.votes_yes, "against": document.votes_no, "abstaining": document.votes_abstain}
    for key, label in VOTES:
        record.votes.append(VoteGroup(key, label, counts[key], _entries(states.get(key, []))))
    record.sponsors = _entries(states.get("sponsors", [])) or [StateEntry(n) for n in document.sponsors]
    record.additional_sponsors = _entries(states.get("additional_sponsors", []))
    record.statements = [*states.get("sponsors_statements", []), *states.get("additional_sponsors_statements", [])]
    record.subjects = [(_subject(s[0]), s[1] if len(s) > 1 else "") for s in meta.get("subjects") or [] if s]
    if document.committee_report:
        paragraph = meta.get("report_paragraph")
        citation = document.committee_report + (f", para. {paragraph}" if paragraph else "")
        record.committee_report = (citation, _address(document.committee_report, held))
    if meta.get("meeting_record"):
        record.meeting_record = (meta["meeting_record"], _address(meta["meeting_record"], held))
    if not votes and not any(g.states for g in record.votes):
        record.votes = []
    return record
