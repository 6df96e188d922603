"""A document's versions in the other official languages.

A paragraph, a footnote and a document keep one identity (anchor, permalink, lineage,
citations), and the English text stays in their own columns: it is the reference the
versions are aligned to. These tables hold what another language says for the same
element: aligned by structure at ingest, never by printed number.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from archive.parsing.languages import LANGUAGES

LANGUAGE_CHOICES = [(c, lang.name) for c, lang in LANGUAGES.items()]


class DocumentVersionQuerySet(models.QuerySet):
    def languages(self, document) -> list[str]:
        """The language codes a document is held in, English first, then as the UN orders them."""
        have = set(self.filter(document=document).values_list("language", flat=True)) | {"en"}
        return [c for c in LANGUAGES if c in have]


class DocumentVersion(models.Model):
    """A document held in one more language: its title there and the source it was read from."""

    document = models.ForeignKey(
        "archive.Document",
        on_delete=models.CASCADE,
        related_name="versions",
        help_text="The document (whose own columns hold the English).",
    )
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, help_text="ar, zh, fr, ru or es.")
    title = models.CharField(max_length=500, help_text="The title as this language's text prints it.")
    formula = models.CharField(
        max_length=200,
        blank=True,
        help_text="The enacting formula as this language prints it ('L’Assemblée générale,'); empty when not held.",
    )
    cover_title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The cover page's title line in this language ('Résolution adoptée par …'); empty when not held.",
    )
    printed_lines = models.JSONField(
        default=dict,
        blank=True,
        help_text="The cover page's other lines and the closing lines as this language prints them: date, "
        "session, agenda_item, proponent, meeting, adopted ('Quatre-vingtième session'); a line the source "
        "lacks is absent.",
    )
    source_file = models.CharField(max_length=500, help_text="File name of the source this version was read from.")
    source_digest = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="SHA-256 of that source file's bytes, as read at ingest; empty when loaded before it was kept.",
    )
    source_size = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Size in bytes of that source file, as read at ingest; null when loaded before it was kept.",
    )
    aligned = models.PositiveIntegerField(help_text="How many of the document's paragraphs this version gives.")
    anomalies = models.JSONField(
        default=list,
        blank=True,
        help_text="Where this version's structure disagrees with the English: code, message, line.",
    )

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="document_version_unique"),
            models.CheckConstraint(
                condition=models.Q(language__in=["ar", "zh", "fr", "ru", "es"]), name="document_version_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} [{self.language}] {self.title}"


class ParagraphText(models.Model):
    """One paragraph's text in one more language, with its own marker offsets."""

    paragraph = models.ForeignKey(
        "archive.Paragraph",
        on_delete=models.CASCADE,
        related_name="texts",
        help_text="The paragraph (anchor, lineage and citations are the English one's).",
    )
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, help_text="ar, zh, fr, ru or es.")
    text = models.TextField(help_text="Clean text in this language: no markers or footnotes.")
    number = models.CharField(max_length=20, blank=True, help_text="The number as this language prints it ('1', 'أ').")
    opening = models.CharField(max_length=100, blank=True, help_text="Opening words in this language, where read.")
    refs = models.JSONField(
        default=list, blank=True, help_text="Footnote markers as [English footnote number, offset in this text]."
    )
    search_text = models.TextField(
        blank=True, help_text="What is indexed: the text, or for Chinese its character bigrams."
    )
    search = SearchVectorField(null=True, help_text="Full-text vector in this language's configuration.")

    class Meta:
        ordering = ["paragraph", "language"]
        constraints = [models.UniqueConstraint(fields=["paragraph", "language"], name="paragraph_text_unique")]
        indexes = [
            GinIndex(fields=["search"], name="paragraph_text_search_gin"),
            models.Index(fields=["language", "paragraph"], name="paragraph_text_language_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_id} [{self.language}]"


class FootnoteText(models.Model):
    """One footnote's text in one more language: aligned by marker order, cites what the English cites."""

    footnote = models.ForeignKey(
        "archive.Footnote",
        on_delete=models.CASCADE,
        related_name="texts",
        help_text="The footnote (its number and citations are the English one's).",
    )
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, help_text="ar, zh, fr, ru or es.")
    text = models.TextField(help_text="Footnote text as this language prints it.")
    search_text = models.TextField(
        blank=True, help_text="What is indexed: the text, or for Chinese its character bigrams."
    )
    search = SearchVectorField(null=True, help_text="Full-text vector in this language's configuration.")

    class Meta:
        ordering = ["footnote", "language"]
        constraints = [models.UniqueConstraint(fields=["footnote", "language"], name="footnote_text_unique")]
        indexes = [GinIndex(fields=["search"], name="footnote_text_search_gin")]

    def __str__(self) -> str:
        return f"{self.footnote_id} [{self.language}]"
