"""python manage.py ingest [PATH ...] [--dry-run] [--report FILE] [--timings] [--only SYMBOL] [--symbol SYMBOL] [--series SLUG]"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.pipeline import run_ingest
from archive.ingest.report import write_report
from archive.ingest.sources import SourceError, collection_from_paths, default_collection


class Command(BaseCommand):
    help = (
        "Parse source files (default: the collection in fixtures/, then the staff uploads) and load them "
        "into the archive. Exits 1 when any source failed."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help="Files or folders (recursive). Default: fixtures/manifest.json, then the upload folder.",
        )
        parser.add_argument(
            "--with-default",
            action="store_true",
            help="Load the default collection (and the uploads) with the paths given, in one run: "
            "a document both give is read once, from the better source.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing (needs no database).")
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Write the JSON ingest report to FILE (every source is then parsed, unchanged or not).",
        )
        parser.add_argument(
            "--timings",
            action="store_true",
            help="Print each stage's wall and CPU seconds (this process, its workers) and the load average.",
        )
        parser.add_argument(
            "--only", metavar="SYMBOL", help="Load only the document with this symbol, of the sources given."
        )
        parser.add_argument(
            "--symbol",
            metavar="SYMBOL",
            help="The symbol of a single source that does not print its own (A/RES/62/132).",
        )
        parser.add_argument(
            "--series",
            metavar="SLUG",
            help="The series the sources belong to, when they do not say (see fixtures/manifest.json).",
        )

    def handle(self, *args, **options):
        paths = options["paths"]
        if (options["symbol"] or options["series"]) and not paths:
            raise CommandError("--symbol and --series give what the files named lack: name the files")
        try:
            collection = (
                collection_from_paths(paths, symbol=options["symbol"], series=options["series"])
                if paths
                else default_collection(settings.UPLOAD_ROOT)
            )
            if paths and options["with_default"]:
                collection = default_collection(settings.UPLOAD_ROOT).extended(collection)
        except SourceError as e:
            raise CommandError(str(e)) from None
        if not options["dry_run"]:
            _reach_database()
        progress = _progress_bar(self.stderr._out) if self.stderr._out.isatty() else None
        # the report says what each source holds, so it needs every source parsed
        result = run_ingest(
            collection=collection,
            dry_run=options["dry_run"],
            only=options["only"],
            progress=progress,
            skip_unchanged=not options["report"],
        )
        if progress:
            self.stderr.write("")
        if options["timings"]:
            self.stdout.write(result.stage_table())
        for error in result.errors:
            where = f"{error['source']}:{error['line']}" if error.get("line") else error["source"]
            self.stderr.write(f"error: {where}: {error['message']}")
        if options["report"]:
            write_report(result, options["report"])
        self.stdout.write(("dry run: " if options["dry_run"] else "") + result.summary())
        if result.failed:
            sys.exit(1)


def _reach_database() -> None:
    """A database that cannot be reached is one message and exit 1, before any stage runs (each stage
    would otherwise report the same refused connection, with its traceback logged)."""
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as e:
        raise CommandError(f"cannot reach the database: {' '.join(str(e).split())}") from None


def _progress_bar(stream, width: int = 30):
    def show(done: int, total: int, label: str) -> None:
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {label[:60]:<60}")
        stream.flush()

    return show
