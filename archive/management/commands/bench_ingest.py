"""python manage.py bench_ingest [--corpus DIR]: time the default collection and a whole corpus."""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.bench.ingest_bench import format_rows, time_ingest

DEFAULT_CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "akn"


class Command(BaseCommand):
    help = "Time ingest of the default collection and of a corpus folder, each into a fresh bench database."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="Folder of sources (default: ../shared/corpus/akn).")
        parser.add_argument("--skip-corpus", action="store_true")

    def handle(self, *args, **options):
        rows = [time_ingest("default collection (fixtures)", [], "archive_bench_ingest_default")]
        corpus = Path(options["corpus"])
        if not options["skip_corpus"] and corpus.is_dir():
            files = sum(1 for p in corpus.rglob("*.xml"))
            rows.append(time_ingest(f"corpus {corpus.name}/ ({files} files)", [str(corpus)], "archive_bench_ingest_corpus"))
        self.stdout.write(format_rows(rows))
