"""Documents, their paragraphs and footnotes.

One ``Document`` table holds both the resolutions and the Secretary-General's reports,
and one ``Paragraph`` table holds the paragraphs of both. The two kinds share everything
the archive does with a text (paragraphs in order, footnotes and their markers, citations,
search, lineage); what differs is a handful of metadata fields (adoption, votes, the
resolution a report answers), which stay nullable here. Separate tables would have made
every search, every citation and every "cited by" list a UNION. ``Resolution`` and
``Report`` are proxy models over ``Document`` for code and admin that want one kind.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

from archive.search.indexing import indexed_field

from .querysets import SEARCH_CONFIG, DocumentQuerySet, FootnoteQuerySet, ParagraphQuerySet
from .series import Series


class Document(models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Resolution"
        REPORT = "report", "Report of the Secretary-General"

    symbol = models.CharField(max_length=100, help_text="UN document symbol, e.g. A/RES/60/139 or A/64/152.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="Resolution or report.")
    number = models.CharField(
        max_length=20, blank=True, help_text="Resolution number such as 60/139; empty for reports."
    )
    session = models.PositiveSmallIntegerField(help_text="General Assembly session (60 for 2005-2006).")
    title = models.CharField(max_length=500, help_text="Title as printed on the document.")
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="The series this document belongs to, if any.",
    )
    adopted = models.DateField(null=True, blank=True, help_text="Date of adoption (resolutions).")
    distributed = models.DateField(null=True, blank=True, help_text="Distribution date printed in the header.")
    agenda_item = models.CharField(max_length=300, blank=True, help_text="Agenda item, e.g. 'Agenda item 26 (a)'.")
    committee_report = models.CharField(
        max_length=100, blank=True, help_text="Symbol of the committee report, e.g. A/60/503."
    )
    meeting = models.CharField(
        max_length=100, blank=True, help_text="Plenary meeting of adoption, e.g. '64th plenary meeting'."
    )
    adoption_type = models.CharField(max_length=100, blank=True, help_text="'Without a vote' or 'Recorded vote'.")
    votes_yes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Member States in favour, where recorded."
    )
    votes_no = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Member States against, where recorded."
    )
    votes_abstain = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Member States abstaining, where recorded."
    )
    sponsors = models.JSONField(default=list, blank=True, help_text="Sponsoring Member States, where known.")
    metadata = models.JSONField(
        default=dict, blank=True, help_text="Further metadata from the corpus records (subjects, vote lists)."
    )
    answers = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_by",
        help_text="For a report: the resolution that requested it.",
    )
    source_file = models.CharField(max_length=500, help_text="Source the text was parsed from, as given to ingest.")
    source_format = models.CharField(max_length=50, help_text="Parser that read the source (ods_export, akn, ...).")
    source_fingerprint = models.CharField(
        max_length=64,
        help_text="SHA-256 of what the document was built from (parser version, source files, manifest entry, "
        "authority file, name table); a source whose fingerprint is unchanged is not reloaded.",
    )
    source_digests = models.JSONField(
        default=list,
        blank=True,
        help_text="SHA-256 of each source file read for this document, the shown one first: a re-run of unchanged "
        "sources finds the document unchanged without parsing them.",
    )
    source_size = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Size in bytes of the shown source file, as read at ingest; null when loaded before it was kept.",
    )
    source_note = models.TextField(blank=True, help_text="Which source is shown and why, when several exist.")
    anomalies = models.JSONField(
        default=list, blank=True, help_text="What the source lacks or garbles: code, message, line."
    )
    loaded_at = models.DateTimeField(auto_now=True, help_text="When this document was last (re)loaded.")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["session", "kind", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["symbol"], name="document_symbol_unique"),
            models.CheckConstraint(condition=models.Q(kind__in=["resolution", "report"]), name="document_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["session", "kind"], name="document_session_kind_idx"),
            # newest session first, then symbol: the order in which relevance takes its candidates above
            # RANK_ALL matches (archive.search.ranking), walked document by document with no sort of the matches
            models.Index(fields=["-session", "symbol"], name="document_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}"

    @property
    def is_resolution(self) -> bool:
        return self.kind == self.Kind.RESOLUTION

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("archive:document", args=[self.symbol])

    @property
    def official_url(self) -> str:
        return f"https://undocs.org/{self.symbol}"


class ResolutionManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Document.Kind.RESOLUTION)


class ReportManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Document.Kind.REPORT)


class Resolution(Document):
    """A General Assembly resolution (a proxy over ``Document``)."""

    objects = ResolutionManager()

    class Meta:
        proxy = True


class Report(Document):
    """A report of the Secretary-General (a proxy over ``Document``)."""

    objects = ReportManager()

    class Meta:
        proxy = True


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", "Preambular"
        OPERATIVE = "operative", "Operative"
        SUBPARAGRAPH = "subparagraph", "Sub-item"
        REPORT = "report", "Report paragraph"
        HEADING = "heading", "Heading"

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="paragraphs", help_text="Document the paragraph belongs to."
    )
    position = models.PositiveIntegerField(help_text="0-based order of the paragraph in its document.")
    kind = models.CharField(
        max_length=20, choices=Kind.choices, help_text="Preambular, operative, sub-item, report paragraph or heading."
    )
    number = models.CharField(
        max_length=20,
        blank=True,
        help_text="Printed number: '5', '41(a)', a heading label; empty for preambular paragraphs.",
    )
    ordinal = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1-based count within its kind (preambular para. 12)."
    )
    opening = models.CharField(
        max_length=100, blank=True, help_text="Opening phrase, e.g. 'Calls upon', 'Reaffirming also'."
    )
    text = models.TextField(help_text="Clean text: no markers, footnotes or page furniture.")
    section = models.CharField(
        max_length=500, blank=True, help_text="For report paragraphs: the heading they stand under."
    )
    anchor = models.CharField(
        max_length=30, help_text="Fragment identifier on the document page, e.g. 'op5', 'pp12', 'op41a'."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subitems",
        help_text="For a sub-item: the paragraph it belongs to.",
    )
    source_line = models.PositiveIntegerField(
        null=True, blank=True, help_text="Line of the source where the paragraph starts."
    )
    session = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Its document's session, copied by the database (trigger paragraph_session, migration 0030) so "
        "that ranking reads a match's session with the match, not through its document.",
    )
    text_key = models.BigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The text's grouping key: a hash of its normalised form (case, quotes, punctuation and spaces), "
        "equal for identical texts; set on save, by ingest and by the statistics stage.",
    )
    search = models.GeneratedField(
        expression=SearchVector(indexed_field("text"), config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
        help_text="English full-text vector of the text, '/' read as a blank (stored, generated by PostgreSQL).",
    )

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="paragraph_position_unique"),
            models.UniqueConstraint(fields=["document", "anchor"], name="paragraph_anchor_unique"),
        ]
        indexes = [
            GinIndex(fields=["search"], name="paragraph_search_gin"),
            models.Index(fields=["kind", "opening"], name="paragraph_kind_opening_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} {self.anchor}"

    def save(self, *args, **kwargs):
        from archive.search.results import text_key

        self.text_key = text_key(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "text_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("archive:paragraph", args=[self.document.symbol, self.anchor])

    @property
    def display_number(self) -> str:
        """The number as printed before the text: '5.', '(a)', 'II.'."""
        if not self.number:
            return ""
        if self.kind == self.Kind.SUBPARAGRAPH:
            return "(" + self.number.partition("(")[2].rstrip(")") + ")"
        return f"{self.number}."

    @property
    def label(self) -> str:
        """How a delegate cites it: 'para. 38', 'preambular para. 12', 'para. 41 (a)'."""
        if self.kind == self.Kind.PREAMBULAR:
            return f"preambular para. {self.ordinal}"
        if self.kind == self.Kind.SUBPARAGRAPH:
            main, _, letter = self.number.partition("(")
            return f"para. {main} ({letter}"
        if self.kind == self.Kind.HEADING:
            return f"section {self.number}".strip() if self.number else "section"
        return f"para. {self.number}" if self.number else "summary"

    @property
    def citation(self) -> str:
        return f"{self.document.symbol}, {self.label}"


class Footnote(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="footnotes", help_text="Document the footnote belongs to."
    )
    number = models.PositiveSmallIntegerField(help_text="Footnote number as printed (1..n through the document).")
    text = models.TextField(blank=True, help_text="Footnote text as printed; empty when the source lacks it.")
    text_missing = models.BooleanField(
        default=False,
        help_text="True when a marker references this footnote but the source has no text for it.",
    )
    search = models.GeneratedField(
        expression=SearchVector(indexed_field("text"), config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
        help_text="English full-text vector of the footnote text, '/' read as a blank.",
    )

    objects = FootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="footnote_number_unique")]
        indexes = [GinIndex(fields=["search"], name="footnote_search_gin")]

    def __str__(self) -> str:
        return f"{self.document.symbol} fn. {self.number}"


class FootnoteReference(models.Model):
    """A marker in a paragraph: one footnote can be referenced from several places."""

    footnote = models.ForeignKey(
        Footnote, on_delete=models.CASCADE, related_name="references", help_text="The footnote referenced."
    )
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="footnote_refs", help_text="Paragraph holding the marker."
    )
    offset = models.PositiveIntegerField(
        help_text="Character offset in the clean paragraph text where the marker stands."
    )

    class Meta:
        ordering = ["paragraph", "offset"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "offset", "footnote"], name="footnote_reference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} → {self.footnote.number}"
