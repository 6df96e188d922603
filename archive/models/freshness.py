"""What the page cache keys on: a token replaced whenever the archive's data changes."""

from __future__ import annotations

import uuid

from django.db import models


def new_token() -> str:
    return uuid.uuid4().hex


class DataVersionQuerySet(models.QuerySet):
    NAME = "archive"

    def current_token(self) -> str:
        """The token in force (created on first use: a rebuilt schema starts with a new one)."""
        row, _ = self.get_or_create(name=self.NAME, defaults={"token": new_token()})
        return row.token

    def bump(self) -> str:
        """A new token: every page cached under the old one is stale from now on.

        Random rather than a counter, so that a dropped and migrated schema never reuses the
        token of pages cached before it."""
        token = new_token()
        self.update_or_create(name=self.NAME, defaults={"token": token})
        return token


class DataVersion(models.Model):
    """One row: the archive's data version (ingest, an upload or an admin edit replaces it)."""

    name = models.CharField(max_length=50, primary_key=True, help_text="Which data the token versions ('archive').")
    token = models.CharField(max_length=64, help_text="Random token; cached pages are keyed by it.")
    changed_at = models.DateTimeField(auto_now=True, help_text="When the token was last replaced.")

    objects = DataVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
