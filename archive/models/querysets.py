"""Domain queries, exposed on the models with ``as_manager()``."""

from __future__ import annotations

from django.db import models

# One literal text-search configuration for vector, query and headline.
SEARCH_CONFIG = "english"


class DocumentQuerySet(models.QuerySet):
    def resolutions(self):
        return self.filter(kind="resolution")

    def reports(self):
        return self.filter(kind="report")

    # the JSON a list of documents never shows: a session of 300 resolutions decoded each one's
    # votes, sponsors and anomalies for a table of symbols, titles and dates
    UNLISTED = ("metadata", "sponsors", "anomalies", "source_digests", "source_note")

    def in_number_order(self):
        """Resolutions before reports, then as the Assembly numbers them (80/9 before 80/10: a longer
        number of one session is a higher one), then by symbol."""
        from django.db.models.functions import Length

        return self.order_by("kind", Length("number"), "number", "symbol")

    def listed(self):
        """Documents as a list shows them (symbol, title, kind, dates), without their JSON."""
        return self.defer(*self.UNLISTED)

    VOTES = ("in_favour", "against", "abstaining")

    def voted(self, state: str, how: str):
        """Resolutions whose metadata record has ``state`` (the Organization's name) voting ``how``
        (in_favour, against, abstaining): the lists read through the name table at ingest."""
        if how not in self.VOTES:
            raise ValueError(f"how must be one of {', '.join(self.VOTES)}")
        return self.filter(**{f"metadata__member_states__{how}__contains": [{"name": state}]})

    def sessions(self):
        """Session numbers with their document counts, oldest first."""
        return self.values("session").annotate(documents=models.Count("id")).order_by("session")


class SearchableQuerySet(models.QuerySet):
    """Rows with a stored ``search`` vector (paragraphs, footnotes)."""

    def search(self, q: str):
        """Rows matching ``q`` (words, quoted phrases, OR, -word: ``archive.search.query``); all when blank."""
        if not q.strip():
            return self
        from archive.search.compiler import compile_query
        from archive.search.ranking import matching

        return matching(self, compile_query(q))


class ParagraphQuerySet(SearchableQuerySet):
    def body(self):
        """Paragraphs that carry text (headings excluded)."""
        return self.exclude(kind="heading")

    def with_origin(self):
        """Each paragraph with ``origin_id``: its earliest version in its series (``ParagraphOrigin``),
        None where lineage has traced none."""
        return self.annotate(origin_id=models.F("lineage_origin__origin_id"))


class FootnoteQuerySet(SearchableQuerySet):
    pass
