from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

# Rows only ingest writes (it bumps the data version once at its end), none of them edited in the
# admin: no per-row signal, which also lets Django delete them in one statement (a model with
# delete receivers is deleted row by row). Deleting a document in the admin still bumps the version
# through the document's own signal, whatever it cascades to.
UNVERSIONED = {
    "DataVersion",
    "TermStatistic",
    "TermRanking",
    "TermRankingCount",
    "TermRankingEntry",
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
        # an admin edit of a paragraph or a document, or a document's deletion: the rankings of the words it
        # held before and holds after are dropped (ingest ranks them again). A paragraph deleted alone takes
        # its entries with it (Django cascades): a receiver per paragraph would cost a statement per row
        # when a document's paragraphs go with it
        from archive.search.word_rankings import forget_rankings

        for name in ("Paragraph", "Document"):
            uid, model = f"archive.word_rankings.{name}", self.get_model(name)
            pre_save.connect(forget_rankings, sender=model, dispatch_uid=uid + ".pre_save")
            post_save.connect(forget_rankings, sender=model, dispatch_uid=uid + ".save")
        pre_delete.connect(
            forget_rankings, sender=self.get_model("Document"), dispatch_uid="archive.word_rankings.delete"
        )
