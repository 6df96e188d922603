"""Footnote texts in the other languages get a search vector (searched like the paragraph texts), and the
Chinese texts are indexed again with their single characters after the bigrams."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

CONFIGS = {"ar": "arabic", "zh": "simple", "fr": "french", "ru": "russian", "es": "spanish"}


def index_texts(apps, schema_editor):
    from archive.parsing.cjk import bigram_text

    for name in ("ParagraphText", "FootnoteText"):
        model = apps.get_model("archive", name)
        rows = list(model.objects.filter(language="zh").only("id", "text"))
        for row in rows:
            row.search_text = bigram_text(row.text)
        model.objects.bulk_update(rows, ["search_text"], batch_size=1000)
    fn = apps.get_model("archive", "FootnoteText")
    fn.objects.exclude(language="zh").update(search_text=models.F("text"))
    cases = " ".join(f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in CONFIGS.items())
    with schema_editor.connection.cursor() as cursor:
        for table in ("archive_paragraphtext", "archive_footnotetext"):
            cursor.execute(
                f"UPDATE {table} SET search = to_tsvector(CASE language {cases} END, search_text)"
                + (" WHERE language = 'zh'" if table == "archive_paragraphtext" else "")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0013_text_spans_for_symbols_and_requested_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="footnotetext",
            name="search_text",
            field=models.TextField(
                blank=True, help_text="What is indexed: the text, or for Chinese its character bigrams."
            ),
        ),
        migrations.AddField(
            model_name="footnotetext",
            name="search",
            field=django.contrib.postgres.search.SearchVectorField(
                null=True, help_text="Full-text vector in this language's configuration."
            ),
        ),
        migrations.AddIndex(
            model_name="footnotetext",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="footnote_text_search_gin"),
        ),
        migrations.RunPython(index_texts, migrations.RunPython.noop),
    ]
