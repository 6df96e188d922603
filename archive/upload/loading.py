"""From staged files to a preview, and from a confirmed preview to loaded documents.

Both go through the ingest pipeline: the preview is its dry run over the staged files with
what staff gave for them; loading keeps the files in the upload folder and runs ingest over
every source of the archive that gives one of their symbols, exactly as ``rebuild`` would,
each document in its own transaction. A file whose document fails to load is taken out of
the folder again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest.pipeline import fill_from_symbol, parse_source, run_ingest
from archive.ingest.sources import Collection, Source, default_collection
from archive.parsing.metadata import apply_manifest

from .store import UploadStore

SYMBOL_RE = re.compile(r"A/[A-Za-z0-9./ -]{0,97}[A-Za-z0-9]")


@dataclass
class FilePreview:
    """What ingest reads from one staged file."""

    name: str
    given: dict
    format: str | None = None
    symbol: str | None = None
    kind: str | None = None
    session: int | None = None
    title: str | None = None
    series: str | None = None
    counts: dict = field(default_factory=dict)
    anomalies: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    note: str = ""
    shown: bool = True
    replaces_upload: bool = False

    @property
    def loadable(self) -> bool:
        return not self.errors and self.symbol is not None


def series_choices() -> list[dict]:
    return default_collection().series


def staged_collection(folder: Path, given: dict[str, dict]) -> Collection:
    base = default_collection()
    sources = [
        Source(path, path.name, {k: v for k, v in given.get(path.name, {}).items() if v})
        for path in sorted(folder.iterdir())
        if path.is_file()
    ]
    return Collection(sources=sources, series=base.series, metadata_files=base.metadata_files)


def preview(store: UploadStore, folder: Path, given: dict[str, dict]) -> list[FilePreview]:
    collection = staged_collection(folder, given)
    result = run_ingest(collection=collection, dry_run=True)
    files = {
        s.given: FilePreview(s.given, given.get(s.given, {}), replaces_upload=(store.root / s.given).exists())
        for s in collection.sources
    }
    for outcome in result.outcomes:
        for i, parsed in enumerate(outcome.parsed):
            f = files[parsed.source.given]
            _describe(f, parsed.doc)
            f.series = outcome.series["title"] if outcome.series else None
            f.shown, f.note = i == 0, outcome.note
    for error in result.errors:
        if error["source"] in files:
            line = f"line {error['line']}: " if error.get("line") else ""
            files[error["source"]].errors.append(line + error["message"])
    for source in collection.sources:
        f = files[source.given]
        if f.errors and f.format is None:  # read but not loadable (no symbol, say): still show what was read
            _, doc, _, error = parse_source(source)
            if doc is not None:
                apply_manifest(doc, source.manifest)
                fill_from_symbol(doc, source)
                _describe(f, doc)
                f.symbol = None
    return list(files.values())


def _describe(f: FilePreview, doc) -> None:
    f.format, f.symbol, f.kind, f.session, f.title = doc.format, doc.symbol, doc.kind, doc.session, doc.title
    f.counts = doc.counts()
    f.anomalies = [{"code": a.code, "message": a.message, "line": a.line} for a in doc.anomalies]


@dataclass
class Loaded:
    symbol: str
    status: str  # loaded | replaced | unchanged | failed
    note: str
    files: list[str]
    error: str = ""


def load(store: UploadStore, folder: Path, given: dict[str, dict]) -> tuple[list[Loaded], list[FilePreview]]:
    """Keep and load the staged files that parse; (documents loaded, files not kept with why)."""
    previews = preview(store, folder, given)
    loadable = [f for f in previews if f.loadable]
    symbols = {f.symbol for f in loadable}
    loaded: list[Loaded] = []
    with store.locked():
        kept = {f.name: store.keep(folder / f.name, _entry(f)) for f in loadable}
        collection = default_collection(store.root)
        collection.sources = [s for s in collection.sources if _symbol_of(s) in symbols]
        result = run_ingest(collection=collection)
        for outcome in result.outcomes:
            names = [p.source.name for p in outcome.parsed if p.source.path.parent == store.root]
            error = next((e["message"] for e in result.errors if e["source"] == outcome.shown.source.given), "")
            loaded.append(Loaded(outcome.shown.doc.symbol, outcome.status, outcome.note, names, error))
            if outcome.status == "failed":
                for name in names:
                    if name in kept:
                        store.undo(kept[name])
    return loaded, [f for f in previews if not f.loadable]


def _entry(f: FilePreview) -> dict:
    """What was given for the file (filled as from a manifest on every later run), and the
    symbol ingest read, by which its document's other sources are found."""
    entry = {k: v for k, v in f.given.items() if v}
    entry["document"] = f.symbol
    return entry


def _symbol_of(source: Source) -> str | None:
    """The symbol ingest read for an upload ("document"); the manifest's for a fixture."""
    return source.manifest.get("document") or source.manifest.get("symbol")
