"""How paragraphs carry over from one resolution of a series to the next."""

from __future__ import annotations

from django.db import models

from .documents import Document, Paragraph


class Alignment(models.Model):
    """The alignment of a resolution with the previous one of its series, computed at ingest."""

    old = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="alignments_from", help_text="The earlier resolution."
    )
    new = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="alignments_to", help_text="The later resolution."
    )
    fingerprint = models.CharField(
        max_length=200, help_text="Source fingerprints of both documents; recomputed when either changes."
    )
    counts = models.JSONField(
        default=dict, help_text="Paragraphs per status: unchanged, amended, moved, new, dropped, split, merged."
    )
    changes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Links per kind of change: unchanged, editorial, opening, amended, split, merged.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="alignment_pair_unique")]

    def __str__(self) -> str:
        return f"{self.old.symbol} → {self.new.symbol}"


class ParagraphLink(models.Model):
    """One (old, new) pair of an alignment; a split or a merge gives several rows sharing ``group``."""

    class Status(models.TextChoices):
        UNCHANGED = "unchanged", "Unchanged"
        AMENDED = "amended", "Amended"
        MOVED = "moved", "Moved"
        NEW = "new", "New"
        DROPPED = "dropped", "Dropped"
        SPLIT = "split", "Split"
        MERGED = "merged", "Merged"

    alignment = models.ForeignKey(
        Alignment, on_delete=models.CASCADE, related_name="links", help_text="The alignment this link belongs to."
    )
    position = models.PositiveIntegerField(help_text="Order of the link in the later resolution's reading order.")
    group = models.PositiveIntegerField(help_text="Links of one split or merge share a group.")
    # indexed by ``paragraphlink_old_idx`` and ``paragraphlink_new_idx`` (Meta), not twice
    old_paragraph = models.ForeignKey(
        Paragraph,
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.CASCADE,
        related_name="links_onward",
        help_text="The paragraph in the earlier resolution; empty for a new paragraph.",
    )
    new_paragraph = models.ForeignKey(
        Paragraph,
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.CASCADE,
        related_name="links_back",
        help_text="The paragraph in the later resolution; empty for a dropped paragraph.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, help_text="What happened to the paragraph.")
    moved = models.BooleanField(default=False, help_text="It changed place or part (preambular <-> operative).")
    score = models.FloatField(
        default=0, help_text="Word-sequence similarity of the two texts (0-1): how much of the wording stands in order."
    )
    similarity = models.FloatField(
        default=0,
        help_text="The evidence the link rests on (0-1, idf-weighted word overlap); never below the aligner's threshold.",
    )
    change = models.CharField(
        max_length=20,
        blank=True,
        help_text="unchanged, editorial (case, hyphens, punctuation, quotes, spacing), opening, amended, split or merged; empty for new/dropped.",
    )
    opening_changed = models.BooleanField(default=False, help_text="The opening phrase changed (Encourages -> Urges).")
    opening_shift = models.CharField(
        max_length=20,
        blank=True,
        help_text="strengthened, weakened, same strength, sequence (only a sequence word) or changed.",
    )
    diff = models.JSONField(
        default=list, blank=True, help_text="Word-level diff: [[op, text], ...], op in equal/insert/delete."
    )

    class Meta:
        ordering = ["alignment", "position"]
        indexes = [
            models.Index(fields=["new_paragraph"], name="paragraphlink_new_idx"),
            models.Index(fields=["old_paragraph"], name="paragraphlink_old_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.old_paragraph_id} → {self.new_paragraph_id} ({self.status})"


class ParagraphOrigin(models.Model):
    """A body paragraph's earliest version in its series, set by lineage at ingest.

    A table of its own, not a column of the paragraph: setting the origins of a whole corpus then
    writes two ids a paragraph, instead of a new version of every paragraph row (its text, search
    vector and eight index entries: 6.5 s of the GA corpus's first load). No row: lineage has not
    traced the paragraph (not a resolution of a series, or its origin was deleted with its document).
    """

    paragraph = models.OneToOneField(
        Paragraph,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="lineage_origin",
        help_text="The paragraph.",
    )
    origin = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        related_name="descendants",
        help_text="The earliest version of the paragraph in its series (itself when it is new there).",
    )

    def __str__(self) -> str:
        return f"{self.paragraph_id} -> {self.origin_id}"
