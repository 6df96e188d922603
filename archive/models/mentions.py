"""Instruments and documents named in a paragraph's text without a footnote (found at ingest)."""

from __future__ import annotations

from django.db import models

from .documents import Document, Paragraph


class MentionQuerySet(models.QuerySet):
    def of_keys(self, keys):
        return self.filter(key__in=list(keys))

    def of_symbol(self, symbol: str):
        """Text mentions of a document symbol ("A/RES/70/130", "A/74/235"), held by the archive or not."""
        return self.filter(key=symbol)

    def of_instrument(self, instrument):
        """Text mentions of an instrument under its key or any alias (its title, or the resolution that adopted it)."""
        keys = [instrument.key, *(a.key for a in instrument.aliases.all())]  # prefetched aliases: no query
        return self.of_keys(keys)

    def in_reading_order(self):
        """Oldest session first, then document and place in it; ties by id: a total order, which pages rely on
        (sorted on the mention's own copy of its paragraph's document and position: no paragraph read)."""
        return self.select_related("paragraph__document").order_by(
            "document__session", "document__symbol", "position", "start", "id"
        )


class Mention(models.Model):
    class Kind(models.TextChoices):
        NAME = "name", "Named"
        SYMBOL = "symbol", "Symbol"

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="mentions", help_text="The paragraph whose text names it."
    )
    # the paragraph's document and position, copied at ingest (a paragraph never moves: a replaced document's
    # rows are written again): counting and sorting the 2,541 mentions of the 2030 Agenda read no paragraph
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="mentions",
        help_text="The paragraph's document (a copy, for counting and sorting without the paragraph).",
    )
    position = models.PositiveIntegerField(help_text="The paragraph's position in its document (a copy, for sorting).")
    key = models.CharField(
        max_length=300,
        help_text="Instrument key from the authority file (UNTS:2220:39481) or the document symbol named (A/RES/70/130).",
    )
    kind = models.CharField(
        max_length=10, choices=Kind.choices, help_text="Found by the instrument's name or by a document symbol."
    )
    start = models.PositiveIntegerField(help_text="Offset of the first character in the paragraph's clean text.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    text = models.CharField(max_length=1000, help_text="The words as the paragraph prints them.")

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph", "start"]
        constraints = [models.UniqueConstraint(fields=["paragraph", "start", "key"], name="mention_position_unique")]
        indexes = [models.Index(fields=["key"], name="mention_key_idx")]

    def __str__(self) -> str:
        return f"{self.paragraph} names {self.key}"


class TextSpan(models.Model):
    """A stretch of a paragraph's text its page links, found at ingest: a document symbol the text
    names ("resolution 62/132", "A/HRC/11/7"), or the session it asks a report for ("at its
    sixty-fourth session"). Whether a symbol is held is decided when the page is assembled, so a
    document loaded later turns its citers' links into links to the archive without a re-parse."""

    class Kind(models.TextChoices):
        SYMBOL = "symbol", "Document symbol"
        SESSION = "session", "Requested session"

    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        related_name="text_spans",
        help_text="The paragraph whose English text holds the span.",
    )
    kind = models.CharField(
        max_length=10, choices=Kind.choices, help_text="A document symbol named, or the session a report is asked for."
    )
    start = models.PositiveIntegerField(help_text="Offset of the first character in the paragraph's clean text.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    symbol = models.CharField(
        max_length=300,
        blank=True,
        help_text="The symbol named (A/RES/62/132), resolution numbers completed; empty for a session.",
    )
    session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The session a report is asked for (64); empty for a symbol."
    )

    class Meta:
        ordering = ["paragraph", "start"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "kind", "start"], name="text_span_position_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="symbol", session__isnull=True) & ~models.Q(symbol="")
                | models.Q(kind="session", session__isnull=False, symbol=""),
                name="text_span_kind_fields",
            ),
        ]
        indexes = [models.Index(fields=["symbol"], name="text_span_symbol_idx")]

    def __str__(self) -> str:
        return f"{self.paragraph} {self.kind} {self.symbol or self.session} [{self.start}:{self.end}]"
