"""A series as a sequence the pages can show truthfully: every member, held or not, and the
gaps a step between two held documents passes over.

Built from the ``SeriesMember`` rows ingest writes; no text is read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models.functions import Length

from archive.models import Alignment, Document, Series, SeriesMember


def name_list(names: list[str]) -> str:
    """'64/139, 66/128, 68/137 and 70/130'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def gap_text(missing: list[SeriesMember]) -> str:
    """'64/139, 66/128, 68/137 and 70/130 are not in the archive' ('' when nothing is missing)."""
    if not missing:
        return ""
    names = [m.short for m in missing]
    return f"{name_list(names)} {'is' if len(names) == 1 else 'are'} not in the archive"


@dataclass
class Step:
    """From one held resolution of a series to the next held one."""

    old: Document
    new: Document
    alignment: Alignment | None
    missing: list[SeriesMember] = field(default_factory=list)  # resolutions between them, not held

    @property
    def across_gap(self) -> bool:
        return bool(self.missing)

    @property
    def gap_text(self) -> str:
        return gap_text(self.missing)


def members(series: Series) -> list[SeriesMember]:
    return list(SeriesMember.objects.filter(series=series).select_related("document").in_order())


def missing_between(series_id: int | None, old_session: int, new_session: int) -> list[SeriesMember]:
    """Resolutions of the series between two sessions that the archive does not hold."""
    if series_id is None:
        return []
    return list(SeriesMember.objects.between(series_id, old_session, new_session).not_held())


def steps(series: Series, all_members: list[SeriesMember] | None = None) -> list[Step]:
    """Each stored alignment, oldest first, with the resolutions it passes over."""
    all_members = members(series) if all_members is None else all_members
    alignments = Alignment.objects.filter(new__series=series).select_related("old", "new").order_by("new__session")
    out = []
    for a in alignments:
        missing = [
            m
            for m in all_members
            if m.kind == "resolution" and not m.held and a.old.session < m.session < a.new.session
        ]
        out.append(Step(a.old, a.new, a, missing))
    return out


def earlier_not_held(
    series: Series | None, session: int, all_members: list[SeriesMember] | None = None
) -> list[SeriesMember]:
    """Resolutions of the series before ``session`` that the archive does not hold."""
    if series is None:
        return []
    qs = all_members if all_members is not None else members(series)
    return [m for m in qs if m.kind == "resolution" and not m.held and m.session < session]


def neighbours(document: Document) -> tuple[Document | None, Document | None, list[SeriesMember], list[SeriesMember]]:
    """The previous and next held document of the same kind in the series, and the members
    of that kind between (not held) on each side."""
    if document.series_id is None:
        return None, None, [], []
    qs = Document.objects.filter(series_id=document.series_id, kind=document.kind).only(
        "symbol", "title", "session", "number", "kind"
    )
    before = qs.filter(session__lt=document.session).order_by("-session", "-symbol").first()
    after = qs.filter(session__gt=document.session).order_by("session", "symbol").first()
    low, high = before.session if before else -1, after.session if after else -1
    between = list(
        SeriesMember.objects.filter(series_id=document.series_id, kind=document.kind)
        .not_held()
        .filter(session__gt=low)
        .in_order()
    )  # one query, whatever the neighbours
    gap_before = [m for m in between if m.session < document.session]
    gap_after = [m for m in between if document.session < m.session < high]
    return before, after, gap_before, gap_after


def not_held_by_session(series: Series | None = None) -> dict[int, list[SeriesMember]]:
    """Members that the archive does not hold (of one series, or of every series), by session."""
    out: dict[int, list[SeriesMember]] = {}
    qs = SeriesMember.objects.not_held() if series is None else SeriesMember.objects.not_held().filter(series=series)
    for m in qs.select_related("series").order_by("session", "kind_order", Length("number"), "number", "symbol"):
        out.setdefault(m.session, []).append(m)
    return out


def session_index() -> list[dict]:
    """Every session with held documents or known members not held: counts of both."""
    held = {row["session"]: row["documents"] for row in Document.objects.sessions()}
    missing = not_held_by_session()
    return [
        {"session": s, "documents": held.get(s, 0), "not_held": missing.get(s, [])}
        for s in sorted(set(held) | set(missing))
    ]
