"""Domain queries on instruments, exposed on the model with ``as_manager()``.

A name a reader types is looked up, never parsed: in the instruments' titles, keys and
aliases, in the short and common names of the authority file (``InstrumentName``) and in
the ways citations write each key (``InstrumentIdentifier``, stored at ingest).
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from archive.parsing.text import normalized_name

MAX_RUN = 8  # words of a short or common name: "Convention on the Rights of the Child" has seven


def _word_runs(normalized: str) -> set[str]:
    """Every run of consecutive words (at most ``MAX_RUN``) of a normalized query."""
    words = normalized.split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + MAX_RUN) + 1)}


def named_condition(q: str) -> tuple[str, list]:
    """The instruments ``q`` names, as a condition on ``archive_instrument`` rows (SQL, parameters): what
    ``InstrumentQuerySet.named`` filters by, and what the search asks in a statement of its own.

    - a title holding every word of ``q`` ("trafficking in persons");
    - a key or alias holding ``q`` as a whole part: "2237", "55/25/annex-II" find the Trafficking
      Protocol, and "annex-II" does not find annex III;
    - an identifier written as a footnote or this site writes it ("A/RES/55/25, annex II",
      "United Nations, Treaty Series, vol. 2237, No. 39574", "Sales No. E.96.IV.13");
    - a short or common name spelled by the whole of ``q`` or a run of its words ("CEDAW",
      "the Palermo Protocol").
    """
    from django.db import connection

    q = " ".join(q.split())
    words = re.findall(r"\w+", q) or [q]

    # the title and key as stored upper-cased (``Instrument.title_folded``, ``key_folded``): compared with the
    # words upper-cased by the same function; a key is read by the regular expression only when it holds ``q``
    def holding(text: str) -> str:  # a LIKE pattern: any value holding ``text``
        return f"%{connection.ops.prep_for_like_query(text)}%"

    title = " AND ".join(['"archive_instrument"."title_folded" LIKE UPPER(%s)'] * len(words))
    params: list = [holding(w) for w in words]
    part = r"(^|[:/ ,.-])" + re.escape(q) + r"($|[:/ ,.-])"
    sql = (
        # the aliases matched once (a hashed subplan), not scanned again for each instrument
        f'({title}) OR ("archive_instrument"."key_folded" LIKE UPPER(%s) AND "archive_instrument"."key" ~* %s) '
        'OR "archive_instrument"."id" IN (SELECT a.instrument_id FROM archive_instrumentalias a WHERE a.key ~* %s)'
    )
    params += [holding(q), part, part]
    norm = normalized_name(q)
    if norm:
        sql += (
            ' OR "archive_instrument"."id" IN (SELECT instrument_id FROM archive_instrumentidentifier WHERE normalized = %s)'
            ' OR "archive_instrument"."id" IN (SELECT instrument_id FROM archive_instrumentname WHERE normalized = ANY(%s))'
        )
        params += [norm, sorted(_word_runs(norm))]
    return f"({sql})", params


class InstrumentQuerySet(models.QuerySet):
    SORTS = {"documents": "-documents", "title": "title", "first": "first_session", "last": "-last_session"}

    def with_citing_stats(self):
        """How many documents cite each instrument (as ``documents``), and the first and last session
        that does: the figures ingest keeps (``refresh_citing_stats``), not counted here."""
        return self.annotate(documents=F("citing_documents"))

    def named(self, q: str):
        """Instruments ``q`` names, for the instruments index and the search alike (case-insensitive): see
        ``named_condition``."""
        q = " ".join((q or "").split())
        if not q:
            return self
        return self.filter(RawSQL(*named_condition(q), output_field=BooleanField()))

    def identified_by(self, value: str):
        """Instruments ``value`` identifies exactly: a key or alias (any case), a title, or an identifier
        as a footnote writes it ("United Nations, Treaty Series, vol. 2220, No. 39481")."""
        from archive.models import InstrumentIdentifier

        value = " ".join((value or "").split())
        if not value:
            return self.none()
        match = (
            models.Q(key__iexact=value)
            | models.Q(aliases__key__iexact=value)
            | models.Q(title__iexact=value.rstrip("."))
        )
        if norm := normalized_name(value):
            match |= models.Q(id__in=InstrumentIdentifier.objects.filter(normalized=norm).values("instrument_id"))
        return self.filter(match).distinct()

    def ordered(self, sort: str):
        order = self.SORTS.get(sort, self.SORTS["documents"])
        return self.order_by(*([] if order == "title" else [order]), Lower("title"), "key")
