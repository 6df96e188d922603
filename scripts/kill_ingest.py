"""Atomic ingest under SIGKILL: the archive holds each document's old state or its new one.

A copy of a corpus folder (``--source``, default ``fixtures/akn``; a session of the UN
corpus makes a longer run that forks worker processes) is
loaded into a separate database (``ARCHIVE_DB_NAME=archive_killtest`` on the embedded
server), then edited (one word changed in every file) and loaded again, back and forth;
each load is killed with SIGKILL at a random moment (the command and the worker processes
it forks for large runs: its whole process group). After every kill, every document's
checksum (its paragraphs and footnotes, in order) must equal the checksum of either its
old or its new parse; every few kills, and at the end, a run must complete.

    python -m scripts.kill_ingest --kills 20 [--source DIR] [--seed 1]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from scripts.django_env import setup_django

DB_NAME = "archive_killtest"
ENV = {
    **os.environ,
    "ARCHIVE_DB_NAME": DB_NAME,
    "DEBUG": "1",
    "DATABASE_URL": "",
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
}


def _setup_django() -> None:
    """Django on the kill-test database: the runs flush it, so refuse any other."""
    os.environ.pop("DATABASE_URL", None)
    setup_django(ARCHIVE_DB_NAME=DB_NAME, DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings.dev")
    from django.db import connection

    if connection.settings_dict["NAME"] != DB_NAME:
        raise SystemExit(
            f"refusing to flush database {connection.settings_dict['NAME']!r}: the kill test uses {DB_NAME!r}"
        )


def edited(text: str) -> str:
    """The same document with one word changed in its body (a paragraph or footnote changes)."""
    start = max(text.find("<preamble"), text.find("<mainBody"), 0)
    m = re.compile(r" the ").search(text, start)
    return text if m is None else text[: m.start()] + " the very " + text[m.end() :]


def doc_checksum(paragraphs: list[str], footnotes: list[tuple[int, str]]) -> str:
    h = hashlib.sha256()
    for text in paragraphs:
        h.update(b"P" + text.encode() + b"\0")
    for number, text in footnotes:
        h.update(b"F%d " % number + text.encode() + b"\0")
    return h.hexdigest()


def expected_checksums(folder: Path) -> dict[str, str]:
    """symbol -> checksum of the parse, as ingest would store it (dry run: no database)."""
    from archive.ingest.pipeline import run_ingest

    result = run_ingest([str(folder)], dry_run=True)
    out = {}
    for outcome in result.outcomes:
        doc = outcome.shown.doc
        out[doc.symbol] = doc_checksum(
            [p.text for p in doc.paragraphs], sorted((f.number, f.text) for f in doc.footnotes)
        )
    return out


def stored_checksums() -> dict[str, str]:
    from django.db import connection

    from archive.models import Document, Footnote, Paragraph

    paragraphs: dict[int, list[str]] = {}
    for doc_id, text in Paragraph.objects.order_by("document_id", "position").values_list("document_id", "text"):
        paragraphs.setdefault(doc_id, []).append(text)
    footnotes: dict[int, list[tuple[int, str]]] = {}
    for doc_id, number, text in (
        Footnote.objects.filter(text_missing=False)
        .order_by("document_id", "number")
        .values_list("document_id", "number", "text")
    ):
        footnotes.setdefault(doc_id, []).append((number, text))
    out = {
        symbol: doc_checksum(paragraphs.get(i, []), footnotes.get(i, []))
        for i, symbol in Document.objects.values_list("id", "symbol")
    }
    connection.close()
    return out


def write_variant(originals: dict[str, str], folder: Path, variant: str) -> None:
    for name, text in originals.items():
        (folder / name).write_text(text if variant == "old" else edited(text), encoding="utf-8")


def ingest(folder: Path) -> subprocess.Popen:
    # its own process group: the kill takes the command and the parse/write workers it forks
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder)],
        cwd=settings.BASE_DIR,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def complete(folder: Path) -> tuple[float, str]:
    started = time.monotonic()
    proc = ingest(folder)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"an ingest after a kill did not complete (exit {proc.returncode}):\n{out[-2000:]}")
    return time.monotonic() - started, out.strip().splitlines()[-1]


def check(expected: dict[str, dict[str, str]]) -> dict[str, int]:
    """Counts of documents in their old state, new state, or neither (a part: the failure)."""
    counts = {"old": 0, "new": 0, "partial": 0, "missing": 0}
    stored = stored_checksums()
    for symbol, sums in expected.items():
        have = stored.get(symbol)
        if have is None:
            counts["missing"] += 1
        elif have == sums["new"]:
            counts["new"] += 1
        elif have == sums["old"]:
            counts["old"] += 1
        else:
            counts["partial"] += 1
            print(f"  PARTIAL: {symbol}", flush=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--source", type=Path, help="a folder of AKN files (default: fixtures/akn)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--complete-every", type=int, default=5, help="a run left to complete after every N kills")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    _setup_django()
    args.source = args.source or settings.BASE_DIR / "fixtures" / "akn"
    from django.core.management import call_command

    work = Path(tempfile.mkdtemp(prefix="killtest-"))
    folder = work / "akn" / args.source.name
    folder.mkdir(parents=True)
    metadata = args.source.parent.parent / "metadata"
    if metadata.is_dir():
        (work / "metadata").symlink_to(metadata)
    originals = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.source.glob("*.xml"))}

    print(f"source {args.source} ({len(originals)} files) -> {folder}; database {DB_NAME}", flush=True)
    expected: dict[str, dict[str, str]] = {}  # symbol -> {"old": original files, "new": edited files}
    for variant in ("old", "new"):
        write_variant(originals, folder, variant)
        for symbol, checksum in expected_checksums(folder).items():
            expected.setdefault(symbol, {})[variant] = checksum
    differing = sum(1 for s in expected.values() if s.get("old") != s.get("new"))
    print(
        f"{len(expected)} documents, {differing} whose paragraphs or footnotes differ between old and new", flush=True
    )

    call_command("flush", "--noinput", verbosity=0) if _has_tables() else None
    call_command("migrate", "--noinput", verbosity=0)
    write_variant(originals, folder, "old")
    seconds, summary = complete(folder)
    print(f"first load: {summary} ({seconds:.1f} s)\n", flush=True)
    window = max(seconds, 2.0)

    print(f"{'kill':>4} {'loading':>7} {'after s':>7} {'old':>5} {'new':>5} {'partial':>7} {'missing':>7}  next run")
    variant, survived, failures = "old", 0, 0
    for k in range(1, args.kills + 1):
        variant = "new" if variant == "old" else "old"
        write_variant(originals, folder, variant)
        # the state before this run is the other variant ("old"); the files now say ``variant`` ("new")
        states = {s: {"old": v[_other(variant)], "new": v[variant]} for s, v in expected.items()}
        proc = ingest(folder)
        delay = rng.uniform(0.3, window)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the group started above: the command and its workers
        proc.wait()
        counts = check(states)
        ok = counts["partial"] == 0 and counts["missing"] == 0
        survived += ok
        failures += not ok
        note = ""
        if k % args.complete_every == 0 or k == args.kills:
            took, summary = complete(folder)
            after = check(states)
            note = f"completed in {took:.1f} s: {summary}; all new: {after['new'] == len(expected)}"
            failures += after["new"] != len(expected)
        print(
            f"{k:>4} {variant:>7} {delay:>7.2f} {counts['old']:>5} {counts['new']:>5} {counts['partial']:>7} "
            f"{counts['missing']:>7}  {note}",
            flush=True,
        )
    shutil.rmtree(work)
    print(f"\n{survived} of {args.kills} kills left every document whole (old or new state); {failures} failures")
    return 1 if failures else 0


def _other(variant: str) -> str:
    return "old" if variant == "new" else "new"


def _has_tables() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('archive_document') IS NOT NULL")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
