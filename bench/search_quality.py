"""Search quality: known-item queries through the archive's search and an in-process BM25 baseline (Tantivy).

    .venv/bin/python -m bench.search_quality [--db archive_quality] [--load ../shared/corpus/akn]
                                             [--queries 300] [--broad 100] [--seed 18]
                                             [--tune | --cost] [--check-full N]

With ``--load`` the corpus is ingested into the database ``--db`` first (migrated if new);
without it the database is taken as it is. From a fixed seed, paragraphs are drawn at random
and each gives a query: its 4 rarest words, 6 of its words at random, and (for the session
share of page 1) 2 of its common words. Both systems must find the paragraph: a hit with the
same text (case, quotes and spaces normalised) in another document counts as the answer
for both. The archive is asked through ``archive.search.paragraphs.run_search`` (all words required,
page 1, identical texts grouped); Tantivy with every word required (``+w``), English
stemming, its own BM25, top 10; and, to show what grouping adds, Tantivy's ranking with
identical texts grouped the same way ("tantivy-g"). Printed: MRR@10, recall@1 and @10,
latency; for the broad queries, each session's share of page 1 against its share of the
matches; and whether page 1 equals the top 20 of the full ranking (one ORDER BY over every
match, identical texts grouped) for every query with up to 50,000 matches, and for the
commonest words alone and in pairs (the exit status is 2 when one differs).

``--tune`` recomputes MRR@10 from each query's matches for a grid of k1, b, proximity weight,
length (bytes of text or distinct lexemes) and the weight of the prior for texts with many
copies (ln of its rows among the matches; the archive adds it with weight 1): tune on one seed (7),
report another (18). ``--misses`` lists the queries whose answer
the archive ranks below Tantivy. ``--cost`` prints the score's cost per row.
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
    parser.add_argument(
        "--check-full", type=int, default=0, help="queries checked against the full ranking (0: every query)"
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="instead: MRR@10 of the rare and random queries for a grid of BM25 parameters "
        "(k1, b, proximity weight), recomputed from each query's matches; tune on another seed "
        "than the one reported",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="also list the rare and random queries whose answer the archive ranks below Tantivy's rank of it",
    )
    parser.add_argument(
        "--cost",
        action="store_true",
        help="instead: the score's cost per row (EXPLAIN ANALYZE) for the largest queries ranked fully",
    )
    args = parser.parse_args(argv)
    if args.load:
        load(args.db, args.load)
    setup(args.db)
    if args.tune:
        return tune(args)
    if args.cost:
        return cost()
    from archive.models import Paragraph
    from archive.search.compiler import compile_query
    from archive.search.paragraphs import run_search
    from archive.search.parameters import PAGE_SIZE
    from archive.search.ranking import RANK_ALL, matching

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
    page_sessions = {"archive": Counter(), "copies": Counter(), "tantivy": Counter()}
    match_sessions = Counter()
    pages = []  # (query, page 1 ids, ranked fully)
    misses = []  # (kind, query, target, archive's rank, Tantivy's rank, the archive's first hit, matches)
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
        pages.append((q, [h.paragraph.id for h in r.hits], r.total and not r.approximate))
        t = time.perf_counter()
        query = index.parse_query(" ".join(f"+{w}" for w in q.split()), ["text"])
        found = searcher.search(query, PAGE_SIZE)
        ids = [searcher.doc(address)["id"][0] for _, address in found.hits]
        ms_t = (time.perf_counter() - t) * 1000
        rank_t = next((i for i, pid in enumerate(ids, 1) if pid in wanted), None)
        results.setdefault(("tantivy", kind), []).append((rank_t, ms_t))
        if kind != "broad" and reciprocal(rank) < reciprocal(rank_t):
            misses.append((kind, q, target, rank, rank_t, r.hits[0].paragraph.id if r.hits else None, r.total))
        # the same BM25 with identical texts grouped as the archive groups them (not timed): what grouping adds
        deeper = [searcher.doc(address)["id"][0] for _, address in searcher.search(query, 10 * PAGE_SIZE).hits]
        texts = list(dict.fromkeys(normalized(text_of[pid]) for pid in deeper))
        wanted_text = normalized(text_of[target])
        rank_g = texts.index(wanted_text) + 1 if wanted_text in texts else None
        results.setdefault(("tantivy-g", kind), []).append((rank_g, 0.0))
        if kind == "broad":
            page_sessions["archive"].update(h.paragraph.document.session for h in r.hits)
            page_sessions["copies"].update(
                s for h in r.hits for s in [h.paragraph.document.session, *(o.session for o in h.same_text)]
            )
            page_sessions["tantivy"].update(session_of[pid] for pid in ids)
            for pid in matching(body, compile_query(q)).values_list("id", flat=True):
                match_sessions[session_of[pid]] += 1

    print(f"{'system':<9} {'queries':<8} {'n':>4} {'MRR@10':>7} {'R@1':>6} {'R@10':>6} {'p50 ms':>7} {'p95 ms':>7}")
    mrr = {}
    for kind in ("rare", "random", "broad"):
        for system in ("archive", "tantivy", "tantivy-g"):
            rs = results.get((system, kind), [])
            if not rs:
                continue
            mrr[(system, kind)] = statistics.mean(reciprocal(rank) for rank, _ in rs)
            r1 = statistics.mean(1.0 if rank == 1 else 0.0 for rank, _ in rs)
            r10 = statistics.mean(1.0 if rank and rank <= 10 else 0.0 for rank, _ in rs)
            ms = [m for _, m in rs]
            timing = (
                f"{percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f}"
                if system != "tantivy-g"
                else f"{'-':>7} {'-':>7}"
            )
            print(f"{system:<9} {kind:<8} {len(rs):>4} {mrr[(system, kind)]:>7.3f} {r1:>6.3f} {r10:>6.3f} {timing}")
    print("(tantivy-g: Tantivy's ranking with identical texts grouped, as the archive's page groups them)")
    for kind in ("rare", "random"):
        if ("archive", kind) in mrr:
            d = mrr[("archive", kind)] - mrr[("tantivy", kind)]
            dg = mrr[("archive", kind)] - mrr[("tantivy-g", kind)]
            print(
                f"MRR@10 {kind}: archive - tantivy = {d:+.3f} (target: at least +0.030) {'ok' if d >= 0.03 else 'MISS'}; "
                f"archive - tantivy-g = {dg:+.3f}"
            )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.misses:
        print_misses(misses, text_of, session_of)

    total_matches = sum(match_sessions.values())
    if total_matches:
        print("\nbroad queries: each session's share of page 1 against its share of the matches")
        print(
            "(archive p1: the paragraph each hit shows, the newest of its text; with copies: every paragraph of the hits)"
        )
        print(f"{'session':>7} {'matches':>8} {'archive p1':>10} {'with copies':>11} {'tantivy p1':>10}")
        n = {system: sum(c.values()) or 1 for system, c in page_sessions.items()}
        for session in sorted(match_sessions):
            shares = [page_sessions[system][session] / n[system] for system in ("archive", "copies", "tantivy")]
            print(
                f"{session:>7} {match_sessions[session] / total_matches:>8.1%} "
                f"{shares[0]:>10.1%} {shares[1]:>11.1%} {shares[2]:>10.1%}"
            )

    # page 1 against the full ranking, for every query the archive ranks fully (up to RANK_ALL matches),
    # and for queries of the commonest words, whose matches come nearest that limit
    checked = equal = 0
    differing, largest = [], 0
    large = []
    for q in large_queries(rows, RANK_ALL):
        r = run_search(body, q, "relevance", 1)
        large.append((q, [h.paragraph.id for h in r.hits], r.total and not r.approximate))
        largest = max(largest, r.total if not r.approximate else 0)
    for q, shown, fully in pages[: args.check_full or None] + large:
        if not fully:
            continue
        checked += 1
        expected = full_ranking_page(body, q, PAGE_SIZE)
        if shown == expected:
            equal += 1
        else:
            differing.append(q)
    print(
        f"\npage 1 equals the full ranking's top {PAGE_SIZE} (one ORDER BY over every match, identical texts "
        f"grouped): {equal} of {checked} queries ranked fully (the largest: {largest:,} matches)"
        + (f"; differing: {', '.join(repr(q) for q in differing[:5])}" if differing else "")
    )
    return 0 if equal == checked else 2


def print_misses(misses, text_of, session_of) -> None:
    """The queries whose answer the archive ranks below Tantivy: the query, both ranks, the matches, the
    answer and the archive's first hit (session and the start of the text)."""
    print(f"\n{len(misses)} queries whose answer the archive ranks below Tantivy (rank: - is below 10)")
    for kind, q, target, rank, rank_t, first, total in misses:
        print(f"{kind:<6} {q!r}: archive {rank or '-'}, tantivy {rank_t or '-'}; {total} matches")
        print(f"    answer  {session_of[target]}: {text_of[target][:160]!r}")
        if first is not None:
            print(f"    archive {session_of[first]}: {text_of[first][:160]!r}")


def large_queries(rows, limit: int, n: int = 8) -> list[str]:
    """The commonest words of the corpus alone and in pairs (``a OR b``), the pairs at most ``limit``
    paragraphs together by the words' frequencies: the queries with the most matches ranked fully."""
    df = Counter(w for _, text, _, _ in rows for w in set(WORD.findall(text.lower())))
    candidates = [w for w, _ in df.most_common(4 * n)]
    stops = stop_words(set(candidates))
    common = [w for w in candidates if w not in stops][:n]
    pairs = sorted(
        (
            (df[a] + df[b], f"{a} OR {b}")
            for i, a in enumerate(common)
            for b in common[i + 1 :]
            if df[a] + df[b] <= limit
        ),
        reverse=True,
    )
    return common[:3] + [q for _, q in pairs[:n]]


def full_ranking_page(qs, q: str, size: int) -> list[int]:
    """Page 1 as the full ranking gives it: every match scored in one ORDER BY (each row its text's score,
    ``rank_sql``; ties newest session first), grouped by identical text, each group shown by its newest paragraph."""
    from django.db.models import FloatField
    from django.db.models.expressions import RawSQL

    from archive.search.compiler import compile_query
    from archive.search.ranking import matching, rank_sql
    from archive.search.results import RankedRow, group_identical

    compiled = compile_query(q)
    score, params = rank_sql(compiled)
    rows = (
        matching(qs, compiled)
        .annotate(s=RawSQL(score, params, output_field=FloatField()))
        .order_by("-s", "-document__session", "document__symbol", "position")
        .values_list(
            "id", "s", "text", "position", "anchor", "document__session", "document__symbol", "document__number"
        )
    )
    return [g[0].id for g in group_identical([RankedRow(*r) for r in rows])[:size]]


def cost(runs: int = 7) -> int:
    """The score's cost per row: the matches read, then read, scored and the top taken (ORDER BY score),
    each the fastest of ``runs`` (EXPLAIN ANALYZE, no per-node timing); the difference over the matches."""
    from django.db import connection
    from django.db.models import FloatField
    from django.db.models.expressions import RawSQL

    from archive.models import Paragraph
    from archive.search.compiler import compile_query
    from archive.search.ranking import RANK_ALL, matching, score_sql

    def fastest(sql, params):
        with connection.cursor() as cursor:
            times = []
            for _ in range(runs):
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params)
                times.append(cursor.fetchone()[0][0]["Execution Time"])
        return min(times)

    print(f"{'query':<32} {'matches':>8} {'read ms':>9} {'ranked ms':>10} {'score us/row':>13}")
    for q in large_queries(corpus(), RANK_ALL):
        compiled = compile_query(q)
        score, params = score_sql(compiled)
        matches = matching(Paragraph.objects.body(), compiled).order_by()
        n = matches.count()
        if n > RANK_ALL:
            continue
        counted = fastest(*matches.values("id").query.sql_with_params())
        sql, sql_params = (
            matches.annotate(s=RawSQL(score, params, output_field=FloatField()))
            .order_by("-s")
            .values_list("id", "s")[:63]
            .query.sql_with_params()
        )
        ranked = fastest(sql, sql_params)
        print(f"{q:<32} {n:>8,} {counted:>9.1f} {ranked:>10.1f} {(ranked - counted) / max(n, 1) * 1000:>13.2f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


K1_GRID = (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 3.0)
B_GRID = (0.5, 0.75, 0.9, 1.0)
PROXIMITY_GRID = (0.0, 0.25, 0.5, 1.0, 2.0)
LENGTHS = ("bytes", "lexemes")  # a paragraph's length: its text's size, or the distinct lexemes of its vector
COPIES_GRID = (0.0, 0.5, 1.0)  # weight of ln(copies of the text among the matches): the archive's is 1


def match_features(q: str):
    """For every match of ``q``: its session, text, tf of each ranked unit, lengths and proximity (the cover
    density of all the units together); and the units' IDF: read once, so that any formula can be tried."""
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
            f"SELECT p.id, d.session, p.text, ARRAY[{tfs}], octet_length(p.text), length(p.search), "
            "ts_rank_cd('{1,1,1,1}'::float4[], p.search, %s::tsquery, 0), "
            "rank() OVER (ORDER BY d.symbol, p.position) "  # the tie break after the session
            f"FROM archive_paragraph p JOIN archive_document d ON d.id = p.document_id WHERE p.id IN ({sql})",
            [*(u.tsquery for u in compiled.units), " & ".join(f"( {u.tsquery} )" for u in compiled.units), *params],
        )
        rows = cursor.fetchall()
    return compiled, rows


class Features:
    """One query's matches as arrays (numpy): what any (k1, b, proximity, length) needs."""

    def __init__(self, compiled, rows, corpus_lengths):
        import numpy as np

        self.idf = np.array([u.idf for u in compiled.units])
        self.ids = [r[0] for r in rows]
        self.session = np.array([r[1] for r in rows], dtype=float)
        self.tf = np.array([r[3] for r in rows], dtype=float).reshape(len(rows), len(compiled.units))
        self.length = {
            "bytes": np.array([r[4] for r in rows], dtype=float) / corpus_lengths["bytes"],
            "lexemes": np.array([r[5] for r in rows], dtype=float) / corpus_lengths["lexemes"],
        }
        self.prox = np.array([r[6] for r in rows], dtype=float)
        self.place = np.array([r[7] for r in rows], dtype=float)  # symbol, position
        texts = [normalized(r[2]) for r in rows]
        index = {}
        self.group = np.array([index.setdefault(t, len(index)) for t in texts])
        self.copies = np.log(np.bincount(self.group)[self.group])  # the text's rows among the matches
        self.groups = len(index)

    def rank(self, wanted, k1: float, b: float, w: float, length: str, c: float = 0.0) -> int | None:
        """The rank of the first group holding an answer, identical texts grouped, ties newest first
        (then symbol and position, as the page orders them)."""
        import numpy as np

        norm = k1 * (1 - b + b * self.length[length])
        score = (self.idf * (k1 + 1) * self.tf / (self.tf + norm[:, None])).sum(axis=1) + w * self.prox
        if c:
            score = score + c * self.copies
        # a group stands where its best row does: best (score, session) per group
        order = np.lexsort((self.place, -self.session, -score))
        seen, rank = set(), 0
        for i in order:
            g = self.group[i]
            if g in seen:
                continue
            seen.add(g)
            rank += 1
            if self.ids[i] in wanted:
                return rank
            if rank >= 10:
                return None
        return None


def tune(args) -> int:
    from django.db import connection

    from archive.search.ranking import K1, B

    rows = corpus()
    text_of = {pid: text for pid, text, _, _ in rows}
    same = {}
    for pid, text in text_of.items():
        same.setdefault(normalized(text), set()).add(pid)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT avg(octet_length(text)), avg(length(search)) FROM archive_paragraph WHERE kind <> 'heading'"
        )
        avg_bytes, avg_lexemes = cursor.fetchone()
    lengths = {"bytes": float(avg_bytes), "lexemes": float(avg_lexemes)}
    queries = [(k, q, t) for k, q, t in build_queries(rows, args.queries, 0, args.seed) if k in ("rare", "random")]
    grid = [
        (k1, b, w, ln, c)
        for k1 in K1_GRID
        for b in B_GRID
        for w in PROXIMITY_GRID
        for ln in LENGTHS
        for c in COPIES_GRID
    ]
    totals = {(kind, g): 0.0 for kind in ("rare", "random") for g in grid}
    counts = Counter()
    t0 = time.perf_counter()
    for kind, q, target in queries:
        found = match_features(q)
        counts[kind] += 1
        if not found or not found[1]:
            continue
        features = Features(*found, lengths)
        wanted = same[normalized(text_of[target])]
        for g in grid:
            totals[(kind, g)] += reciprocal(features.rank(wanted, *g))
    print(
        f"{len(queries)} queries (seed {args.seed}); MRR@10 from each query's matches, identical texts grouped, "
        f"ties newest first ({time.perf_counter() - t0:.0f} s)\n"
    )
    results = []
    for g in grid:
        rare, rand = totals[("rare", g)] / max(1, counts["rare"]), totals[("random", g)] / max(1, counts["random"])
        results.append((min(rare, rand), (rare + rand) / 2, g, rare, rand))

    def table(title, rows_):
        print(title)
        print(f"{'k1':>4} {'b':>5} {'prox':>5} {'length':>8} {'copies':>6} {'rare':>7} {'random':>7} {'mean':>7}")
        for _, mean, (k1, b, w, ln, c), rare, rand in rows_:
            print(f"{k1:>4} {b:>5} {w:>5} {ln:>8} {c:>6} {rare:>7.3f} {rand:>7.3f} {mean:>7.3f}")
        print()

    ranked = sorted(results, key=lambda r: (r[1], r[0]), reverse=True)
    table("best by mean MRR@10:", ranked[:15])
    table("best without the copies prior:", [r for r in ranked if r[2][4] == 0.0][:10])
    table(
        "best in bytes, no proximity, no copies prior (BM25 tuned):",
        [r for r in ranked if r[2][2:] == (0.0, "bytes", 0.0)][:5],
    )
    table("BM25 defaults (k1 1.2, b 0.75, bytes):", [r for r in results if r[2] == (1.2, 0.75, 0.0, "bytes", 0.0)])
    current = (K1, B, 0.0, "lexemes", 1.0)
    table(f"the archive's formula (k1 {K1}, b {B}, lexemes):", [r for r in results if r[2] == current])
    return 0


if __name__ == "__main__":
    sys.exit(main())
