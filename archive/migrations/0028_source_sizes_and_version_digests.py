from django.db import migrations, models

# each language version's source file gets its SHA-256 and size, and the shown source its size, for the
# source page


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0027_termposting"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="source_size",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Size in bytes of the shown source file, as read at ingest; null when loaded before it was kept.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="source_digest",
            field=models.CharField(
                blank=True,
                default="",
                help_text="SHA-256 of that source file's bytes, as read at ingest; empty when loaded before it was kept.",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="source_size",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Size in bytes of that source file, as read at ingest; null when loaded before it was kept.",
                null=True,
            ),
        ),
    ]
