"""What a held text says about the other members of its series.

- a resolution *takes note of* a report: the footnote on its "Takes note of the report of
  the Secretary-General" paragraph cites the report's symbol (A/74/235);
- a resolution *requests* the next report "at its seventy-sixth session" (its last
  operative paragraph that asks for one);
- a report *answers* a resolution: "submitted pursuant to General Assembly resolution
  70/130", "In its resolution 62/132 on violence against women migrant workers";
- a report names *the previous report* (A/70/205).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive.parsing.ordinals import requested_session

SYMBOL = r"A/\d{1,3}/\d{1,4}"
PURSUANT_RE = re.compile(r"pursuant to (?:General Assembly )?resolution (\d{1,3}/\d{1,4})")
IN_ITS_RE = re.compile(r"[Ii]n its resolution (\d{1,3}/\d{1,4}) on ([^,.;]+)")
PREVIOUS_RE = re.compile(r"previous report(?: of the Secretary-General)? \((" + SYMBOL + r")\)")
REPORT_SYMBOL_RE = re.compile(r"\b(" + SYMBOL + r")\b")


@dataclass(frozen=True)
class Fact:
    """One statement a text makes: ``subject``'s ``fact`` is ``value`` (``where`` says where)."""

    fact: str  # takes_note_of | requests_session | answers | previous_report
    value: str | int
    where: str  # "op3", "para. 1"


@dataclass
class TextParagraph:
    """The part of a paragraph discovery reads (a parsed or a stored paragraph fits)."""

    kind: str
    opening: str
    text: str
    label: str
    footnote_texts: Sequence[str] = ()


def resolution_facts(paragraphs: Sequence[TextParagraph]) -> list[Fact]:
    facts = []
    for p in paragraphs:
        if (
            p.kind == "operative"
            and p.opening.lower().startswith(("takes note", "also takes note"))
            and "report of the Secretary-General" in p.text
            and "Special Rapporteur" not in p.text[:120]
        ):
            for note in p.footnote_texts:
                m = REPORT_SYMBOL_RE.search(note)
                if m:
                    facts.append(Fact("takes_note_of", m.group(1), p.label))
                    break
    operative = [p for p in paragraphs if p.kind == "operative"]
    for p in reversed(operative):
        if "report" in p.text and (session := requested_session(p.text)):
            facts.append(Fact("requests_session", session, p.label))
            break
    return facts


def report_facts(paragraphs: Sequence[TextParagraph], series_title: str) -> list[Fact]:
    facts: list[Fact] = []
    title = series_title.casefold()
    for p in paragraphs:
        for m in PURSUANT_RE.finditer(p.text):
            facts.append(Fact("answers", "A/RES/" + m.group(1), p.label))
        for m in IN_ITS_RE.finditer(p.text):
            if title and m.group(2).strip().casefold().startswith(title):
                facts.append(Fact("answers", "A/RES/" + m.group(1), p.label))
        for m in PREVIOUS_RE.finditer(p.text):
            facts.append(Fact("previous_report", m.group(1), p.label))
    return facts


def session_of(symbol: str) -> int | None:
    """The session a symbol's first number gives: A/RES/70/130 -> 70, A/70/205 -> 70."""
    m = re.match(r"A/(?:RES/)?(\d{1,3})/", symbol)
    return int(m.group(1)) if m else None
