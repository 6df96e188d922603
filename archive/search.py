"""Paragraph search: PostgreSQL full text, ranked, faceted, highlighted — and fast at scale.

The cost of a full-text search on a large table is in ranking and counting every match
of a common term. So:
- relevance ranks only the first ``RANK_CANDIDATES`` matches the GIN index yields;
- the total is counted up to ``COUNT_CAP`` and shown as "more than N" beyond it;
- facets are counted over the same capped set, exact when the total is under the cap
  and shown as lower bounds otherwise;
- headlines (``ts_headline``) are computed only for the rows of the page, on the raw
  text with private-use delimiters, then escaped and only then marked.
One literal text-search configuration, ``english``, is used for vector, query and headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.models import Document, Instrument, Paragraph
from archive.models.querysets import SEARCH_CONFIG as CONFIG

PAGE_SIZE = 20
MAX_PAGE = 500
COUNT_CAP = 10_000
RANK_CANDIDATES = 2_000
MAX_QUERY_LENGTH = 200
STATEMENT_TIMEOUT_MS = 3_000
START, STOP = "\ue010", "\ue011"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxFragments=3, MaxWords=40, MinWords=12, FragmentDelimiter=\" … \""

SYMBOL_RE = re.compile(r"^\s*(?:(A/RES/)?(\d{1,3}/\d{1,4})|(A/\d{1,3}/\d{1,4}))\s*$", re.IGNORECASE)


def web_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=CONFIG)


def document_for_query(q: str) -> Document | None:
    """A query that is a document symbol or number goes straight to that document."""
    m = SYMBOL_RE.match(q or "")
    if not m:
        return None
    symbol = f"A/RES/{m.group(2)}" if m.group(2) else m.group(3).upper()
    return Document.objects.filter(symbol=symbol).only("symbol").first()


@dataclass
class Hit:
    paragraph: Paragraph
    headline: SafeString


@dataclass
class Facet:
    value: object
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    total_capped: bool
    page: int
    pages: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    instruments: list[Instrument] = field(default_factory=list)

    @property
    def total_label(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.total_capped else f"{self.total:,}"


def capped_count(qs: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    n = qs.order_by()[: cap + 1].count()
    return (min(n, cap), n > cap)


def facets_for(qs: QuerySet, capped: bool) -> dict[str, list[Facet]]:
    """Counts by session, paragraph kind and opening phrase over (at most) the capped match set."""
    ids = qs.order_by().values("id")[:COUNT_CAP] if capped else qs.order_by().values("id")
    base = Paragraph.objects.filter(id__in=ids)
    kinds = dict(Paragraph.Kind.choices)
    return {
        "session": [Facet(r["document__session"], str(r["document__session"]), r["n"])
                    for r in base.values("document__session").annotate(n=Count("id")).order_by("document__session")],
        "kind": [Facet(r["kind"], kinds.get(r["kind"], r["kind"]), r["n"])
                 for r in base.values("kind").annotate(n=Count("id")).order_by("-n")],
        "opening": [Facet(r["opening"], r["opening"], r["n"])
                    for r in base.exclude(opening="").values("opening").annotate(n=Count("id")).order_by("-n", "opening")[:15]],
    }


def ordered(qs: QuerySet, q: str, sort: str) -> QuerySet:
    if sort == "oldest" or (sort == "relevance" and not q.strip()):
        return qs.order_by("document__session", "document__symbol", "position")
    if sort == "newest":
        return qs.order_by("-document__session", "document__symbol", "position")
    # relevance: rank only the first RANK_CANDIDATES matches the index yields
    candidates = qs.order_by().values("id")[:RANK_CANDIDATES]
    return (
        Paragraph.objects.filter(id__in=candidates)
        .annotate(rank=SearchRank(F("search"), web_query(q)))
        .order_by("-rank", "document__session", "position")
    )


def headlines(paragraph_ids: list[int], q: str) -> dict[int, SafeString]:
    """ts_headline for the rows of the page only, over the HTML-escaped text, then marked.

    Escaping happens in SQL *before* ts_headline: its parser would otherwise take markup
    in a source text (``<script>``) for tags and silently drop it from the fragment.
    """
    if not paragraph_ids or not q.strip():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ts_headline('english', "
            "replace(replace(replace(replace(text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), "
            "websearch_to_tsquery('english', %s), %s) "
            "FROM archive_paragraph WHERE id = ANY(%s)",
            [q, HEADLINE_OPTIONS, paragraph_ids],
        )
        rows = cursor.fetchall()
    return {pid: mark(h) for pid, h in rows}


def mark(headline: str) -> SafeString:
    """``headline`` is already escaped (see ``headlines``); only the delimiters become markup."""
    return mark_safe(headline.replace(START, "<mark>").replace(STOP, "</mark>"))


def instruments_named(q: str, limit: int = 5) -> list[Instrument]:
    """Instruments whose title holds every word of a short query."""
    words = [w for w in re.findall(r"\w+", q) if len(w) > 2]
    if not words or len(words) > 8:
        return []
    qs = Instrument.objects.all()
    for w in words:
        qs = qs.filter(title__icontains=w)
    return list(qs.order_by("title")[:limit])


def run_search(qs: QuerySet, q: str, sort: str, page: int) -> SearchResults:
    """Run under a statement timeout, so that no query holds a worker for long."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
        matches = qs.search(q)
        total, capped = capped_count(matches)
        pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
        page = max(1, min(page, pages))
        rows = list(
            ordered(matches, q, sort).select_related("document")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        )
        marks = headlines([p.id for p in rows], q)
        hits = [Hit(p, marks.get(p.id) or escape(p.text[:400])) for p in rows]
        return SearchResults(
            query=q, hits=hits, total=total, total_capped=capped, page=page, pages=pages,
            facets=facets_for(matches, capped), instruments=instruments_named(q) if q.strip() and page == 1 else [],
        )
