"""python manage.py generate_corpus [--paragraphs N] [--documents N] [--sessions N] [--seed N]

Replaces everything in a *bench* database (ARCHIVE_DB_NAME=archive_bench, or a DATABASE_URL
whose database name contains "bench") with a synthetic corpus; see archive.bench.generate.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.bench.generate import Spec, check_bench_database, database_name, generate


class Command(BaseCommand):
    help = "Build the large synthetic benchmark corpus (only in a database whose name contains 'bench')."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--paragraphs", type=int, default=1_000_000, help="Searchable paragraphs (headings come on top).")
        parser.add_argument("--documents", type=int, default=None, help="Documents (default: paragraphs / 20).")
        parser.add_argument("--sessions", type=int, default=80)
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--database", default="default")

    def handle(self, *args, **o):
        try:
            check_bench_database(o["database"])
        except ValueError as e:
            raise CommandError(str(e)) from None
        documents = o["documents"] or max(1, o["paragraphs"] // 20)
        try:
            spec = Spec(paragraphs=o["paragraphs"], documents=documents, sessions=o["sessions"], seed=o["seed"])
        except ValueError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"database {database_name(o['database'])}: migrating")
        call_command("migrate", database=o["database"], verbosity=0, interactive=False)
        result = generate(spec, using=o["database"], replace=True, progress=lambda m: self.stdout.write(m))
        self.stdout.write(result.summary())
