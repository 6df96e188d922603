"""A large synthetic corpus for the search benchmark, built from the real texts.

The paragraphs are recombined from the clauses and sentences of the real paragraphs (read
with the project's own parsers from ``fixtures/sources`` and ``fixtures/akn``), and a
long-tailed vocabulary is injected on top:

- the common term ``women`` is in about ``common_share`` of the searchable paragraphs (each
  paragraph with it takes exactly one clause holding it; the others take clauses without it);
- a synthetic vocabulary of ``vocabulary`` made-up words (``zorblex17``...) is drawn with a
  Zipf distribution, about ``words_per_paragraph`` words a paragraph, so that word rank r is
  in about ``paragraphs * words_per_paragraph / (H * r)`` paragraphs: the word of rank
  ``RARE_RANK`` is in a few hundred paragraphs at 1,000,000; a word is followed by its
  partner (rank r ^ 1) ``pair_share`` of the time, so two rare words also meet;
- the real phrases come with their clauses ("migrant domestic workers" among them).

Documents are half resolutions (preambular, operative paragraphs and sub-items) and half
reports (numbered report paragraphs under headings, sub-items), in sessions 1..``sessions``,
inserted in session order as a chronological ingest would; about a third carry footnotes,
with markers in their paragraphs and citations to the instruments of the authority file.

Everything is written with COPY. ``size`` counts searchable (non-heading) paragraphs;
report headings come on top. With ``replace`` (only in a database whose name contains
"bench") the archive tables are emptied first and the paragraph indexes and constraints
are dropped during the load and rebuilt after it; otherwise rows are added to what is
there (the tests add a tiny corpus to the test database).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import json
import random
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction

COMMON_TERM = "women"
PHRASE = "migrant domestic workers"
RARE_RANK = 400
SYLLABLES = [
    "zor",
    "blex",
    "quin",
    "dar",
    "vel",
    "mon",
    "trak",
    "sil",
    "pem",
    "wub",
    "kro",
    "fen",
    "jat",
    "lor",
    "gux",
    "nim",
    "hap",
]
COMMON_RE = re.compile(rf"\b{COMMON_TERM}\b", re.IGNORECASE)

ARCHIVE_TABLES = [
    "archive_citation",
    "archive_footnotereference",
    "archive_footnote",
    "archive_paragraph",
    "archive_instrumentalias",
    "archive_instrument",
    "archive_document",
    "archive_series",
]
# The big tables whose secondary indexes and constraints are rebuilt after a bulk load.
REBUILT_TABLES = ["archive_paragraph", "archive_footnotereference"]


def synthetic_word(rank: int) -> str:
    """The made-up word of Zipf rank ``rank`` (1 = most frequent): letters and digits, one lexeme."""
    n = len(SYLLABLES)
    return SYLLABLES[rank % n] + SYLLABLES[(rank // n) % n] + str(rank)


def rare_terms() -> tuple[str, str]:
    """Two rare words that often meet in one paragraph (a word and its partner)."""
    return synthetic_word(RARE_RANK), synthetic_word(RARE_RANK ^ 1)


@dataclass
class Spec:
    paragraphs: int = 1_000_000  # searchable paragraphs (headings come on top)
    documents: int = 50_000
    sessions: int = 80
    seed: int = 5
    common_share: float = 0.65
    vocabulary: int = 100_000
    zipf_s: float = 1.0
    words_per_paragraph: float = 2.0
    pair_share: float = 0.25
    footnoted_documents: float = 0.35

    def __post_init__(self):
        if self.documents < 1 or self.sessions < 1 or self.paragraphs < 3 * self.documents:
            raise ValueError("need at least one document and session, and three paragraphs a document")
        if self.sessions > self.documents:
            raise ValueError("more sessions than documents")


@dataclass
class Result:
    spec: Spec
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{k} {v:,}" for k, v in self.counts.items())
        times = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return f"{counts}\n{times}"


# --- the material: clauses, sentences, openings, headings from the real texts -----------------


@dataclass
class Material:
    openings: dict[str, list[str]]
    clauses: tuple[list[str], list[str]]  # (with the common term, without)
    sentences: tuple[list[str], list[str]]
    items: tuple[list[str], list[str]]  # sub-item texts (clauses, capitalised)
    headings: list[str]
    titles: dict[str, list[str]]
    footnotes: list[str]
    instruments: list[dict]


CLAUSE_SPLIT = re.compile(r"(?<=[,;:])\s+")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _split_common(parts) -> tuple[list[str], list[str]]:
    parts = sorted(set(parts))
    return [p for p in parts if COMMON_RE.search(p)], [p for p in parts if not COMMON_RE.search(p)]


@functools.lru_cache(maxsize=1)
def load_material() -> Material:
    """The clauses, sentences, openings, headings, titles and footnotes of the real texts (parsed once)."""
    from archive.parsing import parse_path

    fixtures = settings.BASE_DIR / "fixtures"
    paths = sorted((fixtures / "sources").glob("*.txt")) + sorted((fixtures / "akn").glob("*.xml"))
    openings = {"preambular": [], "operative": []}
    clauses, sentences, items, headings, footnotes = [], [], [], [], []
    titles = {"resolution": [], "report": []}
    for path in paths:
        doc = parse_path(path)
        if doc.title:
            titles[doc.kind].append(doc.title)
        footnotes += [f.text for f in doc.footnotes if 10 < len(f.text) < 600]
        for p in doc.paragraphs:
            text = " ".join(p.text.split())
            if p.kind == "heading":
                headings.append(text[:200])
                continue
            if p.kind in openings and p.opening:
                openings[p.kind].append(p.opening)
                text = text[len(p.opening) :].strip() if text.startswith(p.opening) else text
            if p.kind == "report":
                sentences += [s for s in SENTENCE_SPLIT.split(text) if 30 <= len(s) <= 500]
            if p.kind == "report":
                continue
            parts = [c.rstrip(",;:") for c in CLAUSE_SPLIT.split(text.rstrip(",;.:"))]
            clauses += [c for c in parts if 20 <= len(c) <= 300]
            if p.kind == "subparagraph":
                items += [c[0].upper() + c[1:] for c in parts if 20 <= len(c) <= 300]
    items += [c[0].upper() + c[1:] for c in clauses if c[:1].islower() and c.split()[0].endswith("e")][:400]
    authority = json.loads((fixtures / "authority.json").read_text())["instruments"]
    titles["resolution"] = sorted(set(titles["resolution"])) or ["Violence against women migrant workers"]
    titles["report"] = sorted(set(titles["report"])) or [
        "Violence against women migrant workers: report of the Secretary-General"
    ]
    return Material(
        openings=openings,
        clauses=_split_common(clauses),
        sentences=_split_common(sentences),
        items=_split_common(items),
        headings=sorted(set(headings)),
        titles=titles,
        footnotes=sorted(set(footnotes)),
        instruments=authority,
    )


# --- text ---------------------------------------------------------------------------------------


class TextMaker:
    def __init__(self, material: Material, spec: Spec, rng: random.Random):
        self.m, self.spec, self.rng = material, spec, rng
        weights = [1.0 / (r**spec.zipf_s) for r in range(1, spec.vocabulary + 1)]
        self.cum = list(itertools.accumulate(weights))
        self.words = [synthetic_word(r) for r in range(spec.vocabulary + 2)]
        # number of synthetic words a paragraph: 0..4, mean words_per_paragraph
        mean = spec.words_per_paragraph
        self.count_choices = [0, 1, 2, 3, 4]
        self.count_weights = [max(0.0, 1 - abs(k - mean) / 2.5) for k in self.count_choices]

    def _parts(self, pools: tuple[list[str], list[str]], n: int) -> list[str]:
        rng = self.rng
        with_common, without = pools
        parts = [rng.choice(without) for _ in range(n)]
        if rng.random() < self.spec.common_share:
            parts[rng.randrange(n)] = rng.choice(with_common)
        return parts

    def _rank(self) -> int:
        return bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1]) + 1

    def _inject(self, text: str, skip: int) -> str:
        rng = self.rng
        k = rng.choices(self.count_choices, self.count_weights)[0]
        if not k:
            return text
        words = text.split(" ")
        for _ in range(k):
            r = self._rank()
            new = self.words[r]
            if rng.random() < self.spec.pair_share:
                new = f"{new} {self.words[r ^ 1]}"
            words.insert(rng.randint(min(skip, len(words)), len(words) - 1), new)
        return " ".join(words)

    def paragraph(self, kind: str) -> tuple[str, str]:
        """(opening, text) of a new paragraph of ``kind``."""
        rng = self.rng
        if kind == "preambular" or kind == "operative":
            opening = rng.choice(self.m.openings[kind])
            body = ", ".join(self._parts(self.m.clauses, rng.choice((2, 2, 3, 3, 4, 5))))
            text = f"{opening} {body}{',' if kind == 'preambular' else ';'}"
            return opening, self._inject(text, len(opening.split()) + 1)
        if kind == "subparagraph":
            parts = self._parts(self.m.items, 1) + [
                rng.choice(self.m.clauses[1]) for _ in range(rng.choice((0, 1, 1, 2)))
            ]
            return "", self._inject(", ".join(parts) + ";", 1)
        if kind == "report":
            return "", self._inject(" ".join(self._parts(self.m.sentences, rng.choice((1, 2, 2, 3, 3, 4)))), 1)
        return "", rng.choice(self.m.headings)


# --- structure ----------------------------------------------------------------------------------


def _sizes(spec: Spec, rng: random.Random) -> list[int]:
    """Searchable paragraphs per document: at least 3, long-tailed, summing to spec.paragraphs."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(spec.documents)]
    spare = spec.paragraphs - 3 * spec.documents
    total = sum(weights)
    sizes = [3 + int(spare * w / total) for w in weights]
    for i in rng.sample(range(spec.documents), spec.paragraphs - sum(sizes)):
        sizes[i] += 1
    return sizes


def _resolution_layout(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, number) for the n searchable paragraphs of a resolution."""
    pre = max(1, round(n * rng.uniform(0.3, 0.5)))
    out = [("preambular", "")] * pre
    op = 0
    while len(out) < n:
        op += 1
        out.append(("operative", str(op)))
        if rng.random() < 0.12 and n - len(out) >= 2:
            for j in range(min(rng.randint(2, 4), n - len(out))):
                out.append(("subparagraph", f"{op}({chr(97 + j)})"))
    return out


def _report_layout(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, number) for a report: a summary, numbered paragraphs, sub-items, headings on top."""
    out = [("report", "")]
    para, sections = 0, 0
    while sum(1 for k, _ in out if k != "heading") < n:
        if para == 0 or rng.random() < 0.09:
            sections += 1
            out.append(("heading", _roman(sections)))
        para += 1
        out.append(("report", str(para)))
        left = n - sum(1 for k, _ in out if k != "heading")
        if rng.random() < 0.06 and left >= 2:
            for j in range(min(rng.randint(2, 4), left)):
                out.append(("subparagraph", f"{para}({chr(97 + j)})"))
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _anchors(layout: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """The anchors the ingest gives such paragraphs (one scheme: ``archive.documents.anchors``)."""
    from types import SimpleNamespace

    from archive.documents.anchors import paragraph_anchors

    return paragraph_anchors([SimpleNamespace(kind=kind, number=number) for kind, number in layout])


# --- COPY ---------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _field(v) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    return str(v).translate(_ESCAPES)


def _line(values) -> str:
    return "\t".join(_field(v) for v in values) + "\n"


class Copier:
    """Buffers rows as COPY text and writes them in large chunks."""

    def __init__(self, cursor, table: str, columns: list[str], chunk: int = 1 << 20):
        self.cursor, self.chunk = cursor, chunk
        self.sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        self.buffer: list[str] = []
        self.size = 0
        self.rows = 0

    def __enter__(self):
        self._cm = self.cursor.copy(self.sql)
        self.copy = self._cm.__enter__()
        return self

    def add(self, values) -> None:
        line = _line(values)
        self.buffer.append(line)
        self.size += len(line)
        self.rows += 1
        if self.size >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.copy.write("".join(self.buffer).encode())
            self.buffer, self.size = [], 0

    def __exit__(self, *exc):
        if exc[0] is None:
            self.flush()
        return self._cm.__exit__(*exc)


def _reserve_ids(cursor, table: str, n: int) -> int:
    """First of ``n`` consecutive ids taken from the table's identity sequence."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    seq = cursor.fetchone()[0]
    cursor.execute(f"SELECT GREATEST(nextval(%s), (SELECT COALESCE(max(id), 0) + 1 FROM {table}))", [seq])
    start = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", [seq, start + max(n, 1) - 1])
    return start


def _drop_secondary(cursor, tables: list[str]) -> list[str]:
    """Drop the unique/foreign-key constraints and plain indexes of ``tables``; return the SQL to restore them."""
    restore = []
    for table in tables:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, definition, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
            restore.append(definition)
    # indexes first (the GIN build is the long one), foreign keys last
    return sorted(restore, key=lambda s: ("FOREIGN KEY" in s, "UNIQUE" in s))


def database_name(using: str = "default") -> str:
    return str(connections[using].settings_dict.get("NAME") or "")


def check_bench_database(using: str = "default") -> None:
    name = database_name(using)
    if "bench" not in name.lower():
        raise ValueError(
            f"refusing to write a benchmark corpus into database {name!r}: its name must contain 'bench' "
            "(run with ARCHIVE_DB_NAME=archive_bench, or a DATABASE_URL naming a bench database)"
        )


# --- the generator ------------------------------------------------------------------------------

PARAGRAPH_COLUMNS = [
    "id",
    "document_id",
    "position",
    "kind",
    "number",
    "ordinal",
    "opening",
    "text",
    "section",
    "anchor",
    "parent_id",
    "source_line",
    "text_key",
]


def generate(spec: Spec | None = None, using: str = "default", replace: bool = False, progress=None) -> Result:
    """Write a synthetic corpus into database ``using``; see the module docstring."""
    spec = spec or Spec()
    if replace:
        check_bench_database(using)
    say = progress or (lambda message: None)
    result = Result(spec)
    t0 = time.perf_counter()
    rng = random.Random(spec.seed)
    material = load_material()
    maker = TextMaker(material, spec, rng)
    sizes = _sizes(spec, rng)
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        restore = []
        if replace:
            cursor.execute(f"TRUNCATE {', '.join(ARCHIVE_TABLES)} RESTART IDENTITY CASCADE")
            restore = _drop_secondary(cursor, REBUILT_TABLES)
        instruments = _instruments(cursor, material)
        now = dt.datetime.now(dt.UTC).isoformat()

        # documents, in session order; alternately a resolution and a report within a session
        doc_start = _reserve_ids(cursor, "archive_document", spec.documents)
        documents = []  # (id, kind, session)
        per_session: dict[int, int] = {}
        from archive.ingest.persist import COLUMNS  # the columns ingest copies documents with, in its order
        from archive.models import Document
        from archive.search.results import text_key

        with Copier(cursor, "archive_document", COLUMNS[Document]) as copy:
            for i in range(spec.documents):
                session = 1 + i * spec.sessions // spec.documents
                j = per_session[session] = per_session.get(session, 0) + 1
                kind = "resolution" if j % 2 else "report"
                seq = (j + 1) // 2
                year = 1945 + session
                if kind == "resolution":
                    symbol, number, title = (
                        f"A/RES/{session}/{1000 + seq}",
                        f"{session}/{1000 + seq}",
                        rng.choice(material.titles["resolution"]),
                    )
                    adopted = dt.date(year, 12, rng.randint(1, 22))
                    distributed = adopted + dt.timedelta(days=rng.randint(20, 60))
                else:
                    symbol, number, title = f"A/{session}/{5000 + seq}", "", rng.choice(material.titles["report"])
                    adopted, distributed = None, dt.date(year, rng.randint(7, 9), rng.randint(1, 28))
                doc_id = doc_start + i
                documents.append((doc_id, kind, session))
                copy.add(
                    (
                        doc_id,
                        symbol,
                        kind,
                        number,
                        session,
                        title,
                        None,
                        adopted,
                        distributed,
                        f"Agenda item {rng.randint(20, 140)}",
                        "" if kind == "report" else f"A/{session}/{400 + seq}",
                        f"{rng.randint(40, 80)}th plenary meeting" if kind == "resolution" else "",
                        "Without a vote" if kind == "resolution" else "",
                        None,
                        None,
                        None,
                        "[]",
                        '{"synthetic": true}',
                        None,
                        f"synthetic/{symbol}",
                        "synthetic",
                        hashlib.sha256(symbol.encode()).hexdigest(),
                        "[]",  # no source files: a synthetic document
                        None,  # nor a source size
                        "",
                        "[]",
                        now,
                    )
                )
        result.seconds["documents"] = time.perf_counter() - t0
        say(f"{spec.documents:,} documents")

        # paragraphs; footnote markers collected on the way
        layouts = [
            _resolution_layout(n, rng) if kind == "resolution" else _report_layout(n, rng)
            for (doc_id, kind, _), n in zip(documents, sizes)
        ]
        total_rows = sum(len(layout) for layout in layouts)
        next_id = _reserve_ids(cursor, "archive_paragraph", total_rows)
        footnoted = []  # (document id, [(paragraph id, offset)])
        counts = {"common": 0}
        t1 = time.perf_counter()
        with Copier(cursor, "archive_paragraph", PARAGRAPH_COLUMNS) as copy:
            for d, ((doc_id, kind, _), layout) in enumerate(zip(documents, layouts)):
                markers = []
                with_footnotes = rng.random() < spec.footnoted_documents
                parent_of_items, section = None, ""
                for position, ((pkind, number), (anchor, ordinal)) in enumerate(zip(layout, _anchors(layout))):
                    pid = next_id
                    next_id += 1
                    opening, text = maker.paragraph(pkind)
                    if pkind == "heading":
                        section = text
                    elif COMMON_RE.search(text):
                        counts["common"] += 1
                    if pkind in ("operative", "report"):
                        parent_of_items = pid
                    copy.add(
                        (
                            pid,
                            doc_id,
                            position,
                            pkind,
                            number,
                            ordinal if pkind != "heading" else None,
                            opening,
                            text,
                            section if pkind in ("report", "subparagraph") and kind == "report" else "",
                            anchor,
                            parent_of_items if pkind == "subparagraph" else None,
                            None,
                            text_key(text),
                        )
                    )
                    if with_footnotes and pkind != "heading" and rng.random() < 0.25:
                        cut = text.find(" ", rng.randint(len(text) // 3, max(len(text) // 3, len(text) - 1)))
                        markers.append((pid, cut if cut > 0 else len(text)))
                if with_footnotes:
                    if not markers:
                        first_body = next(i for i, (k, _) in enumerate(layout) if k != "heading")
                        markers.append((next_id - len(layout) + first_body, 0))
                    footnoted.append((doc_id, markers[: rng.randint(1, 6)]))
                if progress and d % 5000 == 4999:
                    say(f"{copy.rows:,} paragraphs ({copy.rows / (time.perf_counter() - t1):,.0f}/s)")
        result.seconds["paragraphs"] = time.perf_counter() - t1

        # footnotes, their markers and citations
        t2 = time.perf_counter()
        n_footnotes = sum(len(m) for _, m in footnoted)
        fn_id = _reserve_ids(cursor, "archive_footnote", n_footnotes)
        footnote_rows, ref_rows, citation_rows = [], [], []
        inst_weights = list(itertools.accumulate(1.0 / r for r in range(1, len(instruments) + 1)))
        for doc_id, markers in footnoted:
            for number, (pid, offset) in enumerate(markers, start=1):
                text = rng.choice(material.footnotes)
                footnote_rows.append((fn_id, doc_id, number, text, False))
                ref_rows.append((fn_id, pid, offset))
                if rng.random() < 0.85:
                    cited = {
                        instruments[bisect.bisect_left(inst_weights, rng.random() * inst_weights[-1])]
                        for _ in range(rng.choice((1, 1, 2)))
                    }
                    for position, (inst_id, key) in enumerate(sorted(cited)):
                        citation_rows.append((fn_id, inst_id, position + 1, key, "", text[:300]))
                fn_id += 1
        with Copier(cursor, "archive_footnote", ["id", "document_id", "number", "text", "text_missing"]) as copy:
            for row in footnote_rows:
                copy.add(row)
        with Copier(cursor, "archive_footnotereference", ["footnote_id", "paragraph_id", '"offset"']) as copy:
            for row in ref_rows:
                copy.add(row)
        with Copier(
            cursor, "archive_citation", ["footnote_id", "instrument_id", "position", "cited_key", "pinpoint", "raw"]
        ) as copy:
            for row in citation_rows:
                copy.add(row)
        result.seconds["footnotes"] = time.perf_counter() - t2

        if restore:
            t3 = time.perf_counter()
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            for statement in restore:
                say(statement[:100])
                cursor.execute(statement)
            result.seconds["indexes"] = time.perf_counter() - t3
        if not replace:
            for table in (
                "archive_document",
                "archive_paragraph",
                "archive_footnote",
                "archive_footnotereference",
                "archive_citation",
            ):
                cursor.execute(f"ANALYZE {table}")
    if replace:
        t4 = time.perf_counter()
        with connection.cursor() as cursor:
            for table in ARCHIVE_TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        result.seconds["vacuum analyze"] = time.perf_counter() - t4
    t5 = time.perf_counter()
    from archive.search.statistics import refresh_statistics

    stats = refresh_statistics(using)
    result.seconds["search statistics"] = time.perf_counter() - t5
    say(f"search statistics: {stats['lexemes']:,} lexemes, {stats['words']:,} words")
    result.counts = {
        "documents": spec.documents,
        "sessions": spec.sessions,
        "paragraphs": spec.paragraphs,
        "headings": total_rows - spec.paragraphs,
        f"with '{COMMON_TERM}'": counts["common"],
        "footnotes": len(footnote_rows),
        "footnote references": len(ref_rows),
        "citations": len(citation_rows),
    }
    result.seconds["total"] = time.perf_counter() - t0
    return result


def _instruments(cursor, material: Material) -> list[tuple[int, str]]:
    """The authority file's instruments (added when missing), as (id, key)."""
    keys = [i["key"] for i in material.instruments]
    cursor.execute("SELECT key FROM archive_instrument WHERE key = ANY(%s)", [keys])
    present = {k for (k,) in cursor.fetchall()}
    missing = [i for i in material.instruments if i["key"] not in present]
    for inst in missing:
        cursor.execute(
            "INSERT INTO archive_instrument (key, kind, title, title_inferred, url, document_id) VALUES (%s, %s, %s, false, %s, NULL)",
            [inst["key"], inst.get("kind") or "other", inst.get("title") or inst["key"], inst.get("url") or ""],
        )
    cursor.execute("SELECT id, key FROM archive_instrument WHERE key = ANY(%s)", [keys])
    found = dict((k, i) for i, k in cursor.fetchall())
    return [(found[k], k) for k in keys]
