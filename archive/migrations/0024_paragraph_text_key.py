from django.db import migrations, models


def fill(apps, schema_editor):
    """An archive already loaded gets its keys now (ingest and Paragraph.save set them from then on)."""
    from archive.search.statistics import fill_text_keys

    with schema_editor.connection.cursor() as cursor:
        fill_text_keys(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0023_mention_reading_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraph",
            name="text_key",
            field=models.BigIntegerField(
                blank=True,
                editable=False,
                help_text="The text's grouping key: a hash of its normalised form (case, quotes, punctuation and "
                "spaces), equal for identical texts; set on save, by ingest and by the statistics stage.",
                null=True,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
