"""The upload folder: files staff uploaded, kept as sources, with a manifest of what was given.

Pure Python. A file is first *staged* (``.staging/<token>/`` inside the folder, per upload,
removed when the upload is confirmed or cancelled, or after a day) and only *kept* once
confirmed: moved into the folder, its entry written to ``manifest.json`` (the fields of
``fixtures/manifest.json``: what the source lacks, given by the person who uploaded it), so
that ``ingest`` and ``rebuild`` load it again after the default collection.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from archive.ingest.sources import UPLOAD_MANIFEST

STAGING = ".staging"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22}")
STALE_SECONDS = 24 * 3600
ABOUT = (
    "Files staff uploaded in the admin, loaded after the default collection. Each entry names its file and "
    'what was given for it (symbol, series); "document" is the symbol ingest read, to find its other sources.'
)


@dataclass
class Kept:
    """A confirmed file moved into the folder, and what it replaced (to put back if loading fails)."""

    name: str
    previous_bytes: bytes | None
    previous_entry: dict | None


class UploadStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    # --- staging ------------------------------------------------------------------------
    def new_staging(self) -> tuple[str, Path]:
        token = secrets.token_urlsafe(16)
        folder = self.root / STAGING / token
        folder.mkdir(parents=True, mode=0o700)
        return token, folder

    def staging(self, token: str) -> Path | None:
        if not TOKEN_RE.fullmatch(token or ""):
            return None
        folder = self.root / STAGING / token
        return folder if folder.is_dir() else None

    def discard(self, token: str) -> None:
        folder = self.staging(token)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def purge_stale(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        base = self.root / STAGING
        if base.is_dir():
            for folder in base.iterdir():
                if folder.is_dir() and now - folder.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)

    # --- the kept files -----------------------------------------------------------------
    def manifest(self) -> dict:
        path = self.root / UPLOAD_MANIFEST
        if not path.exists():
            return {"about": ABOUT, "documents": []}
        return json.loads(path.read_text(encoding="utf-8"))

    def entry(self, name: str) -> dict | None:
        return next((e for e in self.manifest()["documents"] if e["source"] == name), None)

    @contextlib.contextmanager
    def locked(self):
        """One writer at a time (two staff confirming at once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def keep(self, staged: Path, entry: dict) -> Kept:
        """Move a staged file into the folder under its name, replacing an earlier upload of it."""
        name = staged.name
        target = self.root / name
        kept = Kept(name, target.read_bytes() if target.exists() else None, self.entry(name))
        os.replace(staged, target)
        self._write_entries(
            [e for e in self.manifest()["documents"] if e["source"] != name] + [{"source": name, **entry}]
        )
        return kept

    def undo(self, kept: Kept) -> None:
        """Put back what ``keep`` replaced: the folder and the manifest as they were for this name."""
        target = self.root / kept.name
        entries = [e for e in self.manifest()["documents"] if e["source"] != kept.name]
        if kept.previous_bytes is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(kept.previous_bytes)
            entries.append(kept.previous_entry or {"source": kept.name})
        self._write_entries(entries)

    def _write_entries(self, entries: list[dict]) -> None:
        manifest = self.manifest()
        manifest["documents"] = sorted(entries, key=lambda e: e["source"])
        tmp = self.root / f".{UPLOAD_MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, self.root / UPLOAD_MANIFEST)
