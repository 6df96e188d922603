"""End-to-end search benchmark: the real search page against a naive baseline, on the same data.

Both run through Django's test ``Client`` (URL resolution, middleware, filters, queries,
template rendering, the whole HTML) with the page cache off: the real page at ``/search/``,
the baseline at a bench-only URL (``bench.search_urls``) whose view differs only in the
search itself: every match ranked with the same BM25 expression in one ORDER BY, an exact
``count(*)``, facets by a full ``GROUP BY`` over all matches; headlines for the page rows as
on the real page, same template. A last column times the real page again with the page cache
on: a repeated search, answered from the cache.

Each query class is warmed up (runs discarded), then timed ``runs`` times; p50 and p95 are
nearest-rank percentiles of the wall time from request to rendered response.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, FloatField
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.test import Client, override_settings
from django.utils.html import escape
from django.utils.http import urlencode

from archive.filters import ParagraphFilter
from archive.models import Paragraph
from archive.search import paragraphs
from archive.search.compiler import compile_query
from archive.search.facets import Facet
from archive.search.highlights import headlines
from archive.search.names import instruments_named
from archive.search.parameters import PAGE_SIZE
from archive.search.ranking import matching, score_sql
from archive.search.results import Hit, SearchResults
from archive.worker import settle
from bench.synthetic_corpus import COMMON_TERM, PHRASE, rare_terms

NAIVE_PATH = "/bench/naive-search/"


FIFTY_K = 50_000
# runs of each class discarded before timing: a process's first searches compile its regular expressions, fill its
# caches (stems, addresses, normalised texts) and prepare and plan its statements on the connection
# (``archive.db.prepared``); the first six or so of the first class were 15-25% slower than every later one
# (on a server's workers a cost of their start, not of a search)
WARMUP = 8


def word_with_matches(n: int = FIFTY_K) -> str:
    """The synthetic word whose number of paragraphs is nearest ``n`` (from the term statistics)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM archive_termstatistic WHERE lexeme ~ '^[a-z]+[0-9]+$' "
            "ORDER BY abs(paragraphs - %s), lexeme LIMIT 1",
            [n],
        )
        row = cursor.fetchone()
    return row[0] if row else rare_terms()[0]


def query_classes() -> list[tuple[str, dict, float | None]]:
    """(class, GET parameters, p95 target in ms) for the benchmark."""
    rare, partner = rare_terms()
    return [
        ("rare term", {"q": rare}, 15.0),
        ("two rare terms", {"q": f"{rare} {partner}"}, 15.0),
        ("50,000-match word", {"q": word_with_matches()}, 80.0),
        ("common term", {"q": COMMON_TERM}, 40.0),
        ("phrase", {"q": f'"{PHRASE}"'}, 110.0),
        ("common + session", {"q": COMMON_TERM, "session_from": "60", "session_to": "60"}, 25.0),
    ]


# --- the naive baseline -----------------------------------------------------------------------


def naive_search(qs, q: str, page: int = 1) -> SearchResults:
    """Rank every match (the same BM25, in one ORDER BY), count them all exactly, facet over all of them."""
    compiled = compile_query(q) if q.strip() else None
    matches = matching(qs, compiled) if compiled is not None else qs
    total = matches.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = max(1, min(page, pages))
    ranked = matches.select_related("document")
    if compiled:
        score, params = score_sql(compiled)
        ranked = ranked.annotate(rank=RawSQL(score, params, output_field=FloatField())).order_by(
            "-rank", "-document__session", "document__symbol", "position"
        )
    rows = list(ranked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    marks = headlines([p.id for p in rows], compiled) if compiled else {}
    kinds = dict(Paragraph.Kind.choices)
    base = matches.order_by()
    facets = {
        "session": [
            Facet(r["document__session"], str(r["document__session"]), r["n"])
            for r in base.values("document__session").annotate(n=Count("id")).order_by("document__session")
        ],
        "kind": [
            Facet(r["kind"], kinds.get(r["kind"], r["kind"]), r["n"])
            for r in base.values("kind").annotate(n=Count("id")).order_by("-n")
        ],
        "opening": [
            Facet(r["opening"], r["opening"], r["n"])
            for r in base.exclude(opening="").values("opening").annotate(n=Count("id")).order_by("-n", "opening")[:15]
        ],
    }
    return SearchResults(
        query=q,
        hits=[Hit(p, marks.get(p.id) or escape(p.text[:400])) for p in rows],
        total=total,
        total_capped=False,
        page=page,
        pages=pages,
        facets=facets,
        instruments=instruments_named(compiled) if compiled and page == 1 else [],
    )


def naive_view(request):
    """The search page with the naive search in place of ``run_search`` (no error handling: bench only)."""
    from archive.parsing.languages import LANGUAGES
    from archive.views.search import SORTS
    from archive.views.search_rows import facets_html, hits_html

    q = request.GET.get("q", "").strip()
    filterset = ParagraphFilter(request.GET, queryset=Paragraph.objects.body())
    results = naive_search(filterset.qs, q, int(request.GET.get("page", "1")))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v != ""}
    context = {
        "q": q,
        "filter": filterset,
        "sorts": SORTS,
        "sort": "relevance",
        "errors": [],
        "results": results,
        "hits_html": hits_html(results.hits, LANGUAGES["en"]),
        "lang": LANGUAGES["en"],
        "kept": urlencode(kept),
        "facets_html": facets_html(kept, results.facets),
    }
    return render(request, "archive/search.html", context)


# --- timing -------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Timing:
    name: str
    params: dict
    target_ms: float | None
    total_label: str = ""
    fast: list[float] = field(default_factory=list)
    naive: list[float] = field(default_factory=list)
    naive_total: str = ""
    fast_cpu: float | None = None  # mean CPU ms a request: this process plus its PostgreSQL backend
    naive_cpu: float | None = None
    cached: list[float] = field(default_factory=list)  # the real page again, answered from the page cache

    def p(self, which: str, pct: float) -> float:
        return percentile(getattr(self, which), pct)


def backend_cpu_ms() -> tuple[int, float] | None:
    """(pid, CPU ms so far) of this connection's PostgreSQL backend, when it runs on this machine."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return pid, (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def time_get(
    client: Client, path: str, params: dict, runs: int, warmup: int
) -> tuple[list[float], bytes, float | None]:
    """Wall times (ms) of ``runs`` GETs after ``warmup`` discarded ones, the last body, and the mean CPU ms a request."""
    times, body = [], b""
    cpu0 = backend0 = None
    for i in range(warmup + runs):
        if i == warmup:
            cpu0, backend0 = time.process_time(), backend_cpu_ms()
        t = time.perf_counter()
        response = client.get(path, params)
        body = response.content
        elapsed = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path}?{urlencode(params)} answered {response.status_code}")
        if i >= warmup:
            times.append(elapsed)
    cpu = (time.process_time() - cpu0) * 1000
    backend1 = backend_cpu_ms()
    if backend0 and backend1 and backend0[0] == backend1[0]:
        return times, body, (cpu + backend1[1] - backend0[1]) / runs
    return times, body, None


def total_shown(body: bytes) -> str:
    text = body.decode()
    start = text.find("<span data-total>")
    return text[start + 17 : text.find("</span>", start)] if start >= 0 else "?"


@override_settings(ROOT_URLCONF="bench.search_urls", DEBUG=False, PAGE_CACHE_ENABLED=False)
def run_benchmark(
    runs: int = 30, naive_runs: int = 20, warmup: int = WARMUP, naive: bool = True, classes=None, progress=None
) -> list[Timing]:
    say = progress or (lambda message: None)
    client = Client(HTTP_HOST="127.0.0.1")  # a host the settings allow (the test client says "testserver")
    settle()  # as a web worker starts (config.wsgi): what requests share loaded, and frozen out of full collections
    timings = []
    # a slow class is timed, not cancelled: the page's statement timeout is lifted for the run
    timeout, paragraphs.STATEMENT_TIMEOUT_MS = paragraphs.STATEMENT_TIMEOUT_MS, 120_000
    try:
        return _timed(client, timings, runs, naive_runs, warmup, naive, classes, say)
    finally:
        paragraphs.STATEMENT_TIMEOUT_MS = timeout


def _timed(client, timings, runs, naive_runs, warmup, naive, classes, say) -> list[Timing]:
    for name, params, target in classes or query_classes():
        timing = Timing(name, params, target)
        timing.fast, body, timing.fast_cpu = time_get(client, "/search/", params, runs, warmup)
        timing.total_label = total_shown(body)
        if naive:
            timing.naive, body, timing.naive_cpu = time_get(client, NAIVE_PATH, params, naive_runs, max(1, warmup // 2))
            timing.naive_total = total_shown(body)
        with override_settings(PAGE_CACHE_ENABLED=True):
            timing.cached, _, _ = time_get(client, "/search/", params, runs, 1)
        say(
            f"{name}: fast p95 {timing.p('fast', 95):.1f} ms"
            + (f", naive p95 {timing.p('naive', 95):.1f} ms" if naive else "")
        )
        timings.append(timing)
    return timings


def explain_statements(params: dict) -> list[tuple[float, int, int, str]]:
    """The statements one uncached search of ``params`` sends, each run again under EXPLAIN (ANALYZE, BUFFERS,
    TIMING OFF): (execution ms, shared buffers hit, read, what it is), in the order sent. Buffers count the
    pages a statement touched, which other work on a shared machine does not inflate as it does times."""
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    asked = QueryDict(mutable=True)
    asked.update(params)
    filterset = ParagraphFilter(asked, queryset=Paragraph.objects.body())
    filterset.is_valid()
    timeout, paragraphs.STATEMENT_TIMEOUT_MS = paragraphs.STATEMENT_TIMEOUT_MS, 120_000
    try:
        paragraphs.run_search(filterset.qs, params["q"], "relevance", 1)  # warm
        with CaptureQueriesContext(connection) as ctx:
            paragraphs.run_search(filterset.qs, params["q"], "relevance", 1)
    finally:
        paragraphs.STATEMENT_TIMEOUT_MS = timeout
    out = []
    for query in ctx.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "EXECUTE")):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
        out.append(
            (
                plan["Execution Time"],
                plan["Plan"].get("Shared Hit Blocks", 0),
                plan["Plan"].get("Shared Read Blocks", 0),
                _statement_kind(sql),
            )
        )
    return out


def _statement_kind(sql: str) -> str:
    """A short name for a search statement, from what it holds (a prepared one's: its text)."""
    from archive.db.prepared import statement_text

    sql = statement_text(sql)
    for marker, name in [
        ("FROM archive_instrument WHERE", "compile + instruments named"),
        ("set_config('statement_timeout'", "compile"),
        ("GROUPING SETS", "ranking + count + facets"),
        ("ts_headline", "page rows + headlines"),  # the naive baseline's
        ("WHERE p.id = ANY(", "page rows"),  # the page's (archive.search.results.hit_paragraphs)
        ("archive_instrument", "instruments named"),
        ("COUNT(*)", "count"),
    ]:
        if marker in sql:
            return name
    return sql[:60]


def format_statements(classes) -> str:
    """One line per statement of each class: what it is, its execution time and the buffers it touched."""
    lines = []
    for name, params, _ in classes:
        for ms, hit, read, kind in explain_statements(params):
            lines.append(f"{name:<20} {kind:<26} {ms:9.1f} ms  {hit:>7,} hit  {read:>6,} read")
    return "\n".join(lines)


def corpus_counts() -> dict[str, int]:
    rare, partner = rare_terms()
    out = {}
    with connection.cursor() as cursor:
        for label, sql in [
            ("documents", "SELECT count(*) FROM archive_document"),
            ("resolutions", "SELECT count(*) FROM archive_document WHERE kind = 'resolution'"),
            ("reports", "SELECT count(*) FROM archive_document WHERE kind = 'report'"),
            ("sessions", "SELECT count(DISTINCT session) FROM archive_document"),
            ("paragraphs (all rows)", "SELECT count(*) FROM archive_paragraph"),
            ("paragraphs (searchable)", "SELECT count(*) FROM archive_paragraph WHERE kind <> 'heading'"),
            ("footnotes", "SELECT count(*) FROM archive_footnote"),
            ("footnote references", "SELECT count(*) FROM archive_footnotereference"),
            ("citations", "SELECT count(*) FROM archive_citation"),
        ]:
            cursor.execute(sql)
            out[label] = cursor.fetchone()[0]
        for q in (COMMON_TERM, f'"{PHRASE}"', rare, f"{rare} {partner}", word_with_matches()):
            cursor.execute(
                "SELECT count(*) FROM archive_paragraph WHERE kind <> 'heading' AND search @@ websearch_to_tsquery('english', %s)",
                [q],
            )
            out[f"matching {q}"] = cursor.fetchone()[0]
    return out


def format_table(timings: list[Timing]) -> str:
    head = [
        "class",
        "query",
        "shown",
        "fast p50",
        "fast p95",
        "fast cpu",
        "naive p50",
        "naive p95",
        "naive cpu",
        "ratio p50",
        "ratio p95",
        "target p95",
        "",
        "cached p95",
    ]
    rows = []
    for t in timings:
        query = urlencode(t.params)
        fast50, fast95 = t.p("fast", 50), t.p("fast", 95)
        cpu = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        row = [t.name, query, t.total_label, f"{fast50:.1f}", f"{fast95:.1f}", cpu(t.fast_cpu)]
        if t.naive:
            n50, n95 = t.p("naive", 50), t.p("naive", 95)
            row += [f"{n50:.1f}", f"{n95:.1f}", cpu(t.naive_cpu), f"{n50 / fast50:.1f}x", f"{n95 / fast95:.1f}x"]
        else:
            row += ["-", "-", "-", "-", "-"]
        ok = t.target_ms is None or fast95 <= t.target_ms
        row += [
            f"{t.target_ms:.0f}" if t.target_ms else "",
            "ok" if ok else "MISS",
            f"{t.p('cached', 95):.1f}" if t.cached else "-",
        ]
        rows.append(row)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w) if i < 3 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)]) + (
        "\n(wall times in ms from request to rendered HTML; cpu = mean CPU ms a request, Python process plus its"
        " PostgreSQL backend, which is what the wall time comes to on an otherwise idle machine; ratio = naive / fast;"
        " cached = the same request answered by the page cache, target 5 ms)"
    )
