"""Instruments (treaties, resolutions, documents, publications) and the citations to them."""

from __future__ import annotations

import re

from django.db import models
from django.db.models.functions import Upper

from archive.citations.authority import citation_form
from archive.citations.querysets import InstrumentQuerySet

from .documents import Document, Footnote

# What the site serves at /documents/<symbol>/: a UN document symbol (A/62/177, A/RES/48/104, E/2019/27).
DOCUMENT_SYMBOL_RE = re.compile(r"[A-Z][A-Za-z0-9.]*(?:/[A-Za-z0-9.\-]+)+")


class Instrument(models.Model):
    """One instrument, one record, whatever the form of the citation (see ``InstrumentAlias``)."""

    class Kind(models.TextChoices):
        TREATY = "treaty", "Treaty"
        RESOLUTION = "resolution", "Resolution"
        DOCUMENT = "document", "Document"
        PUBLICATION = "publication", "Publication"
        WEB = "web", "Web page"
        OTHER = "other", "Other"

    key = models.CharField(
        max_length=300,
        help_text="Canonical key: 'UNTS:2220:39481', 'A/RES/55/25/annex-II', 'A/62/177', 'Sales:E.95.XIII.18'.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What sort of instrument this is.")
    title = models.CharField(max_length=1000, help_text="Canonical title, from the authority file or inferred.")
    # the title and key upper-cased by PostgreSQL, as a reader's words are compared with them (``named_condition``):
    # folded once when written, not for every instrument on every search (0.25 ms of a search's 0.5 ms statement)
    title_folded = models.GeneratedField(
        expression=Upper("title"),
        output_field=models.CharField(max_length=1000),
        db_persist=True,
        help_text="The title upper-cased (kept by PostgreSQL): what a name typed is matched against.",
    )
    key_folded = models.GeneratedField(
        expression=Upper("key"),
        output_field=models.CharField(max_length=300),
        db_persist=True,
        help_text="The key upper-cased (kept by PostgreSQL): what a name typed is matched against.",
    )
    title_inferred = models.BooleanField(
        default=False,
        help_text="True when the title is not the instrument's own: taken from the words before a marker, or the reference as printed.",
    )
    url = models.URLField(
        max_length=1000, blank=True, help_text="Official link (treaties.un.org, undocs.org, the cited address)."
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="as_instrument",
        help_text="The archive's own copy, when the instrument is a document the archive holds.",
    )
    # what the instruments index sorts and shows, kept by ingest (and admin edits): counting them
    # over every citation on each request cost the index 100 ms with the GA corpus loaded
    citing_documents = models.PositiveIntegerField(
        db_default=0, help_text="How many documents cite the instrument in a footnote (kept by ingest)."
    )
    first_session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The first session whose documents cite it (kept by ingest)."
    )
    last_session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last session whose documents cite it (kept by ingest)."
    )

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["key"], name="instrument_key_unique")]
        indexes = [models.Index(fields=["kind"], name="instrument_kind_idx")]

    @property
    def is_unheld_document(self) -> bool:
        """A whole UN document or resolution (not an annex of one) that the archive does not hold."""
        return (
            self.kind in (self.Kind.DOCUMENT, self.Kind.RESOLUTION)
            and self.document_id is None
            and "/annex" not in self.key
            and bool(DOCUMENT_SYMBOL_RE.fullmatch(self.key))
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("archive:instrument", args=[self.key])

    @property
    def identifier(self) -> str:
        """The key as a citation writes it: "United Nations, Treaty Series, vol. 2220, No. 39481",
        "A/RES/55/25, annex II", "Sales No. E.95.XIII.18"; empty for a publication known by its title."""
        return citation_form(self.key)


class InstrumentAlias(models.Model):
    """Another canonical key of the same instrument (55/25 annex II = UNTS vol. 2237 No. 39574)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="aliases", help_text="The instrument."
    )
    key = models.CharField(max_length=300, help_text="An alternative canonical key.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key"], name="instrument_alias_key_unique")]

    def __str__(self) -> str:
        return self.key

    @property
    def identifier(self) -> str:
        """As a citation writes it ("A/RES/55/25, annex II"); the key where there is no such form."""
        return citation_form(self.key) or self.key


class Citation(models.Model):
    """A footnote citing an instrument: a footnote can cite several, an instrument is cited by many."""

    footnote = models.ForeignKey(
        Footnote, on_delete=models.CASCADE, related_name="citations", help_text="The citing footnote."
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="citations", help_text="The instrument cited."
    )
    position = models.PositiveSmallIntegerField(help_text="Order of the citation within its footnote.")
    cited_key = models.CharField(max_length=300, help_text="Key as cited (may be an alias of the instrument's key).")
    pinpoint = models.CharField(
        max_length=300, blank=True, help_text="Part cited: 'annex II', 'chap. I, sect. A', 'para. 91'."
    )
    raw = models.TextField(blank=True, help_text="The words of the footnote this citation was read from.")

    class Meta:
        ordering = ["footnote", "position"]
        constraints = [models.UniqueConstraint(fields=["footnote", "position"], name="citation_position_unique")]

    def __str__(self) -> str:
        return f"{self.footnote} → {self.instrument.key}"
