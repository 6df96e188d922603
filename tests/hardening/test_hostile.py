"""Hostile query strings and path segments on every page: no 5xx, no unescaped reflection.

The URLs are enumerated from the URL configuration (``archive/urls.py`` and, when present,
the API's), their groups filled from the loaded collection; every query parameter any page
reads gets hostile values (long strings, control characters, SQL and tsquery syntax, HTML
and script, invalid numbers and dates, huge page numbers), and so does every path group.
A summary of statuses per page is printed (``pytest -s`` shows it).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# every query parameter a page or the API reads
PARAMETERS = [
    "q",
    "page",
    "sort",
    "kind",
    "doc_kind",
    "session_from",
    "session_to",
    "opening",
    "cites",
    "has_footnotes",
    "in",
    "document",
    "from",
    "to",
    "changes",
    "order",
    "limit",
    "offset",
    "session",
    "symbol",
    "format",
    "date",
]

SEARCH_PARAMETERS = [
    "q",
    "page",
    "sort",
    "kind",
    "doc_kind",
    "session_from",
    "session_to",
    "opening",
    "cites",
    "has_footnotes",
    "in",
    "document",
]
SLOW_PAGES = {"series/<slug:slug>/compare/"}  # half a second a page: fewer payloads there

PAYLOADS = [
    "a" * 201,
    "x" * 5000,
    "migrant " * 2000,
    "é" * 3000,
    "\x00",
    "a\x00b",
    "\x01\x02\x03",
    "\x1b[31mred",
    "\t\n\r",
    "\u202e\u200b",
    "\ud7ff\uffff",
    "\U0001f4a9" * 50,
    "' OR 1=1 --",
    "'; DROP TABLE archive_document; --",
    "1; SELECT pg_sleep(10)",
    '" OR ""="',
    "%' AND '%'='",
    "1 UNION SELECT password FROM auth_user",
    "$$; SELECT 1; $$",
    "\\",
    "\\'",
    "E'\\\\x00'",
    "a & b",
    "a | | b",
    "!!!",
    "a:*",
    "(((",
    ")))",
    "<->",
    "a <2> b",
    "'",
    '"',
    '"unclosed phrase',
    "-",
    "--",
    "OR",
    "-(-(-x))",
    "a:A",
    "!(a & !b)",
    "OR OR OR",
    '""',
    "* * *",
    "<script>alert('hostile')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "&lt;b&gt;",
    "{{ 7*7 }}",
    "{% debug %}",
    "-1",
    "0",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999",
    "1.5",
    "0x10",
    "²",
    "٣",
    "１２",
    "1_000",
    "999999",
    "1000000",
    "9" * 400,
    "2019-02-31",
    "0000-00-00",
    "9999-99-99",
    "31/12/2019",
    "yesterday",
]
PATH_PAYLOADS = [
    "A/RES/1/1",
    "A/RES/99999999999999999999/1",
    "..",
    "../../etc/passwd",
    "%00",
    "a%00b",
    "%0d%0aSet-Cookie:x=1",
    "<script>",
    "'%20OR%201=1",
    "x" * 3000,
    "%E2%80%AE",
    "%FF%FE",
    "op999999",
    "a" * 300,
    "-1",
]
ACCEPTABLE = {200, 301, 302, 400, 404, 414}  # 414: a request line over the application's limit
SPECIAL = set("<>\"'")


def _patterns(resolvers=None, prefix=""):
    for p in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin"):
                continue
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _fill(route: str, values: dict) -> str | None:
    """A concrete path for a route ('sessions/<int:session>/' or a regex with named groups)."""
    import re

    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    for name in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
        name = name[0] or name[1]
        if name not in values:
            return None
    group = r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)|<(?:\w+:)?(\w+)>"  # a regex group or a converter
    path = re.sub(group, lambda m: values[m.group(1) or m.group(2)], route)
    path = path.replace("\\.", ".")
    return "/" + path


@pytest.fixture
def urls(collection):
    from archive.models import Instrument, Series

    instrument = Instrument.objects.order_by("key").first()
    series = Series.objects.first()
    values = {
        "symbol": "A/RES/74/127",
        "anchor": "op1",
        "session": "74",
        "rest": "nothing",
        "key": quote(instrument.key, safe="/") if instrument else "x",
        "slug": series.slug if series else "migrant-workers",
    }
    pages = {}
    for route, _ in _patterns():
        path = _fill(route, values)
        if path is not None:
            pages[path] = route
    return pages, values


def _check(client, url: str, payload: str | None, problems: list, statuses: Counter, page: str) -> None:
    response = client.get(url)
    statuses[(page, response.status_code)] += 1
    if response.status_code not in ACCEPTABLE:
        problems.append(f"{response.status_code} for {url[:200]}")
        return
    content_type = response.get("Content-Type", "")
    if payload and len(payload) >= 6 and SPECIAL & set(payload) and content_type.startswith("text/html"):
        body = response.content.decode("utf-8", errors="replace")
        if payload in body:
            problems.append(f"unescaped reflection of {payload!r} in {url[:200]}")


def test_hostile_requests(client, urls):
    pages, values = urls
    problems: list[str] = []
    statuses: Counter = Counter()
    sent = 0
    cycle = itertools.cycle(PAYLOADS)
    for path, route in sorted(pages.items()):
        if route == "search/":  # the page with the most parameters: every one, every payload
            for name, payload in itertools.product(SEARCH_PARAMETERS, PAYLOADS):
                _check(client, f"{path}?{urlencode({name: payload})}", payload, problems, statuses, route)
                sent += 1
        else:  # every parameter, a rotating share of the payloads
            for name in PARAMETERS:
                for payload in itertools.islice(cycle, 1 if route in SLOW_PAGES else 2):
                    _check(client, f"{path}?{urlencode({name: payload})}", payload, problems, statuses, route)
                    sent += 1
        if route in ("search/", "api/search/", "search.csv"):  # all parameters at once
            for payload in PAYLOADS:
                _check(
                    client, f"{path}?{urlencode({p: payload for p in PARAMETERS})}", payload, problems, statuses, route
                )
                sent += 1
    for route in sorted(set(pages.values())):  # hostile path segments
        for group in [g for g in values if f"<{g}>" in route or f":{g}>" in route]:
            for payload in PATH_PAYLOADS:
                path = _fill(route, {**values, group: payload})
                _check(client, path, None, problems, statuses, route)
                sent += 1
    by_page: dict[str, Counter] = defaultdict(Counter)
    for (page, status), n in statuses.items():
        by_page[page][status] += n
    print(f"\n{sent} hostile requests over {len(pages)} pages, {len(problems)} problems")
    for page, counts in sorted(by_page.items()):
        print(f"  {page[:70]:<70}  " + "  ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    assert sent >= 2000
    assert not problems, "\n".join(problems[:30])
