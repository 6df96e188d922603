"""Search quality: known-item queries through the archive's search and an in-process BM25 baseline (Tantivy).

    .venv/bin/python -m bench.search_quality [--db archive_quality] [--load ../shared/corpus/akn]
                                             [--queries 300] [--broad 100] [--seed 18]

With ``--load`` the corpus is ingested into the database ``--db`` first (migrated if new);
without it the database is taken as it is. From a fixed seed, paragraphs are drawn at random
and each gives a query: its 4 rarest words, 6 of its words at random, and (for the session
share of page 1) 2 of its common words. Both systems must find the paragraph: a hit with the
same text (case, quotes and spaces normalised) in another document counts as the answer
for both. The archive is asked through ``archive.search.paragraphs.run_search`` (all words required,
page 1, identical texts grouped); Tantivy with every word required (``+w``), English
stemming, its own BM25, top 10. Printed: MRR@10, recall@1 and @10, latency; for the broad
queries, each session's share of page 1 against its share of the matches; and whether page
1 equals the top 20 of the full ranking (one ORDER BY over every match) for queries with up
to 50,000 matches.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path.cwd()  # run from the checkout root: python -m bench.search_quality
WORD = re.compile(r"[a-z]{3,}")


def setup(db: str) -> None:
    from scripts.django_env import setup_django

    setup_django(ARCHIVE_DB_NAME=db, DEBUG=os.environ.get("DEBUG", "1"), PAGE_CACHE="0")


def load(db: str, path: str) -> None:
    env = {**os.environ, "ARCHIVE_DB_NAME": db, "DEBUG": "1", "PAGE_CACHE": "0"}
    for args in (["migrate", "--noinput", "-v", "0"], ["ingest", path]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def corpus():
    from archive.models import Paragraph

    return list(
        Paragraph.objects.body().values_list("id", "text", "document__session", "document__symbol").order_by("id")
    )


def stop_words(words: set[str]) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT w FROM unnest(%s::text[]) w WHERE ts_lexize('english_stem', w) = '{}'", [sorted(words)])
        return {w for (w,) in cursor.fetchall()}


def build_queries(rows, n: int, broad: int, seed: int):
    """(kind, query, target id) triples: 'rare' (4 rarest words), 'random' (6 words), 'broad' (2 common words)."""
    words_of = {pid: sorted(set(WORD.findall(text.lower()))) for pid, text, _, _ in rows}
    df = Counter(w for ws in words_of.values() for w in ws)
    stops = stop_words(set(df))
    rng = random.Random(seed)
    eligible = [pid for pid, *_ in rows if len([w for w in words_of[pid] if w not in stops]) >= 8]
    picked = rng.sample(eligible, min(n, len(eligible)))
    common_floor = max(2, len(rows) // 100)
    queries = []
    for pid in picked:
        words = [w for w in words_of[pid] if w not in stops]
        rare = sorted(words, key=lambda w: (df[w], w))[:4]
        queries.append(("rare", " ".join(rare), pid))
        queries.append(("random", " ".join(rng.sample(words, 6)), pid))
    for pid in rng.sample(eligible, min(broad, len(eligible))):
        common = [w for w in words_of[pid] if w not in stops and df[w] >= common_floor]
        if len(common) >= 2:
            queries.append(("broad", " ".join(rng.sample(common, 2)), pid))
    return queries


def tantivy_index(rows):
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True)
    sb.add_text_field("text", stored=False, tokenizer_name="en_stem")
    index = tantivy.Index(sb.build())
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for pid, text, _, _ in rows:
        doc = tantivy.Document()
        doc.add_unsigned("id", pid)
        doc.add_text("text", text)
        writer.add_document(doc)
    writer.commit()
    index.reload()
    return index


def normalized(text: str) -> str:
    from archive.search.results import normalized_text

    return normalized_text(text)


def reciprocal(rank: int | None) -> float:
    return 1.0 / rank if rank and rank <= 10 else 0.0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="archive_quality", help="database name (the embedded server's)")
    parser.add_argument("--load", help="ingest this corpus (file or folder) into --db first")
    parser.add_argument("--queries", type=int, default=300, help="paragraphs drawn for rare and random queries")
    parser.add_argument("--broad", type=int, default=100, help="paragraphs drawn for broad 2-word queries")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--check-full", type=int, default=60, help="queries checked against the full ranking")
    parser.add_argument(
        "--tune",
        action="store_true",
        help="instead: MRR@10 of the rare and random queries for a grid of BM25 parameters "
        "(k1, b, proximity weight), recomputed from each query's matches; tune on another seed "
        "than the one reported",
    )
    args = parser.parse_args(argv)
    if args.load:
        load(args.db, args.load)
    setup(args.db)
    if args.tune:
        return tune(args)
    from archive.models import Paragraph
    from archive.search.compiler import compile_query
    from archive.search.paragraphs import run_search
    from archive.search.parameters import PAGE_SIZE
    from archive.search.ranking import matching
    from bench.search_timing import naive_search

    rows = corpus()
    if not rows:
        print(f"database {args.db} holds no paragraphs: use --load", file=sys.stderr)
        return 1
    text_of = {pid: text for pid, text, _, _ in rows}
    session_of = {pid: s for pid, _, s, _ in rows}
    same = {}
    for pid, text in text_of.items():
        same.setdefault(normalized(text), set()).add(pid)
    answers = lambda pid: same[normalized(text_of[pid])]  # noqa: E731

    t0 = time.perf_counter()
    index = tantivy_index(rows)
    searcher = index.searcher()
    built = time.perf_counter() - t0
    queries = build_queries(rows, args.queries, args.broad, args.seed)
    print(
        f"corpus: {len(rows):,} searchable paragraphs in database {args.db}, "
        f"{len({s for s in session_of.values()})} sessions; Tantivy index built in {built:.1f} s; "
        f"{len(queries)} queries (seed {args.seed})\n"
    )

    results = {}  # (system, kind) -> list of (rank or None, ms)
    page_sessions = {"archive": Counter(), "tantivy": Counter()}
    match_sessions = Counter()
    body = Paragraph.objects.body()
    for kind, q, target in queries:
        wanted = answers(target)
        t = time.perf_counter()
        r = run_search(body, q, "relevance", 1)
        ms = (time.perf_counter() - t) * 1000
        rank = next(
            (i for i, h in enumerate(r.hits, 1) if {h.paragraph.id, *(o.id for o in h.same_text)} & wanted), None
        )
        results.setdefault(("archive", kind), []).append((rank, ms))
        t = time.perf_counter()
        query = index.parse_query(" ".join(f"+{w}" for w in q.split()), ["text"])
        found = searcher.search(query, PAGE_SIZE)
        ids = [searcher.doc(address)["id"][0] for _, address in found.hits]
        ms_t = (time.perf_counter() - t) * 1000
        rank_t = next((i for i, pid in enumerate(ids, 1) if pid in wanted), None)
        results.setdefault(("tantivy", kind), []).append((rank_t, ms_t))
        if kind == "broad":
            page_sessions["archive"].update(h.paragraph.document.session for h in r.hits)
            page_sessions["tantivy"].update(session_of[pid] for pid in ids)
            for pid in matching(body, compile_query(q)).values_list("id", flat=True):
                match_sessions[session_of[pid]] += 1

    print(f"{'system':<9} {'queries':<8} {'n':>4} {'MRR@10':>7} {'R@1':>6} {'R@10':>6} {'p50 ms':>7} {'p95 ms':>7}")
    mrr = {}
    for kind in ("rare", "random", "broad"):
        for system in ("archive", "tantivy"):
            rs = results.get((system, kind), [])
            if not rs:
                continue
            mrr[(system, kind)] = statistics.mean(reciprocal(rank) for rank, _ in rs)
            r1 = statistics.mean(1.0 if rank == 1 else 0.0 for rank, _ in rs)
            r10 = statistics.mean(1.0 if rank and rank <= 10 else 0.0 for rank, _ in rs)
            ms = [m for _, m in rs]
            print(
                f"{system:<9} {kind:<8} {len(rs):>4} {mrr[(system, kind)]:>7.3f} {r1:>6.3f} {r10:>6.3f} "
                f"{percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f}"
            )
    for kind in ("rare", "random"):
        if ("archive", kind) in mrr:
            d = mrr[("archive", kind)] - mrr[("tantivy", kind)]
            print(
                f"MRR@10 {kind}: archive - tantivy = {d:+.3f} (target: at least +0.030) {'ok' if d >= 0.03 else 'MISS'}"
            )

    total_matches = sum(match_sessions.values())
    if total_matches:
        print("\nbroad queries: each session's share of page 1 against its share of the matches")
        print(f"{'session':>7} {'matches':>8} {'archive p1':>10} {'tantivy p1':>10}")
        n_a, n_t = sum(page_sessions["archive"].values()) or 1, sum(page_sessions["tantivy"].values()) or 1
        for session in sorted(match_sessions):
            print(
                f"{session:>7} {match_sessions[session] / total_matches:>8.1%} "
                f"{page_sessions['archive'][session] / n_a:>10.1%} {page_sessions['tantivy'][session] / n_t:>10.1%}"
            )

    # page 1 against the full ranking, for queries the archive ranks fully
    checked = equal = 0
    for _kind, q, _ in queries[: args.check_full]:
        r = run_search(body, q, "relevance", 1)
        if r.approximate or not r.total:
            continue
        naive = naive_search(body, q)
        full = [h.paragraph.id for h in naive.hits]
        grouped = [p.id for h in r.hits for p in [h.paragraph, *h.same_text]]
        checked += 1
        # the naive top 20 (no grouping) are all on the grouped page 1, in the same order of texts
        equal += all(pid in grouped for pid in full[: len(r.hits)])
    print(f"\npage 1 holds the full ranking's top paragraphs: {equal} of {checked} queries checked")
    return 0


K1_GRID = (0.6, 0.9, 1.2, 1.6, 2.0)
B_GRID = (0.3, 0.5, 0.75, 0.9)
PROXIMITY_GRID = (0.0, 0.5, 1.0, 2.0, 4.0)


def match_features(q: str):
    """For every match of ``q``: (id, session, text, [tf per ranked unit], octet length, proximity), and the
    units' IDF and the average length: what BM25 needs, read once so that any (k1, b) can be tried."""
    from django.db import connection

    from archive.models import Paragraph
    from archive.search.compiler import compile_query
    from archive.search.ranking import matching

    compiled = compile_query(q)
    if not compiled or not compiled.units:
        return None
    tfs = ", ".join("ts_rank_cd('{1,1,1,1}'::float4[], p.search, %s::tsquery, 0)" for _ in compiled.units)
    inner = matching(Paragraph.objects.body(), compiled).values("id")
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, d.session, p.text, ARRAY[{tfs}], octet_length(p.text), "
            "ts_rank_cd('{1,1,1,1}'::float4[], p.search, %s::tsquery, 0) "
            f"FROM archive_paragraph p JOIN archive_document d ON d.id = p.document_id WHERE p.id IN ({sql})",
            [*(u.tsquery for u in compiled.units), " & ".join(f"( {u.tsquery} )" for u in compiled.units), *params],
        )
        rows = cursor.fetchall()
    return [u.idf for u in compiled.units], compiled.average_length, rows


def rank_of(features, wanted, k1: float, b: float, w: float) -> int | None:
    idfs, avg, rows = features

    def score(row):
        _, _, _, tfs, length, prox = row
        norm = k1 * (1 - b + b * length / avg)
        return sum(idf * (k1 + 1) * tf / (tf + norm) for idf, tf in zip(idfs, tfs)) + w * prox

    ranked = sorted(rows, key=lambda r: (-score(r), -r[1]))
    seen = []
    for row in ranked:
        text = normalized(row[2])
        if text in seen:
            continue
        seen.append(text)
        if row[0] in wanted:
            return len(seen)
        if len(seen) >= 10:
            return None
    return None


def tune(args) -> int:
    rows = corpus()
    text_of = {pid: text for pid, text, _, _ in rows}
    same = {}
    for pid, text in text_of.items():
        same.setdefault(normalized(text), set()).add(pid)
    queries = [(k, q, t) for k, q, t in build_queries(rows, args.queries, 0, args.seed) if k in ("rare", "random")]
    grid = [(k1, b, w) for k1 in K1_GRID for b in B_GRID for w in PROXIMITY_GRID]
    totals = {(kind, g): 0.0 for kind in ("rare", "random") for g in grid}
    counts = Counter()
    for kind, q, target in queries:
        features = match_features(q)
        counts[kind] += 1
        if not features:
            continue
        wanted = same[normalized(text_of[target])]
        for g in grid:
            totals[(kind, g)] += reciprocal(rank_of(features, wanted, *g))
    print(f"{len(queries)} queries (seed {args.seed}); MRR@10 from each query's matches, ties newest first\n")
    print(f"{'k1':>4} {'b':>5} {'prox':>5} {'rare':>7} {'random':>7} {'mean':>7}")
    results = []
    for g in grid:
        rare, rand = totals[("rare", g)] / max(1, counts["rare"]), totals[("random", g)] / max(1, counts["random"])
        results.append(((rare + rand) / 2, g, rare, rand))
    for mean, (k1, b, w), rare, rand in sorted(results, reverse=True)[:15]:
        print(f"{k1:>4} {b:>5} {w:>5} {rare:>7.3f} {rand:>7.3f} {mean:>7.3f}")
    current = next(r for r in results if r[1] == (1.2, 0.75, 0.0))
    print(f"\ncurrent (k1 1.2, b 0.75, no proximity): rare {current[2]:.3f}, random {current[3]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
