"""The series index: every series with its committee, agenda item, sessions and counts,
filtered as the page and the API read their parameters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from archive.models import Series, SeriesMember

SORTS = {
    "title": ("title", "slug"),
    "recent": ("-last_session", "title", "slug"),
    "held": ("-held_count", "title", "slug"),
    "span": ("first_session", "title", "slug"),
}


@dataclass
class SeriesFilter:
    committee: str = ""
    agenda_item: str = ""
    session: int | None = None
    min_sessions: int | None = None
    sort: str = "title"

    def queryset(self):
        return Series.objects.filtered(
            committee=self.committee, agenda_item=self.agenda_item, session=self.session, min_sessions=self.min_sessions
        ).order_by(*SORTS.get(self.sort, SORTS["title"]))


def committees() -> list[tuple[str, int]]:
    """Committees with their series counts (the filter's choices), most series first."""
    return [
        (row["committee"], row["n"])
        for row in Series.objects.exclude(committee="")
        .values("committee")
        .annotate(n=Count("id"))
        .order_by("-n", "committee")
    ]


def sessions_covered() -> list[int]:
    """The sessions in which some series has a member, resolution or report (the filter's choices:
    each one matches at least one series)."""
    return list(SeriesMember.objects.order_by("session").values_list("session", flat=True).distinct())


@dataclass
class MemberCounts:
    """A series' members as the index and the API count them: resolutions and reports apart,
    each held (the archive has its text) or not held (known from the registry or the texts)."""

    resolutions_held: int = 0
    resolutions_not_held: int = 0
    reports_held: int = 0
    reports_not_held: int = 0

    def add(self, kind: str, held: bool) -> None:
        name = f"{'resolutions' if kind == 'resolution' else 'reports'}_{'held' if held else 'not_held'}"
        setattr(self, name, getattr(self, name) + 1)

    @classmethod
    def of(cls, members) -> MemberCounts:
        counts = cls()
        for m in members:
            counts.add(m.kind, m.document_id is not None)
        return counts


def member_counts(series_ids) -> dict[int, MemberCounts]:
    """``MemberCounts`` of each series, in one query."""
    out: dict[int, MemberCounts] = {i: MemberCounts() for i in series_ids}
    rows = (
        SeriesMember.objects.filter(series_id__in=list(out)).values_list("series_id", "kind", "document_id").order_by()
    )
    for sid, kind, document_id in rows:
        out[sid].add(kind, document_id is not None)
    return out
