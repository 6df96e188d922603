"""Which sources to load, and the metadata that sources lack.

No database, of Django only the settings' BASE_DIR: the default collection is ``fixtures/manifest.json``, then the files staff
uploaded (the upload folder's own ``manifest.json``); any other path is a file or a folder
searched recursively. Metadata records (``metadata/*.jsonl``) are found beside an ``akn/``
folder, as in the UN corpus layout, or named by the manifest. What a single source lacks
can be given with it (``--symbol``, ``--series``); a symbol is read from a file name such as
``A_RES_62_132.txt`` only when nothing else gives one.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

FIXTURES = settings.BASE_DIR / "fixtures"
MANIFEST = FIXTURES / "manifest.json"
SERIES_REGISTRY = FIXTURES / "series.json"  # every member of each series, held or not
SOURCE_SUFFIXES = {".txt", ".xml", ".md", ".text", ".pdf"}
UPLOAD_MANIFEST = "manifest.json"


class SourceError(ValueError):
    """What was asked for cannot be given: the message says why."""


@dataclass
class Source:
    """One file to parse, with what the manifest says about it."""

    path: Path
    given: str  # the path as given on the command line (the report's "source")
    manifest: dict = field(default_factory=dict)
    _digest: str | None = field(default=None, repr=False, compare=False)
    _size: int | None = field(default=None, repr=False, compare=False)

    def read_bytes(self) -> bytes:
        data = self.path.read_bytes()
        self._digest = hashlib.sha256(data).hexdigest()
        self._size = len(data)
        return data

    def digest(self) -> str:
        """SHA-256 of the file's bytes as last read: how a re-run knows the file without parsing it."""
        if self._digest is None:
            self.read_bytes()
        return self._digest

    def size(self) -> int:
        """Bytes of the file as last read: shown with its digest, so that a reader can check a copy."""
        if self._size is None:
            self.read_bytes()
        return self._size

    @property
    def name(self) -> str:
        """How pages name the source: its file name, never a path on the server."""
        return self.path.name


@dataclass
class Collection:
    sources: list[Source]
    series: list[dict] = field(default_factory=list)
    metadata_files: list[Path] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (path as given, why nothing was read)
    # the archive's whole set of sources (the default collection, with the uploads): a document's
    # source it lacks was removed. Files given by path are only some: a source not given is kept.
    whole: bool = False

    def extended(self, other: Collection) -> Collection:
        """This collection's sources and then another's, with the metadata files of both."""
        return Collection(
            sources=self.sources + other.sources,
            series=self.series,
            metadata_files=sorted(set(self.metadata_files) | set(other.metadata_files)),
            missing=self.missing + other.missing,
            whole=self.whole or other.whole,
        )

    def series_by_slug(self, slug: str) -> dict:
        for s in self.series:
            if s["slug"] == slug:
                return s
        known = ", ".join(s["slug"] for s in self.series) or "none"
        raise SourceError(f"unknown series {slug!r}: the series are {known}")


def load_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def default_collection(uploads: Path | None = None) -> Collection:
    """The manifest's documents, then (when a folder is given) the files staff uploaded there."""
    manifest = load_manifest()
    sources = [
        Source(FIXTURES / entry["source"], f"fixtures/{entry['source']}", entry) for entry in manifest["documents"]
    ]
    if uploads is not None:
        sources += upload_sources(uploads)
    return Collection(
        sources=sources,
        series=manifest.get("series", []),
        metadata_files=[FIXTURES / m for m in manifest.get("metadata_records", [])],
        whole=True,
    )


def upload_sources(folder: Path) -> list[Source]:
    """The uploaded files, each with what was given for it (its entry in the folder's manifest)."""
    manifest_path = folder / UPLOAD_MANIFEST
    if not manifest_path.exists():
        return []
    entries = load_manifest(manifest_path)["documents"]
    return [Source(folder / e["source"], f"{folder.name}/{e['source']}", e) for e in entries]


def collection_from_paths(paths: list[str], *, symbol: str | None = None, series: str | None = None) -> Collection:
    """Files and folders (recursive) as given; manifest entries apply to fixture files.

    ``symbol`` and ``series`` give what the sources lack: a symbol names one document, so
    it needs a single source; a series may be given for any number.
    """
    manifest = load_manifest()
    by_path = {(FIXTURES / e["source"]).resolve(): e for e in manifest["documents"]}
    collection = Collection(sources=[], series=manifest.get("series", []))
    given_fields = {}
    if series:
        given_fields["series"] = collection.series_by_slug(series)["slug"]
    if symbol:
        given_fields["symbol"] = symbol
    metadata_dirs: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
            if not files:
                collection.missing.append(
                    (given, f"no source files ({', '.join(sorted(SOURCE_SUFFIXES))}) in this folder")
                )
        elif path.is_file():
            files = [path]
        else:
            collection.missing.append((given, "no such file or folder"))
            continue
        for f in files:
            shown = given if f == path else str(Path(given) / f.relative_to(path))
            collection.sources.append(Source(f, shown, {**by_path.get(f.resolve(), {}), **given_fields}))
            for parent in f.resolve().parents:
                if (parent / "metadata").is_dir() and parent.name != "metadata":
                    metadata_dirs.add(parent / "metadata")
                    break
    if symbol and len(collection.sources) > 1:
        raise SourceError(
            f"--symbol gives the symbol of one document, but {len(collection.sources)} sources were given"
        )
    collection.metadata_files = sorted(m for d in metadata_dirs for m in d.glob("*.jsonl"))
    return collection


# A GA symbol with "/" written "_", as the UN's systems name files: A_RES_62_132.txt,
# A_64_152-EN.pdf, A_HRC_11_7_Add.2.xml. Session and number must be there.
_FILENAME_SYMBOL_RE = re.compile(r"A(?:_[A-Z][A-Za-z0-9.\-]*)*_\d{1,3}_\d{1,5}(?:_(?:Add|Corr|Rev)\.\d{1,3})*")
_LANGUAGE_SUFFIX_RE = re.compile(r"[-_](?:EN|E|en)$")
_GA_SYMBOL_RE = re.compile(r"A/(?:RES/)?(?P<session>\d{1,3})/(?P<number>\d{1,5})")


def symbol_from_filename(path: Path) -> str | None:
    """The symbol a file name spells (``A_RES_62_132.txt`` is A/RES/62/132), or None."""
    stem = path.stem
    if re.search(r"\.[a-z]+$", stem):  # A_RES_78_180.pdftotext.txt
        stem = stem.rsplit(".", 1)[0]
    stem = _LANGUAGE_SUFFIX_RE.sub("", stem)
    if not _FILENAME_SYMBOL_RE.fullmatch(stem):
        return None
    return stem.replace("_", "/")


def symbol_parts(symbol: str) -> tuple[int, str | None] | None:
    """(session, resolution number or None) that a GA symbol spells: A/RES/62/132 is (62, "62/132")."""
    m = _GA_SYMBOL_RE.fullmatch(symbol) or _GA_SYMBOL_RE.match(symbol)
    if not m:
        return None
    number = f"{m['session']}/{m['number']}" if symbol.startswith("A/RES/") else None
    return int(m["session"]), number


def fingerprint(parser_version: str, sources: list[Source], extra: object) -> str:
    """What a loaded document was built from (the parsers' version, each source's bytes and manifest
    entry, and ``extra``); an unchanged fingerprint means nothing to do."""
    h = hashlib.sha256(parser_version.encode())
    for s in sorted(sources, key=lambda s: str(s.path)):
        h.update(s.digest().encode())
        h.update(json.dumps(s.manifest, sort_keys=True).encode())
    h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return h.hexdigest()
