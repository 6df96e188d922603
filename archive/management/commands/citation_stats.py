"""python manage.py citation_stats: how footnotes resolve to instruments."""

from django.core.management.base import BaseCommand

from archive.citations.stats import citation_stats, format_source_stats, format_stats, source_citation_stats


class Command(BaseCommand):
    help = (
        "Print the share of footnotes resolved to an instrument: per loaded document, with what stays "
        "unresolved, and per source file of the default collection (--sources, no database needed)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--sources",
            action="store_true",
            help="count every source file of the default collection as parsed, without the database",
        )

    def handle(self, *args, **options):
        if options["sources"]:
            self.stdout.write(format_source_stats(source_citation_stats()))
        else:
            self.stdout.write(format_stats(citation_stats()))
