"""What readers look instruments up by: short and common names ("CEDAW", "the Palermo Protocol"), from
the authority file, and the ways citations write their keys ("Treaty Series, vol. 2237, No. 39574")."""

from __future__ import annotations

from django.db import models

from .instruments import Instrument


class InstrumentName(models.Model):
    """A name a reader may search an instrument by, other than its title, with the source that attests it."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="names", help_text="The instrument the name stands for."
    )
    name = models.CharField(max_length=300, help_text="The name as written: 'CEDAW', 'Palermo Protocol'.")
    normalized = models.CharField(
        max_length=300, help_text="Lower case, letters and digits only: what a query is compared with."
    )
    source = models.CharField(max_length=500, help_text="Where the name is attested (from the authority file).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "normalized"], name="instrumentname_unique")]
        indexes = [models.Index(fields=["normalized"], name="instrumentname_normalized_idx")]

    def __str__(self) -> str:
        return self.name


class InstrumentIdentifier(models.Model):
    """One way a footnote or a reader writes a key of the instrument (its own or an alias), stored
    at ingest so that a typed identifier is looked up, not parsed, at request time."""

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="identifiers",
        help_text="The instrument whose key (or alias) is written so.",
    )
    written = models.CharField(
        max_length=1000, help_text="As written: 'A/RES/55/25, annex II', 'vol. 2237, No. 39574'."
    )
    normalized = models.CharField(
        max_length=1000, help_text="Lower case, letters and digits only: what a query is compared with."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "normalized"], name="instrumentidentifier_unique")]
        indexes = [models.Index(fields=["normalized"], name="instrumentidentifier_norm_idx")]

    def __str__(self) -> str:
        return self.written
