"""Domain queries, exposed on the models with ``as_manager()``."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Count, Max, Min
from django.db.models.functions import Lower

from archive.parsing.citations import parse_footnote

# One literal text-search configuration for vector, query and headline.
SEARCH_CONFIG = "english"


class DocumentQuerySet(models.QuerySet):
    def resolutions(self):
        return self.filter(kind="resolution")

    def reports(self):
        return self.filter(kind="report")

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


class FootnoteQuerySet(SearchableQuerySet):
    pass


class InstrumentQuerySet(models.QuerySet):
    SORTS = {"documents": "-documents", "title": "title", "first": "first_session", "last": "-last_session"}

    def with_citing_stats(self):
        """How many documents cite each instrument, and the first and last session that does."""
        return self.annotate(
            documents=Count("citations__footnote__document", distinct=True),
            first_session=Min("citations__footnote__document__session"),
            last_session=Max("citations__footnote__document__session"),
        )

    def named(self, q: str):
        """Instruments whose title contains ``q``, or whose key or an alias holds it as a whole
        part (case-insensitive): "trafficking", "2237", "55/25/annex-II" find the trafficking
        protocol, and "annex-II" does not find annex III."""
        q = (q or "").strip()
        if not q:
            return self
        part = r"(^|[:/ ,.-])" + re.escape(q) + r"($|[:/ ,.-])"
        match = models.Q(title__icontains=q) | models.Q(key__iregex=part) | models.Q(aliases__key__iregex=part)
        # an identifier as a footnote writes it ("A/RES/55/25, annex II", "United Nations, Treaty
        # Series, vol. 2237, No. 39574", "Sales No. E.96.IV.13") is read as a footnote would be
        cited = [c.key for c in parse_footnote(q if "vol." not in q or "Series" in q else "Treaty Series, " + q)
                 if c.kind != "other" and not c.key.startswith("pub:")]
        if cited:
            match |= models.Q(key__in=cited) | models.Q(aliases__key__in=cited)
        return self.filter(match).distinct()

    def known_as(self, q: str):
        """Instruments a short or common name in the authority file stands for, named by the whole of ``q``
        or by a run of its words ("CEDAW", "the Palermo Protocol", "ILO Convention No. 189")."""
        from archive.models.instrument_names import normalized_name

        query = normalized_name(q)
        if not query:
            return self.none()
        # every run of consecutive words of the query, compared with the names exactly
        words = query.split()
        runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 8) + 1)}
        return self.filter(names__normalized__in=runs).distinct()

    def ordered(self, sort: str):
        order = self.SORTS.get(sort, self.SORTS["documents"])
        return self.order_by(*([] if order == "title" else [order]), Lower("title"), "key")
