"""How many pages a grouped ranking has: counted from its distinct texts when every match was grouped.

A page of relevance shows one hit per distinct text (``archive.search.results``), so the pages are the
distinct texts over the page size, not the paragraphs. They are known when every match was ranked and
fetched; up to ``GROUP_ALL`` matches are fetched whole for that (their texts only, for the grouping), and
above it the count of pages is an upper bound from the paragraphs, said to be approximate.
"""

from __future__ import annotations

GROUP_ALL = 250  # up to this many ranked matches, all are fetched and grouped: the pages are exact. Fetching
# and grouping cost about 0.02 ms a match here: 5 ms for 250 matches, of a 30 ms budget for the whole page.


def fetch_limit(limit: int, estimate: int) -> int:
    """The rows to fetch from a full ranking: every match when their upper bound is at most ``GROUP_ALL``."""
    return max(limit, estimate + 1) if estimate <= GROUP_ALL else limit


def fetch_all_instead(limit: int, ranked: int, more: bool) -> int | None:
    """A larger limit that fetches every ranked match, when the ranking holds more rows than were fetched
    and at most ``GROUP_ALL``; else None."""
    if more and ranked <= GROUP_ALL and limit < ranked + 1:
        return ranked + 1
    return None
