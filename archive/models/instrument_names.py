"""Short and common names of instruments ("CEDAW", "the Palermo Protocol"), from the authority file."""

from __future__ import annotations

import re

from django.db import models

from .instruments import Instrument


def normalized_name(text: str) -> str:
    """A name as compared: lower case, letters and digits, single spaces ("ILO Convention No. 189" → "ilo convention no 189")."""
    return re.sub(r"[^0-9a-z]+", " ", (text or "").casefold()).strip()


class InstrumentName(models.Model):
    """A name a reader may search an instrument by, other than its title, with the source that attests it."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="names",
                                   help_text="The instrument the name stands for.")
    name = models.CharField(max_length=300, help_text="The name as written: 'CEDAW', 'Palermo Protocol'.")
    normalized = models.CharField(max_length=300, help_text="Lower case, letters and digits only: what a query is compared with.")
    source = models.CharField(max_length=500, help_text="Where the name is attested (from the authority file).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "normalized"], name="instrumentname_unique")]
        indexes = [models.Index(fields=["normalized"], name="instrumentname_normalized_idx")]

    def __str__(self) -> str:
        return self.name
