from archive.pages.paging import kept_query, paginate
from archive.pages.parameters import checked_parameters
from archive.series.index import SORTS, SeriesFilter, committees, member_counts, sessions_covered
from archive.views.rendering import render

PER_PAGE = 50
SORT_LABELS = {
    "title": "Title",
    "recent": "Most recent member",
    "held": "Resolutions held",
    "span": "Earliest member",
}


def _whole(raw: str, name: str, low: int, high: int, errors: list[str]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isdigit() and low <= int(raw) <= high:
        return int(raw)
    errors.append(f"{name} must be a whole number from {low} to {high}.")
    return None


@checked_parameters
def series_index(request):
    """Every series, registry and detected: filters by committee, agenda item, a session covered and
    the number of sessions spanned; 50 to a page."""
    errors: list[str] = []
    sort = request.GET.get("sort", "title")
    if sort not in SORTS:
        errors.append(f"Sort must be one of: {', '.join(SORTS)}.")
        sort = "title"
    chosen = SeriesFilter(
        committee=request.GET.get("committee", "").strip()[:100],
        agenda_item=request.GET.get("agenda_item", "").strip()[:200],
        session=_whole(request.GET.get("session", ""), "Session", 1, 200, errors),
        min_sessions=_whole(request.GET.get("min_sessions", ""), "Sessions spanned", 1, 100, errors),
        sort=sort,
    )
    page = paginate(request, chosen.queryset(), PER_PAGE)
    counts = member_counts([s.id for s in page.items])
    rows = [{"series": s, "counts": counts[s.id]} for s in page.items]
    return render(
        request,
        "archive/series_index.html",
        {
            "rows": rows,
            "results": page,
            "kept": kept_query(request),
            "filter": chosen,
            "errors": errors,
            "committees": committees(),
            "sessions": sessions_covered(),
            "sort_labels": SORT_LABELS.items(),
        },
        status=400 if errors else 200,
    )
