from django.db import migrations, models


class Migration(migrations.Migration):
    """The field held a fingerprint of everything a document was built from, not a checksum of its source."""

    dependencies = [
        ("archive", "0010_shared_language"),
    ]

    operations = [
        migrations.RenameField(model_name="document", old_name="source_sha256", new_name="source_fingerprint"),
        migrations.AlterField(
            model_name="document",
            name="source_fingerprint",
            field=models.CharField(
                help_text="SHA-256 of what the document was built from (parser version, source files, manifest "
                "entry, authority file, name table); a source whose fingerprint is unchanged is not reloaded.",
                max_length=64,
            ),
        ),
    ]
