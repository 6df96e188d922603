from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Written by ingest's last step, which bumps the data version itself.
UNVERSIONED = {"DataVersion", "TermStatistic", "VocabularyWord", "CorpusStatistic"}


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
