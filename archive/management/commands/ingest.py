"""python manage.py ingest [PATH ...] [--dry-run] [--report FILE] [--symbol SYMBOL]"""

import sys

from django.core.management.base import BaseCommand

from archive.ingest.pipeline import run_ingest
from archive.ingest.report import write_report


class Command(BaseCommand):
    help = "Parse source texts (default: the collection in fixtures/) and load them into the archive."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or folders (recursive). Default: fixtures/manifest.json.")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing (needs no database).")
        parser.add_argument("--report", metavar="FILE", help="Write the JSON ingest report to FILE.")
        parser.add_argument("--symbol", help="Load only the document with this symbol.")

    def handle(self, *args, **options):
        progress = _progress_bar(self.stderr._out) if self.stderr._out.isatty() else None
        result = run_ingest(options["paths"] or None, dry_run=options["dry_run"], symbol=options["symbol"], progress=progress)
        if progress:
            self.stderr.write("")
        for error in result.errors:
            where = f"{error['source']}:{error['line']}" if error.get("line") else error["source"]
            self.stderr.write(f"error: {where}: {error['message']}")
        if options["report"]:
            write_report(result, options["report"])
        self.stdout.write(("dry run: " if options["dry_run"] else "") + result.summary())
        if result.failed:
            sys.exit(1)


def _progress_bar(stream, width: int = 30):
    def show(done: int, total: int, label: str) -> None:
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {label[:60]:<60}")
        stream.flush()

    return show
