"""The ingest run, as stages in order:

    sources → unchanged → parse → choose → persist → citations → series → lineage → also in
    → search statistics → page-cache version

Each stage is a function taking the ``Run`` (what the stages hand on to one another); its
docstring says what it reads and writes. ``run_ingest`` runs them in order and times each
(wall clock, CPU of this process and of the worker processes it waited for, load average):
``IngestResult.stages``, printed by ``ingest --timings``. Parsing is pure Python and comes
before anything that writes: a dry run leaves out every stage that needs the database and never
opens a connection. Each document is written atomically, with its citations and mentions: in
batches of documents, one transaction each, that are written again one document per transaction
when one fails, so one failure leaves the others loaded and the failed one as it was.

Every error in the result has a ``kind``: ``parse_error`` (the source is bad: file, line,
reason), ``not_found`` (a path that does not exist or holds no source, an ``--only`` that no
source gives), ``unreadable``, ``unloadable`` (parsed, but no symbol, session or paragraph),
``database_error``, or ``internal_error``: any other exception, which is a bug in the
archive and never a verdict on the source. Internal errors are caught here and nowhere
else: the parsers raise ``ParseError`` for a bad source and let everything else through; a
stage reports a bug per source or document where one document's bug must not stop the others,
and ``run_ingest`` reports any other as the stage's own and runs no later stage but the two
that keep what was written consistent (search statistics, page-cache version).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.citations.resolve import authority_digest, resolve_document
from archive.parsing import ParseError, load_parsers, parse_bytes
from archive.parsing.compare import compare_documents
from archive.parsing.document import ParsedDocument
from archive.parsing.languages import LANGUAGES, REFERENCE, AlignedVersion, align
from archive.parsing.member_states import name_table_digest
from archive.parsing.metadata import apply_manifest, apply_metadata, load_metadata_records, read_member_states

from .sources import (
    Collection,
    Source,
    collection_from_paths,
    default_collection,
    fingerprint,
    symbol_from_filename,
    symbol_parts,
)

logger = logging.getLogger(__name__)

# Bump when a parser's output changes, so that unchanged sources are loaded again.
PARSER_VERSION = "2026-12-03.1"  # 12-03.1: Arabic marker brackets, translations met by their facts, file sizes and version digests kept, diffs in the texts' characters; 12-01.5: the other official languages, aligned to the English; .6: their printed openings; 12-02.1: their sub-item labels, enacting formula and cover title; 12-02.2: their cover lines (date, session, agenda item, proponent)

# Below this many sources, starting worker processes costs more than it saves.
PARALLEL_FROM = 16  # the default collection's 30 sources (six languages) are parsed on every core

# When two sources give one symbol, the UN's own XML is preferred at equal quality, then
# the official PDF read from its layout, then the texts extracted or converted from it.
FORMAT_PREFERENCE = ["akn", "pdf", "ods_export", "pdf_text", "word_pdf", "markdown", "ocr"]


@dataclass
class Parsed:
    source: Source
    doc: ParsedDocument
    citations: dict = field(default_factory=dict)  # footnote number -> resolved citations


@dataclass
class DocumentOutcome:
    parsed: list[Parsed]  # every source of this symbol; the first is the one shown (none: found unchanged unparsed)
    status: str = "parsed"  # parsed | loaded | replaced | unchanged | failed
    comparison: dict | None = None
    note: str = ""
    citations: dict = field(default_factory=dict)
    series: dict | None = None  # {"slug", "title"} of the series it belongs to, if known
    translations: list[Parsed] = field(default_factory=list)  # the shown source of each other language
    versions: list[AlignedVersion] = field(default_factory=list)  # each aligned to the English shown
    unparsed_symbol: str = ""  # a document found unchanged by its fingerprint, its sources not parsed

    @property
    def shown(self) -> Parsed:
        return self.parsed[0]

    @property
    def symbol(self) -> str:
        return self.parsed[0].doc.symbol if self.parsed else self.unparsed_symbol


@dataclass
class StageTime:
    """What one stage cost: wall seconds, CPU seconds of this process and of its worker processes
    (the database server's own CPU is in neither), and the 1-minute load average at its end."""

    name: str
    wall: float
    cpu: float
    workers_cpu: float
    load: float
    note: str = ""


@dataclass
class IngestResult:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    stages: list[StageTime] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        by: dict[str, int] = {}
        for o in self.outcomes:
            by[o.status] = by.get(o.status, 0) + 1
        parts = [f"{n} {status}" for status, n in sorted(by.items())]
        parts.append(f"{len(self.errors)} failed")
        n = len(self.outcomes)
        return f"{n} document{'' if n == 1 else 's'}: " + ", ".join(parts) + f" in {self.seconds:.1f} s"

    def stage_table(self) -> str:
        rows = [f"{'stage':<20} {'wall s':>7} {'cpu s':>7} {'workers':>8} {'load':>5}  what it did"]
        rows += [
            f"{t.name:<20} {t.wall:>7.1f} {t.cpu:>7.1f} {t.workers_cpu:>8.1f} {t.load:>5.1f}  {t.note}"
            for t in self.stages
        ]
        return "\n".join(rows)


Progress = Callable[[int, int, str], None]


@dataclass
class Run:
    """What the stages hand on to one another."""

    collection: Collection
    result: IngestResult
    dry_run: bool = False
    only: str | None = None
    skip_unchanged: bool = False
    progress: Progress | None = None
    records: dict[str, dict] = field(default_factory=dict)  # symbol -> metadata record
    unchanged: dict[str, list[Source]] = field(default_factory=dict)  # symbol -> its sources, not parsed
    parsed: list[Parsed] = field(default_factory=list)
    failed: bool = False  # a stage failed: what the earlier ones wrote stands
    written: int = 0  # documents loaded or replaced
    derived: int = 0  # rows the derive stages wrote
    analyzed: set[str] = field(default_factory=set)  # tables whose planner statistics are already fresh

    @property
    def changed(self) -> bool:
        return bool(self.written or self.derived)


def run_ingest(
    paths: list[str] | None = None,
    *,
    collection: Collection | None = None,
    dry_run: bool = False,
    only: str | None = None,
    progress: Progress | None = None,
    skip_unchanged: bool = False,
) -> IngestResult:
    """Parse ``collection`` (default: the paths given, else the default collection) and load it.

    ``only`` keeps the one document of that symbol; when no source gives it, that is an error.
    ``skip_unchanged`` does not parse the sources of a document whose fingerprint shows them
    unchanged: its outcome is ``unchanged`` with nothing parsed (``parsed`` empty), so a caller
    that reports what each source holds leaves it off.
    """
    from django.db import DatabaseError

    from archive.page_cache import version_held

    started = time.monotonic()
    if collection is None:
        collection = collection_from_paths(paths) if paths else default_collection()
    run = Run(collection, IngestResult(), dry_run=dry_run, only=only, skip_unchanged=skip_unchanged, progress=progress)
    failed = False
    for stage in STAGES:
        if dry_run and stage.needs_database:
            continue
        if failed and not stage.after_failure:
            continue
        clock = _Clock()
        try:
            # the last stage bumps the data version once, for every write of the run
            with version_held():
                note = stage.run(run)
        except DatabaseError as e:
            logger.exception("ingest: database error in the %s stage", stage.name)
            run.result.errors.append(_error(f"ingest ({stage.name})", "database_error", f"database error: {e}"))
            note, failed = "failed", True
        except Exception as e:  # a bug, not a bad source: see the module docstring
            run.result.errors.append(_internal_error(f"ingest ({stage.name})", f"the {stage.name} stage", e))
            note, failed = "failed", True
        run.failed = failed
        run.result.stages.append(clock.stop(stage.name, note or ""))
    run.result.seconds = time.monotonic() - started
    return run.result


class _Clock:
    def __init__(self):
        self.wall, self.cpu, self.workers = time.monotonic(), time.process_time(), _workers_cpu()

    def stop(self, name: str, note: str) -> StageTime:
        return StageTime(
            name,
            time.monotonic() - self.wall,
            time.process_time() - self.cpu,
            _workers_cpu() - self.workers,
            os.getloadavg()[0],
            note,
        )


def _workers_cpu() -> float:
    """CPU seconds of the worker processes this one has waited for (pools are joined within a stage)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Run], str]
    needs_database: bool = True
    after_failure: bool = False  # run even when an earlier stage failed

    @property
    def reads_and_writes(self) -> str:
        return self.run.__doc__ or ""


# ---- the stages, in order ----------------------------------------------------------------------


def read_sources(run: Run) -> str:
    """Reads: the collection's metadata record files (``metadata/*.jsonl``). Writes: ``run.records``
    (symbol -> record), and a ``not_found`` error for each path given that holds no source. A record
    file that cannot be read loads nothing: documents would be filled from a file half read."""
    run.result.errors += [_error(given, "not_found", why) for given, why in run.collection.missing]
    for path in run.collection.metadata_files:
        try:
            run.records.update(load_metadata_records(path))
        except ParseError as e:
            run.result.errors.append(_error(e.source, "parse_error", e.reason, e.line))
            run.collection = Collection(sources=[], series=run.collection.series)
            return "a metadata record file cannot be read: nothing is loaded"
    return f"{len(run.collection.sources)} sources, {len(run.records)} metadata records"


def find_unchanged(run: Run) -> str:
    """Only with ``skip_unchanged``. Reads: each source file's bytes (its SHA-256) and every loaded
    document's symbol, fingerprint and source digests. Writes: ``run.unchanged``, the documents
    whose sources are all given again, unchanged, with the same manifest entries, metadata record
    and parser versions (the fingerprint persist would compute): their sources are not parsed.
    Files given by path (not the whole collection) that are only some of a document's unchanged
    sources give nothing new: the document is kept as it was built, from all of them."""
    from archive.models import Document

    if not run.skip_unchanged:
        return "not asked: every source is parsed"
    by_digest: dict[str, list[Source]] = {}
    for source in run.collection.sources:
        try:
            by_digest.setdefault(source.digest(), []).append(source)
        except OSError:
            continue  # parse reports it
    for symbol, stored, digests in Document.objects.values_list("symbol", "source_fingerprint", "source_digests"):
        present = [d for d in digests if d in by_digest]
        if not present or any(len(by_digest[d]) != 1 for d in present):
            continue  # none of its sources given, or one given twice: parse decides
        given = [by_digest[d][0] for d in present]
        if len(given) == len(digests):
            if document_fingerprint(given, run.records.get(symbol)) == stored:
                run.unchanged[symbol] = given
        elif not run.collection.whole:
            run.unchanged[symbol] = given  # only some of its sources, unchanged: nothing new for it
    return f"{len(run.unchanged)} documents unchanged"


def parse(run: Run) -> str:
    """Reads: the bytes of every source not found unchanged, ``run.records``. Writes: ``run.parsed``
    (each source's ``ParsedDocument``, its manifest entry and metadata record applied, its
    footnotes resolved to citations), and a ``parse_error``, ``unreadable`` or ``unloadable``
    error for each source that gives none. A source parsed to the symbol of a document found
    unchanged (a new source of it) brings that document's sources back to be parsed with it."""
    skipped = {id(s) for sources in run.unchanged.values() for s in sources}
    todo = [s for s in run.collection.sources if id(s) not in skipped]
    while todo:
        run.parsed += _parse_sources(todo, run)
        reopened = [symbol for symbol in {p.doc.symbol for p in run.parsed} if symbol in run.unchanged]
        todo = [s for symbol in reopened for s in run.unchanged.pop(symbol)]
    return f"{len(run.parsed)} sources parsed"


def choose(run: Run) -> str:
    """Reads: ``run.parsed``, the collection's series. Writes: ``result.outcomes``, one per symbol:
    the best English text shown, the other sources compared with it, the best text of each other
    language aligned to it, its citations and the series its manifest entry or title names; then
    one ``unchanged`` outcome for each document found unchanged. ``--only`` keeps one symbol."""
    parsed = run.parsed
    unchanged = list(run.unchanged)
    if run.only:
        parsed = [p for p in parsed if p.doc.symbol == run.only]
        unchanged = [s for s in unchanged if s == run.only]
        if not parsed and not unchanged:
            run.result.errors.append(
                _error(f"--only {run.only}", "not_found", "no document of the sources given has this symbol")
            )
    run.result.outcomes = _group_by_symbol(parsed, run.result)
    series = {s["slug"]: s for s in run.collection.series}
    series_by_title = {s["title"].casefold(): s for s in run.collection.series}
    for outcome in run.result.outcomes:
        outcome.citations = outcome.shown.citations
        outcome.series = series.get(outcome.shown.source.manifest.get("series", "")) or series_by_title.get(
            (outcome.shown.doc.title or "").casefold()
        )
    run.result.outcomes += [DocumentOutcome(parsed=[], status="unchanged", unparsed_symbol=s) for s in unchanged]
    return f"{len(run.result.outcomes)} documents"


def persist(run: Run) -> str:
    """Reads: each outcome parsed. Writes: the instruments its citations name, then each document
    whole (``Document`` with its paragraphs, footnotes, citations, mentions and language versions),
    atomically, in batches of documents that fall back to one transaction per document when one
    fails; replaced when its fingerprint changed and left alone when not; an outcome's status
    (loaded, replaced, unchanged, failed) and a ``database_error`` or ``internal_error`` for a
    document that could not be written; then, when it wrote a large share of the archive (a first
    load), the planner statistics of the tables it writes, which the derive stages read."""
    global _pending
    from django.db import connections

    from .persist import BATCH
    from .planner import SETTLED_AFTER_PERSIST, analyze_written

    outcomes = [o for o in run.result.outcomes if o.parsed]
    plans = [_plan(o, run.records, kept_when_fewer=not run.collection.whole) for o in outcomes]
    # Every instrument exists before any document is written, so that parallel writers only
    # read the ids the plans hold and never race to create the same one. A document whose
    # instruments cannot be recorded fails alone; the others load.
    refused = _record_instruments(plans)
    ready = [plan for i, plan in enumerate(plans) if i not in refused]
    starts = range(0, len(ready), BATCH)
    workers = min(os.cpu_count() or 1, 4)
    pool = None
    if len(ready) >= PARALLEL_FROM and workers >= 2:
        # PostgreSQL computes the search vectors and index entries: one writer per core; the
        # writers are forked with the plans (nothing to send them but where their batch starts)
        _pending = ready
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers)
        batches = pool.imap(_write_pending, starts)
    else:
        batches = (_write_batch(ready[start : start + BATCH]) for start in starts)
    written = (outcome for batch in batches for outcome in batch)
    try:
        for i, outcome in enumerate(outcomes):
            if run.progress:
                run.progress(i, len(plans), f"load {outcome.shown.doc.symbol}")
            status, error = ("failed", refused[i]) if i in refused else next(written)
            outcome.status = status
            if error:
                # named as given to ingest, like every other error (the plan holds the file name only)
                run.result.errors.append({**error, "source": outcome.shown.source.given})
    finally:
        _pending = []
        if pool is not None:
            pool.close()
            pool.join()
    run.written = sum(o.status in ("loaded", "replaced") for o in outcomes)
    if analyze_written(run.written):
        run.analyzed.update(SETTLED_AFTER_PERSIST)
        return f"{run.written} documents written, their tables analyzed"
    return f"{run.written} documents written"


def link_citations(run: Run) -> str:
    """Reads: every instrument, citation and document symbol. Writes: an instrument that is a
    document the archive holds points to it; an instrument no footnote cites any more is deleted;
    each instrument's citing documents and sessions (what the instruments index shows), where changed."""
    from django.db import transaction

    from archive.citations.store import link_instruments, refresh_citing_stats

    with transaction.atomic():
        link_instruments()
        written = refresh_citing_stats()
    run.derived += written
    return f"{written} instruments' citing figures written"


def detect_series(run: Run) -> str:
    """Reads and writes what ``update_series`` says: the series registry and the held resolutions
    in; ``Series``, members held or not, and detected placements out (nothing when unchanged)."""
    from archive.series.store import update_series

    written = update_series()
    run.derived += written
    return f"{written} member rows written"


def store_lineage(run: Run) -> str:
    """Reads and writes what ``update_lineage`` says: each series' consecutive resolutions in, an
    ``Alignment`` with its ``ParagraphLink`` rows and each paragraph's origin out, recomputed only
    where a document's fingerprint changed."""
    from archive.lineage.store import update_lineage

    computed = update_lineage()
    run.derived += computed
    return f"{computed} alignments computed"


def find_also_in(run: Run) -> str:
    """Reads and writes what ``update_agreed_language`` says: every body paragraph's text in; for
    the paragraphs not compared yet, their ``SharedLanguage`` pairs and ``ParagraphReach`` out."""
    from archive.agreed.store import update_agreed_language

    pairs = update_agreed_language()
    run.derived += pairs
    return f"{pairs} pairs written"


def refresh_search_statistics(run: Run) -> str:
    """Reads: the stored search vectors and texts. Writes: the term statistics, vocabulary and
    corpus figures search ranks with, and the rankings of the lexemes in at least ``LISTED_FROM`` paragraphs
    (``TermRanking``); only when something was written (or they were never built)."""
    from archive.models import CorpusStatistic
    from archive.search.statistics import refresh_statistics

    if not run.changed and CorpusStatistic.objects.exists():
        return "nothing written: kept"
    figures = refresh_statistics()
    return f"{figures['lexemes']} lexemes, {figures['paragraphs']} paragraphs, {figures['ranked']} words ranked"


def refresh_planner_statistics(run: Run) -> str:
    """Reads: the archive's tables, sampled. Writes: their planner statistics (``ANALYZE``), when the
    run wrote anything, so that the pages and the next run plan with what was loaded; but the tables
    persist analyzed that no stage has written since (``run.analyzed``)."""
    from .planner import analyze, archive_tables

    if not (run.changed or run.failed):
        return "nothing written: kept"
    tables = [t for t in archive_tables() if t not in run.analyzed]
    analyze(tables)
    fresh = len(archive_tables()) - len(tables)
    return f"{len(tables)} tables analyzed" + (f", {fresh} analyzed after persist" if fresh else "")


def bump_page_cache(run: Run) -> str:
    """Writes: a new data version (one row), so that every cached page is stale, when the run wrote
    anything (or failed part way). A run that wrote nothing keeps it: new code and templates are a
    new release, which cached pages are keyed by (``archive.page_cache.release``)."""
    from archive.page_cache import bump_data_version

    if not (run.changed or run.failed):
        return "nothing written: version kept"
    bump_data_version()
    return "new data version"


STAGES: tuple[Stage, ...] = (
    Stage("sources", read_sources, needs_database=False),
    Stage("unchanged", find_unchanged),  # reads the database only; skipped in a dry run
    Stage("parse", parse, needs_database=False),
    Stage("choose", choose, needs_database=False),
    Stage("persist", persist),
    Stage("citations", link_citations),
    Stage("series", detect_series),
    Stage("lineage", store_lineage),
    Stage("also in", find_also_in),
    Stage("search statistics", refresh_search_statistics, after_failure=True),
    Stage("planner statistics", refresh_planner_statistics, after_failure=True),
    Stage("page-cache version", bump_page_cache, after_failure=True),
)


def document_fingerprint(sources: list[Source], record: dict | None) -> str:
    """What a document is built from: the parsers' and tables' versions, its sources (the shown one
    first) with their manifest entries, and its metadata record."""
    return fingerprint(
        f"{PARSER_VERSION}:{authority_digest()}:{name_table_digest()}",
        sources,
        {"manifest": sources[0].manifest, "record": record} if record else sources[0].manifest,
    )


# ---- parsing -------------------------------------------------------------------------------------


def _parse_sources(sources: list[Source], run: Run) -> list[Parsed]:
    out: list[Parsed] = []
    total = len(sources)
    for i, (source, parsed, error) in enumerate(_parsed_sources(sources, run.records)):
        if run.progress:
            run.progress(i, total, f"parse {source.given}")
        if error:
            run.result.errors.append(error)
        else:
            out.append(parsed)
    return out


def read_source(
    source: Source, records: dict[str, dict], memo: dict | None = None
) -> tuple[Source, Parsed | None, dict | None]:
    """Parse one source, resolve its citations and merge its manifest entry and metadata record:
    (source, what ingest chooses from, error). ``memo`` keeps the footnotes read, for the next sources."""
    source, doc, citations, error = parse_source(source, memo)
    if error:
        return source, None, error
    try:
        apply_manifest(doc, source.manifest)
        fill_from_symbol(doc, source)
        if doc.symbol in records:
            apply_metadata(doc, records[doc.symbol])
        read_member_states(doc)
    except Exception as e:  # a bug, not a bad source: see the module docstring
        return source, None, _internal_error(source.given, "merging its metadata", e)
    problem = _unloadable(doc)
    if problem:
        return source, None, _error(source.given, "unloadable", problem)
    return source, Parsed(source, doc, citations), None


def parse_source(source: Source, memo: dict | None = None) -> tuple[Source, ParsedDocument | None, dict, dict | None]:
    """Parse one source and resolve its citations: (source, document, citations, error)."""
    try:
        data = source.read_bytes()
    except OSError as e:
        return source, None, {}, _error(source.given, "unreadable", f"cannot read: {e.strerror or e}")
    try:
        doc = parse_bytes(data, source.given)
        # citations are resolved once, on the English: another language's footnote cites what the
        # English footnote it is aligned to cites
        return source, doc, resolve_document(doc, memo) if doc.language == "en" else {}, None
    except ParseError as e:
        return source, None, {}, _error(source.given, "parse_error", e.reason, e.line)
    except Exception as e:  # a bug, not a bad source: see the module docstring
        return source, None, {}, _internal_error(source.given, "parsing", e)


def _error(source: str, kind: str, message: str, line: int | None = None) -> dict:
    return {"source": source, "kind": kind, "message": message, "line": line}


def _internal_error(source: str, stage: str, exc: Exception) -> dict:
    """Log the traceback and report the bug as the archive's, not the source's."""
    logger.error("%s: internal error while %s", source, stage, exc_info=exc)
    error = _error(
        source,
        "internal_error",
        f"internal error while {stage} ({type(exc).__name__}: {exc}): a bug in the archive, "
        f"not a fault of the source; the traceback is in the log",
    )
    error["exception"] = type(exc).__name__
    return error


def _parsed_sources(sources: list[Source], records: dict[str, dict]):
    """Parsing is pure CPU work: spread a large run over the machine's cores, in source order. The
    workers are forked with the metadata records and the parsers loaded (nothing to send but the sources)."""
    global _records
    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < PARALLEL_FROM or workers < 2:
        memo: dict = {}  # one run's: what is read depends on the code running
        yield from (read_source(source, records, memo) for source in sources)
        return
    load_parsers()
    _records = records
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_start_reader) as pool:
            yield from pool.imap(_read_in_worker, sources, chunksize=8)
    finally:
        _records = {}


_records: dict[str, dict] = {}  # the metadata records a forked parser inherits
_memo: dict = {}  # the footnotes a parser has read in this run


def _start_reader() -> None:
    global _memo
    _memo = {}


def _read_in_worker(source: Source) -> tuple[Source, Parsed | None, dict | None]:
    return read_source(source, _records, _memo)


def fill_from_symbol(doc: ParsedDocument, source: Source) -> None:
    """A symbol from the file name when nothing else gives one (reported); then the session
    and resolution number the symbol spells, where the text prints none."""
    if not doc.symbol and (symbol := symbol_from_filename(source.path)):
        doc.symbol = symbol
        doc.anomaly(
            "symbol_from_filename",
            f"the text does not print its symbol and nothing gives it: "
            f"{symbol} is read from the file name {source.name}",
        )
    parts = symbol_parts(doc.symbol) if doc.symbol else None
    if parts is None:
        return
    session, number = parts
    if doc.session is None:
        doc.session = session
    if doc.number is None and number and doc.kind == "resolution":
        doc.number = number


def _unloadable(doc: ParsedDocument) -> str | None:
    if not doc.symbol:
        return (
            "no document symbol: the text does not print one, no manifest entry gives it and the file name "
            "does not spell one (like A_RES_62_132.txt): give the symbol with the source (ingest --symbol)"
        )
    if doc.session is None:
        return f"{doc.symbol}: no session: the text does not print one and no manifest entry gives it"
    if not doc.paragraphs:
        return f"{doc.symbol}: no paragraphs"
    return None


def _group_by_symbol(parsed: list[Parsed], result: IngestResult | None = None) -> list[DocumentOutcome]:
    """One outcome per symbol: the best English source shown, and the best source of each other
    language aligned to it. A symbol held in other languages only is not loaded: the English is the
    reference every version is aligned to."""
    groups: dict[str, dict[str, list[Parsed]]] = {}
    for p in parsed:
        groups.setdefault(p.doc.symbol, {}).setdefault(p.doc.language, []).append(p)
    outcomes = []
    for symbol, by_language in groups.items():
        items = by_language.pop(REFERENCE, [])
        if not items:
            if result is not None:
                for group in by_language.values():
                    for p in group:
                        result.errors.append(
                            _error(
                                p.source.given,
                                "unloadable",
                                f"{symbol}: a {LANGUAGES[p.doc.language].name} text and no "
                                f"English one, which the other languages are aligned to",
                            )
                        )
            continue
        items.sort(key=_quality)
        outcome = DocumentOutcome(parsed=items)
        for code in LANGUAGES:
            if code in by_language:
                best = sorted(by_language[code], key=_quality)[0]
                outcome.translations.append(best)
                outcome.versions.append(align(items[0].doc, best.doc))
        if len(items) > 1:
            best, other = items[0], items[1]
            outcome.comparison = compare_documents(best.doc, other.doc)
            differing = len(outcome.comparison.get("differences", []))
            minor = len(outcome.comparison.get("minor_differences", []))
            outcome.note = (
                f"Shown from {best.source.name} ({best.doc.format}), the better of two sources: "
                f"{other.source.name} ({other.doc.format}) was also read, with {len(other.doc.anomalies)} anomalies "
                f"against {len(best.doc.anomalies)}; {differing} paragraphs differ in wording and {minor} only "
                f"typographically (quotes, dashes, hyphens lost in conversion)."
            )
        else:
            outcome.note = f"Shown from {items[0].source.name} ({items[0].doc.format})."
        if items[0].source.manifest.get("note"):
            outcome.note += " " + items[0].source.manifest["note"]
        outcomes.append(outcome)
    return outcomes


def _quality(p: Parsed) -> tuple:
    """Fewer anomalies first; at equal count, the format preference."""
    fmt = p.doc.format
    return (len(p.doc.anomalies), FORMAT_PREFERENCE.index(fmt) if fmt in FORMAT_PREFERENCE else 99)


# ---- writing -------------------------------------------------------------------------------------


def _plan(o: DocumentOutcome, records: dict[str, dict], *, kept_when_fewer: bool = False):
    """What persist writes for one outcome parsed."""
    from .persist import Plan

    return Plan(
        kept_when_fewer=kept_when_fewer,
        doc=o.shown.doc,
        fingerprint=document_fingerprint(
            [p.source for p in o.parsed + o.translations], records.get(o.shown.doc.symbol)
        ),
        source_file=o.shown.source.name,
        source_note=o.note,
        series=o.series,
        citations=o.citations,
        versions=o.versions,
        version_sources={t.doc.language: (t.source.name, t.doc.anomalies) for t in o.translations},
        source_given=o.shown.source.given,
        source_digests=[p.source.digest() for p in o.parsed + o.translations],
        source_size=o.shown.source.size(),
        version_files={t.doc.language: (t.source.digest(), t.source.size()) for t in o.translations},
    )


def _record_instruments(plans: list) -> dict[int, dict]:
    """Create the instruments the plans cite and give each plan the ids of the keys it cites: all in
    one transaction, or when that fails one transaction per plan, so that a plan whose instruments
    cannot be recorded fails alone. Returns, by plan index, why a plan's could not be."""
    from django.db import transaction

    from archive.citations.store import InstrumentRegistry

    registry = InstrumentRegistry()
    if len(plans) > 1:
        try:
            with transaction.atomic():
                for plan in plans:
                    _instrument_ids(plan, registry)
                registry.flush()
            return {}
        except Exception:  # noqa: BLE001 - each plan is recorded again alone, and its own error reported
            registry.reset()  # ids created in the rolled-back transaction are gone
    refused = {}
    for i, plan in enumerate(plans):
        try:
            with transaction.atomic():
                _instrument_ids(plan, registry)
                registry.flush()
        except Exception as e:  # a database error or a bug: _write_error tells them apart
            registry.reset()
            plan.instruments = {}
            refused[i] = _write_error(plan, e, "recording the instruments it cites")
    return refused


def _instrument_ids(plan, registry) -> None:
    plan.instruments = {
        c.key: registry.instrument_id(c) for cites in plan.citations.values() for c in cites if c.kind != "other"
    }


def _write_error(plan, e: Exception, doing: str = "loading") -> dict:
    """A document that could not be written: a database error, or a bug (reported as such)."""
    from django.db import DatabaseError

    from .persist import refused_line

    source = plan.source_given or plan.source_file
    if isinstance(e, DatabaseError):
        logger.error("could not load %s (%s)", plan.doc.symbol, doing, exc_info=e)
        what = "database error" if doing == "loading" else f"database error while {doing}"
        return _error(source, "database_error", f"{what}: {e}", refused_line(plan, e))
    return _internal_error(source, doing, e)


def _write_batch(plans: list) -> list[tuple[str, dict | None]]:
    """Save the plans (a batch in one transaction, or each alone when the batch fails): (status, error or None)."""
    from .persist import save_documents

    return [
        (status, _write_error(plan, e) if e is not None else None)
        for plan, (status, e) in zip(plans, save_documents(plans))
    ]


_pending: list = []  # the plans a forked writer inherits


def _write_pending(start: int) -> list[tuple[str, dict | None]]:
    from .persist import BATCH

    return _write_batch(_pending[start : start + BATCH])
