import django.db.models.deletion
from django.db import migrations, models

# the origins lineage set, moved to their own table (and back, undone)
MOVE = (
    "INSERT INTO archive_paragraphorigin (paragraph_id, origin_id) "
    "SELECT id, origin_id FROM archive_paragraph WHERE origin_id IS NOT NULL"
)
MOVE_BACK = (
    "UPDATE archive_paragraph p SET origin_id = o.origin_id FROM archive_paragraphorigin o WHERE o.paragraph_id = p.id"
)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0025_search_vectors_read_slash_as_blank"),
    ]

    operations = [
        migrations.CreateModel(
            name="ParagraphOrigin",
            fields=[
                (
                    "paragraph",
                    models.OneToOneField(
                        help_text="The paragraph.",
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="lineage_origin",
                        serialize=False,
                        to="archive.paragraph",
                    ),
                ),
                (
                    "origin",
                    models.ForeignKey(
                        help_text="The earliest version of the paragraph in its series (itself when it is new there).",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="descendants",
                        to="archive.paragraph",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(MOVE, MOVE_BACK),
        migrations.RemoveField(
            model_name="paragraph",
            name="origin",
        ),
    ]
