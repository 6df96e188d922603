"""The ingest run: parse every source, merge metadata, pick one text per symbol, persist.

Parsing is pure Python and happens first, for every source; a ``--dry-run`` stops there
and never opens a database connection. Each document is then written in its own
transaction, so one failure leaves the others loaded and the failed one as it was.

Every error in the result has a ``kind``: ``parse_error`` (the source is bad: file, line,
reason), ``not_found`` (a path that does not exist or holds no source, an ``--only`` that no
source gives), ``unreadable``, ``unloadable`` (parsed, but no symbol, session or paragraph),
``database_error``, or ``internal_error``: any other exception, which is a bug in the
archive and never a verdict on the source. Internal errors are caught here and nowhere
else: the parsers raise ``ParseError`` for a bad source and let everything else through.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.citations.resolve import authority_digest, resolve_document
from archive.parsing import ParseError, parse_bytes
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
PARSER_VERSION = "2026-12-01.6"  # .5: the other official languages, aligned to the English; .6: their printed openings

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
    parsed: list[Parsed]  # every source of this symbol; the first is the one shown
    status: str = "parsed"  # parsed | loaded | replaced | unchanged | failed
    comparison: dict | None = None
    note: str = ""
    citations: dict = field(default_factory=dict)
    series: dict | None = None  # {"slug", "title"} of the series it belongs to, if known
    translations: list[Parsed] = field(default_factory=list)  # the shown source of each other language
    versions: list[AlignedVersion] = field(default_factory=list)  # each aligned to the English shown

    @property
    def shown(self) -> Parsed:
        return self.parsed[0]


@dataclass
class IngestResult:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        by: dict[str, int] = {}
        for o in self.outcomes:
            by[o.status] = by.get(o.status, 0) + 1
        parts = [f"{n} {status}" for status, n in sorted(by.items())]
        parts.append(f"{len(self.errors)} failed")
        return f"{len(self.outcomes)} documents: " + ", ".join(parts) + f" in {self.seconds:.1f} s"


Progress = Callable[[int, int, str], None]


def run_ingest(paths: list[str] | None = None, *, collection: Collection | None = None, dry_run: bool = False,
               only: str | None = None, progress: Progress | None = None) -> IngestResult:
    """Parse ``collection`` (default: the paths given, else the default collection) and load it.

    ``only`` keeps the one document of that symbol; when no source gives it, that is an error.
    """
    started = time.monotonic()
    if collection is None:
        collection = collection_from_paths(paths) if paths else default_collection()
    result = IngestResult()
    result.errors += [_error(given, "not_found", why) for given, why in collection.missing]
    parsed = _parse_all(collection, result, progress)
    if only:
        parsed = [p for p in parsed if p.doc.symbol == only]
        if not parsed:
            result.errors.append(_error(f"--only {only}", "not_found", "no document of the sources given has this symbol"))
    result.outcomes = _group_by_symbol(parsed, result)
    series = {s["slug"]: s for s in collection.series}
    series_by_title = {s["title"].casefold(): s for s in collection.series}
    for outcome in result.outcomes:
        outcome.citations = outcome.shown.citations
        outcome.series = series.get(outcome.shown.source.manifest.get("series", "")) or series_by_title.get(
            (outcome.shown.doc.title or "").casefold())
    if not dry_run:
        _persist(collection, result, progress)
    result.seconds = time.monotonic() - started
    return result


def _parse_all(collection: Collection, result: IngestResult, progress: Progress | None) -> list[Parsed]:
    records: dict[str, dict] = {}
    for path in collection.metadata_files:
        try:
            records.update(load_metadata_records(path))
        except ParseError as e:  # what the documents lack would be filled from a file half read: load none
            result.errors.append(_error(e.source, "parse_error", e.reason, e.line))
            return []
    out: list[Parsed] = []
    total = len(collection.sources)
    for i, (source, doc, citations, error) in enumerate(_parsed_sources(collection.sources)):
        if progress:
            progress(i, total, f"parse {source.given}")
        if error:
            result.errors.append(error)
            continue
        try:
            apply_manifest(doc, source.manifest)
            fill_from_symbol(doc, source)
            if doc.symbol in records:
                apply_metadata(doc, records[doc.symbol])
            read_member_states(doc)
        except Exception as e:  # a bug, not a bad source: see the module docstring
            result.errors.append(_internal_error(source.given, "merging its metadata", e))
            continue
        problem = _unloadable(doc)
        if problem:
            result.errors.append(_error(source.given, "unloadable", problem))
            continue
        out.append(Parsed(source, doc, citations))
    return out


def parse_source(source: Source) -> tuple[Source, ParsedDocument | None, dict, dict | None]:
    """Parse one source and resolve its citations: (source, document, citations, error)."""
    try:
        data = source.read_bytes()
    except OSError as e:
        return source, None, {}, _error(source.given, "unreadable", f"cannot read: {e.strerror or e}")
    try:
        doc = parse_bytes(data, source.given)
        # citations are resolved once, on the English: another language's footnote cites what the
        # English footnote it is aligned to cites
        return source, doc, resolve_document(doc) if doc.language == "en" else {}, None
    except ParseError as e:
        return source, None, {}, _error(source.given, "parse_error", e.reason, e.line)
    except Exception as e:  # a bug, not a bad source: see the module docstring
        return source, None, {}, _internal_error(source.given, "parsing", e)


def _error(source: str, kind: str, message: str, line: int | None = None) -> dict:
    return {"source": source, "kind": kind, "message": message, "line": line}


def _internal_error(source: str, stage: str, exc: Exception) -> dict:
    """Log the traceback and report the bug as the archive's, not the source's."""
    logger.error("%s: internal error while %s", source, stage, exc_info=exc)
    error = _error(source, "internal_error",
                   f"internal error while {stage} ({type(exc).__name__}: {exc}): a bug in the archive, "
                   f"not a fault of the source; the traceback is in the log")
    error["exception"] = type(exc).__name__
    return error


def _parsed_sources(sources: list[Source]):
    """Parsing is pure CPU work: spread a large run over the machine's cores, in source order."""
    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < PARALLEL_FROM or workers < 2:
        yield from map(parse_source, sources)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(parse_source, sources, chunksize=8)


def fill_from_symbol(doc: ParsedDocument, source: Source) -> None:
    """A symbol from the file name when nothing else gives one (reported); then the session
    and resolution number the symbol spells, where the text prints none."""
    if not doc.symbol and (symbol := symbol_from_filename(source.path)):
        doc.symbol = symbol
        doc.anomaly("symbol_from_filename", f"the text does not print its symbol and nothing gives it: "
                                            f"{symbol} is read from the file name {source.name}")
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
        return ("no document symbol: the text does not print one, no manifest entry gives it and the file name "
                "does not spell one (like A_RES_62_132.txt): give the symbol with the source (ingest --symbol)")
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
                        result.errors.append(_error(p.source.given, "unloadable",
                                                    f"{symbol}: a {LANGUAGES[p.doc.language].name} text and no "
                                                    f"English one, which the other languages are aligned to"))
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


def _persist(collection: Collection, result: IngestResult, progress: Progress | None) -> None:
    from django.db import connections

    from archive.citations.store import InstrumentRegistry

    from .derive import derive
    from .persist import Plan

    plans = [
        Plan(
            doc=o.shown.doc,
            fingerprint=fingerprint(f"{PARSER_VERSION}:{authority_digest()}:{name_table_digest()}",
                                    [p.source for p in o.parsed + o.translations], o.shown.source.manifest),
            source_file=o.shown.source.name,
            source_note=o.note,
            series=o.series,
            citations=o.citations,
            versions=o.versions,
            version_sources={t.doc.language: (t.source.name, t.doc.anomalies) for t in o.translations},
            source_given=o.shown.source.given,
        )
        for o in result.outcomes
    ]
    # Every instrument exists before any document is written, so that parallel writers
    # only look instruments up and never race to create the same one. A document whose
    # instruments cannot be recorded fails alone; the others load.
    registry = InstrumentRegistry()
    refused = {i: error for i, plan in enumerate(plans) if (error := _record_instruments(plan, registry))}
    ready = [plan for i, plan in enumerate(plans) if i not in refused]
    workers = min(os.cpu_count() or 1, 4)
    if len(ready) >= PARALLEL_FROM and workers >= 2:
        # PostgreSQL computes the search vectors and index entries: one writer per core
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_writer)
        written = pool.imap(_write_in_worker, ready, chunksize=4)
    else:
        pool = None
        written = (_write(plan, registry) for plan in ready)
    try:
        for i, outcome in enumerate(result.outcomes):
            if progress:
                progress(i, len(plans), f"load {outcome.shown.doc.symbol}")
            status, error = ("failed", refused[i]) if i in refused else next(written)
            outcome.status = status
            if error:
                # named as given to ingest, like every other error (the plan holds the file name only)
                result.errors.append({**error, "source": outcome.shown.source.given})
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if progress:
        progress(len(plans), len(plans), "links")
    derive()
    # last: the ranking statistics of what is now loaded, then a new data version (cached pages stale)
    from archive.page_cache import bump_data_version
    from archive.search.statistics import refresh_statistics

    refresh_statistics()
    bump_data_version()


def _record_instruments(plan, registry) -> dict | None:
    """Create the instruments one document cites (in one transaction): None, or why not."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            for cites in plan.citations.values():
                for c in cites:
                    if c.kind != "other":
                        registry.instrument_id(c)
    except DatabaseError as e:
        registry.reset()  # ids created in the rolled-back transaction are gone
        logger.exception("could not record the instruments cited by %s", plan.doc.symbol)
        return _error(plan.source_given or plan.source_file, "database_error", f"database error while recording the instruments it cites: {e}")
    except Exception as e:  # a bug, not a bad source: see the module docstring
        registry.reset()
        return _internal_error(plan.source_given or plan.source_file, "recording the instruments it cites", e)
    return None


def _write(plan, registry) -> tuple[str, dict | None]:
    """Save one document in its own transaction: (status, error or None)."""
    from django.db import DatabaseError

    from .persist import save_document

    try:
        return save_document(plan, registry), None
    except DatabaseError as e:
        registry.reset()  # ids created in the rolled-back transaction are gone
        logger.exception("could not load %s", plan.doc.symbol)
        return "failed", _error(plan.source_given or plan.source_file, "database_error", f"database error: {e}")
    except Exception as e:  # a bug, not a bad source: see the module docstring
        registry.reset()
        return "failed", _internal_error(plan.source_given or plan.source_file, "loading", e)


_worker_registry = None


def _start_writer() -> None:
    global _worker_registry
    from archive.citations.store import InstrumentRegistry

    _worker_registry = InstrumentRegistry()


def _write_in_worker(plan) -> tuple[str, dict | None]:
    return _write(plan, _worker_registry)
