"""Which sources to load, and the metadata that sources lack.

Pure Python: the default collection is ``fixtures/manifest.json``; any other path is a
file or a folder searched recursively. Metadata records (``metadata/*.jsonl``) are found
beside an ``akn/`` folder, as in the UN corpus layout, or named by the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MANIFEST = FIXTURES / "manifest.json"
SOURCE_SUFFIXES = {".txt", ".xml", ".md", ".text", ".pdf"}


@dataclass
class Source:
    """One file to parse, with what the manifest says about it."""

    path: Path
    given: str  # the path as given on the command line (the report's "source")
    manifest: dict = field(default_factory=dict)

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class Collection:
    sources: list[Source]
    series: list[dict] = field(default_factory=list)
    metadata_files: list[Path] = field(default_factory=list)


def load_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def default_collection() -> Collection:
    manifest = load_manifest()
    sources = [
        Source(FIXTURES / entry["source"], f"fixtures/{entry['source']}", entry)
        for entry in manifest["documents"]
    ]
    return Collection(
        sources=sources,
        series=manifest.get("series", []),
        metadata_files=[FIXTURES / m for m in manifest.get("metadata_records", [])],
    )


def collection_from_paths(paths: list[str]) -> Collection:
    """Files and folders (recursive) as given; manifest entries apply to fixture files."""
    manifest = load_manifest()
    by_path = {(FIXTURES / e["source"]).resolve(): e for e in manifest["documents"]}
    sources: list[Source] = []
    metadata_dirs: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
        else:
            files = [path]
        for f in files:
            shown = given if f == path else str(Path(given) / f.relative_to(path))
            sources.append(Source(f, shown, by_path.get(f.resolve(), {})))
            for parent in f.resolve().parents:
                if (parent / "metadata").is_dir() and parent.name != "metadata":
                    metadata_dirs.add(parent / "metadata")
                    break
    metadata_files = sorted(m for d in metadata_dirs for m in d.glob("*.jsonl"))
    return Collection(sources=sources, series=manifest.get("series", []), metadata_files=metadata_files)


def fingerprint(parser_version: str, sources: list[Source], extra: object) -> str:
    """What a loaded document was built from; an unchanged fingerprint means nothing to do."""
    h = hashlib.sha256(parser_version.encode())
    for s in sorted(sources, key=lambda s: str(s.path)):
        h.update(s.read_bytes())
        h.update(json.dumps(s.manifest, sort_keys=True).encode())
    h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return h.hexdigest()


def manifest_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
