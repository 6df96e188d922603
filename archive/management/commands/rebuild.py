"""python manage.py rebuild --yes: drop every table, migrate, and load the sources again.

The archive is derived data: its sources rebuild it whole, the default collection
(``fixtures/manifest.json``) and then the files staff uploaded (``UPLOAD_ROOT``), or the
paths given. ``make rebuild`` runs this on the configured database.
"""

import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.ingest.pipeline import run_ingest
from archive.ingest.sources import collection_from_paths, default_collection


class Command(BaseCommand):
    help = (
        "Drop and recreate the database schema, migrate, and ingest the sources "
        "(default: fixtures/manifest.json, then the staff uploads)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Files or folders to load. Default: the default collection, then the uploads."
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask: everything in the database is dropped.")

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        paths = options["paths"]
        collection = collection_from_paths(paths) if paths else default_collection(settings.UPLOAD_ROOT)
        if collection.missing:  # before anything is dropped
            raise CommandError("; ".join(f"{given}: {why}" for given, why in collection.missing))
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("rebuild drops every table: pass --yes to confirm")
            if input(f"Drop every table of database {name!r} and load it again? [y/N] ").strip().lower() != "y":
                raise CommandError("not confirmed")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        self.stdout.write(f"dropped and recreated the schema of {name}")
        call_command("migrate", "--noinput", verbosity=0)
        self.stdout.write("migrated")
        result = run_ingest(collection=collection)
        for error in result.errors:
            where = f"{error['source']}:{error['line']}" if error.get("line") else error["source"]
            self.stderr.write(f"error: {where}: {error['message']}")
        self.stdout.write(result.summary())
        if result.failed:
            sys.exit(1)
