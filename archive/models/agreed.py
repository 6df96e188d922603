"""Agreed language shared across documents: pairs of paragraphs ("also in") and each
paragraph's reach (in how many other documents its language stands).

Written at ingest by ``archive.agreed.store`` (pairs found by ``archive.agreed.pairs``), never at
request time. Each pair is stored both ways, so that a paragraph's list is one index scan.
"""

from __future__ import annotations

from django.db import models


class SharedLanguageQuerySet(models.QuerySet):
    def of(self, paragraph_id: int):
        """A paragraph's pairs, most similar first, with the other paragraph and its document."""
        return (
            self.filter(paragraph_id=paragraph_id)
            .select_related("other__document", "other_document")
            .order_by("-similarity", "other_document__session", "other_document__symbol", "other__position")
        )


class SharedLanguage(models.Model):
    """``paragraph`` and ``other`` (of another document) share agreed language."""

    class Match(models.TextChoices):
        PARAGRAPH = "paragraph", "the paragraph"
        CLAUSE = "clause", "a clause"

    # the pair's unique constraint (paragraph first) and ``sharedlanguage_other_idx`` index the two paragraphs
    paragraph = models.ForeignKey(
        "archive.Paragraph",
        on_delete=models.CASCADE,
        db_index=False,
        related_name="shared_language",
        help_text="The paragraph whose language is found elsewhere.",
    )
    other = models.ForeignKey(
        "archive.Paragraph",
        on_delete=models.CASCADE,
        db_index=False,
        related_name="+",
        help_text="A paragraph of another document with the same or nearly the same language.",
    )
    other_document = models.ForeignKey(
        "archive.Document",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The other paragraph's document (kept here to count documents cheaply).",
    )
    similarity = models.FloatField(help_text="Exact Jaccard similarity of the two word-shingle sets (0-1).")
    match = models.CharField(
        max_length=20,
        choices=Match.choices,
        help_text="Whole paragraph against whole paragraph, or a clause of at least 20 words.",
    )

    objects = SharedLanguageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "other"], name="sharedlanguage_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(similarity__gte=0) & models.Q(similarity__lte=1),
                name="sharedlanguage_similarity_range",
            ),
        ]
        indexes = [models.Index(fields=["other"], name="sharedlanguage_other_idx")]


class ParagraphReach(models.Model):
    """How widely a paragraph's language is used; a row means the paragraph has been compared."""

    paragraph = models.OneToOneField(
        "archive.Paragraph",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reach",
        help_text="The paragraph.",
    )
    documents = models.PositiveIntegerField(default=0, help_text="Other documents that share its agreed language.")
    boilerplate = models.BooleanField(
        default=False,
        help_text="Its language stands in more documents than agreed language does (a formula): not paired.",
    )

    class Meta:
        indexes = [models.Index(fields=["-documents"], name="paragraphreach_documents_idx")]
