from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Rows only ingest writes (it bumps the data version once at its end), none of them edited in the
# admin: no per-row signal, which also lets Django delete them in one statement (a model with
# delete receivers is deleted row by row). Deleting a document in the admin still bumps the version
# through the document's own signal, whatever it cascades to.
UNVERSIONED = {
    "DataVersion",
    "TermStatistic",
    "TermPosting",
    "VocabularyWord",
    "CorpusStatistic",
    "Alignment",
    "ParagraphLink",
    "SharedLanguage",
    "ParagraphReach",
    "TextSpan",
    "Mention",
    "ParagraphText",
    "FootnoteText",
    "FootnoteReference",
    "DocumentVersion",
    "InstrumentAlias",
    "InstrumentName",
    "InstrumentIdentifier",
    "SeriesMember",
}


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Resolution Archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Any saved or deleted archive record (an admin edit) makes every cached page stale."""
        from archive.page_cache import bump_after_commit

        for model in self.get_models():
            if model.__name__ not in UNVERSIONED:
                uid = f"archive.page_cache.{model.__name__}"
                post_save.connect(bump_after_commit, sender=model, dispatch_uid=uid + ".save")
                post_delete.connect(bump_after_commit, sender=model, dispatch_uid=uid + ".delete")
        m2m_changed.connect(bump_after_commit, dispatch_uid="archive.page_cache.m2m")
        # an admin edit of a citation, footnote, document or instrument: the instruments index's
        # figures are counted again once it is committed (ingest counts them in its own stage)
        from archive.citations.store import refresh_citing_stats_after_commit

        for name in ("Citation", "Footnote", "Document", "Instrument"):
            model = self.get_model(name)
            uid = f"archive.citing_stats.{name}"
            post_save.connect(refresh_citing_stats_after_commit, sender=model, dispatch_uid=uid + ".save")
            post_delete.connect(refresh_citing_stats_after_commit, sender=model, dispatch_uid=uid + ".delete")
        # an admin edit of a paragraph or a document: its postings are dropped (ingest rebuilds them)
        from archive.search.statistics import forget_postings

        for name in ("Paragraph", "Document"):
            uid = f"archive.postings.{name}"
            post_save.connect(forget_postings, sender=self.get_model(name), dispatch_uid=uid + ".save")
