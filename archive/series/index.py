"""The series index: every series with its committee, agenda item, sessions and counts,
filtered as the page and the API read their parameters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Min

from archive.models import Series

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
    """Every session from the earliest member of any series to the latest (the filter's choices)."""
    bounds = Series.objects.aggregate(first=Min("first_session"), last=Max("last_session"))
    return list(range(bounds["first"], bounds["last"] + 1)) if bounds["first"] is not None else []
