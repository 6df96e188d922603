"""A series and every member the archive knows of, held or not.

A series is more than the documents loaded: the General Assembly adopted resolutions and
received reports that the archive does not hold. ``SeriesMember`` rows are written at
ingest from the series registry (``fixtures/series.json``) and from what the held texts
say of one another ("Takes note of the report of the Secretary-General (A/74/235)",
"submitted pursuant to General Assembly resolution 70/130"), so that every sequence the
site shows can name its gaps instead of presenting the held documents as the whole series.
"""

from __future__ import annotations

from django.db import models

from archive.parsing.ordinals import numeric_ordinal


class SeriesQuerySet(models.QuerySet):
    def filtered(
        self, *, committee: str = "", agenda_item: str = "", session: int | None = None, min_sessions: int | None = None
    ):
        """The series index's filters: committee, agenda item (words in its name), a session in
        which the series has a member (a resolution or a report, held or not), and at least so
        many sessions spanned from its first member to its last."""
        qs = self
        if committee:
            qs = qs.filter(committee=committee)
        if agenda_item:
            qs = qs.filter(agenda_item__icontains=agenda_item)
        if session is not None:
            qs = qs.filter(models.Exists(SeriesMember.objects.filter(series=models.OuterRef("pk"), session=session)))
        if min_sessions:
            qs = qs.filter(last_session__gte=models.F("first_session") + (min_sessions - 1))
        return qs


class Series(models.Model):
    """Resolutions that continue one another (same title and agenda lineage)."""

    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs.")
    title = models.CharField(max_length=500, help_text="The series' resolution title.")
    began = models.CharField(
        max_length=300,
        blank=True,
        help_text="What is known of the series before its first listed member, e.g. 'early 1990s'.",
    )
    began_source = models.CharField(max_length=300, blank=True, help_text="Where that knowledge comes from.")
    detected = models.BooleanField(
        default=False,
        help_text="True when ingest found the series in the texts (shared title, recalling chain); false for registry series.",
    )
    committee = models.CharField(
        max_length=100, blank=True, help_text="Main Committee most of its held resolutions came from."
    )
    agenda_item = models.CharField(
        max_length=500, blank=True, help_text="Name of the agenda item most of its held resolutions stand under."
    )
    first_session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Session of its earliest known member."
    )
    last_session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Session of its latest known member."
    )
    held_count = models.PositiveIntegerField(default=0, help_text="Resolutions of the series the archive holds.")
    member_count = models.PositiveIntegerField(default=0, help_text="Resolutions of the series known, held or not.")
    signals = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a detected series: how many joins each signal made {signal: count}.",
    )

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "series"
        indexes = [models.Index(fields=["last_session", "slug"], name="series_last_session_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("archive:series", args=[self.slug])


class SeriesMemberQuerySet(models.QuerySet):
    def in_order(self):
        """Session order; in a session the report (issued first) before the resolution, and two
        resolutions by number (within a session, a shorter number is a smaller one: 74/25 < 74/249 < 74/249 B)."""
        from django.db.models.functions import Length

        return self.order_by("series", "session", "kind_order", Length("number"), "number", "symbol")

    def resolutions(self):
        return self.filter(kind="resolution")

    def not_held(self):
        return self.filter(document__isnull=True)

    def between(self, series_id: int, after_session: int, before_session: int, kind: str = "resolution"):
        """Members of a kind strictly between two sessions: what a step from one held document
        to the next passes over."""
        return self.filter(
            series_id=series_id, kind=kind, session__gt=after_session, session__lt=before_session
        ).in_order()


class SeriesMember(models.Model):
    """One resolution or report of a series, held or not, with where each fact comes from."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Resolution"
        REPORT = "report", "Report of the Secretary-General"

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="members", help_text="The series.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="Resolution or report.")
    kind_order = models.PositiveSmallIntegerField(
        default=0, help_text="0 for a report, 1 for a resolution: a session's report precedes its resolution."
    )
    session = models.PositiveSmallIntegerField(help_text="General Assembly session of the member.")
    symbol = models.CharField(
        max_length=100, blank=True, help_text="Document symbol; empty when not known to the archive."
    )
    number = models.CharField(max_length=20, blank=True, help_text="Resolution number, e.g. 70/130; empty for reports.")
    adopted = models.DateField(
        null=True, blank=True, help_text="Date of adoption (or of the report), where known to the day."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year, where only the year is known.")
    document = models.ForeignKey(
        "archive.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="The held document; empty when the archive does not hold the member's text.",
    )
    takes_note_of = models.CharField(
        max_length=100, blank=True, help_text="For a resolution: symbol of the report it takes note of."
    )
    requests_session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a resolution: the session it asks the next report for."
    )
    answers = models.CharField(
        max_length=100, blank=True, help_text="For a report: symbol of the resolution that requested it."
    )
    note = models.CharField(max_length=500, blank=True, help_text="What else is known, e.g. 'not yet issued'.")
    sources = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where each fact comes from: {fact: [source, ...]}, e.g. the registry or a held text.",
    )

    objects = SeriesMemberQuerySet.as_manager()

    class Meta:
        ordering = ["series", "session", "kind_order", "number", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["series", "kind", "session", "symbol"], name="seriesmember_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["resolution", "report"]), name="seriesmember_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["symbol"], name="seriesmember_symbol_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def held(self) -> bool:
        return self.document_id is not None

    @property
    def name(self) -> str:
        """How the member is named when its symbol may be unknown."""
        if self.symbol:
            return self.symbol
        what = "resolution" if self.kind == self.Kind.RESOLUTION else "report of the Secretary-General"
        return f"{what} to the {numeric_ordinal(self.session)} session"

    @property
    def short(self) -> str:
        """'70/130' for a resolution, the symbol for a report."""
        return self.number or self.name

    @property
    def date_display(self) -> str:
        if self.adopted:
            return f"{self.adopted.day} {self.adopted:%B %Y}"
        return str(self.year) if self.year else ""

    @property
    def official_url(self) -> str:
        return f"https://undocs.org/{self.symbol}" if self.symbol else ""

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("archive:document", args=[self.symbol]) if self.symbol else ""
