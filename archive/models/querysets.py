"""Domain queries, exposed on the models with ``as_manager()``."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db import models

# One literal text-search configuration for vector, query and headline.
SEARCH_CONFIG = "english"


class DocumentQuerySet(models.QuerySet):
    def resolutions(self):
        return self.filter(kind="resolution")

    def reports(self):
        return self.filter(kind="report")

    def sessions(self):
        """Session numbers with their document counts, oldest first."""
        return self.values("session").annotate(documents=models.Count("id")).order_by("session")


class SearchableQuerySet(models.QuerySet):
    """Rows with a stored ``search`` vector (paragraphs, footnotes)."""

    def search(self, q: str):
        """Rows matching ``q`` in websearch syntax (quoted phrases, OR, -word); all when blank."""
        if not q.strip():
            return self
        return self.filter(search=SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG))


class ParagraphQuerySet(SearchableQuerySet):
    def body(self):
        """Paragraphs that carry text (headings excluded)."""
        return self.exclude(kind="heading")


class FootnoteQuerySet(SearchableQuerySet):
    pass


class InstrumentQuerySet(models.QuerySet):
    pass
