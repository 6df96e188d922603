from django.db import migrations, models

# the figure for statistics built before the field existed: the next ingest rebuilds it the same way
FILL = (
    "UPDATE archive_corpusstatistic SET average_lexemes = "
    "(SELECT COALESCE(avg(length(search)), 0) FROM archive_paragraph WHERE kind <> 'heading') WHERE name = 'paragraphs'"
)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0016_document_recent_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="corpusstatistic",
            name="average_length",
            field=models.FloatField(
                help_text="Mean size in bytes of a searchable paragraph's text (bytes grow with words)."
            ),
        ),
        migrations.AddField(
            model_name="corpusstatistic",
            name="average_lexemes",
            field=models.FloatField(
                default=0,
                help_text="Mean number of distinct lexemes in a searchable paragraph's vector (BM25's avgdl).",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
