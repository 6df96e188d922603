from django.db import migrations, models

from archive.search.statistics import SUGGESTIBLE, SUGGESTIBLE_ANY, VOCABULARY_SQL

# the vocabulary is derived (rebuilt after every ingest that writes): the table is made anew and filled from
# the stored texts, so that "did you mean" keeps working until the next ingest
FILL_SQL = (
    "INSERT INTO archive_vocabularyword (language, word, paragraphs) SELECT 'en', word, ndoc FROM "
    "ts_stat('SELECT to_tsvector(''simple'', text) FROM archive_paragraph WHERE kind <> ''heading''') "
    "WHERE length(word) BETWEEN 3 AND 200 AND word ~ %s"
)


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL_SQL, [SUGGESTIBLE])
        cursor.execute(VOCABULARY_SQL, [["ar", "fr", "ru", "es"], SUGGESTIBLE_ANY])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0019_document_version_formula_and_cover_title"),
    ]

    operations = [
        migrations.DeleteModel(name="VocabularyWord"),
        migrations.CreateModel(
            name="VocabularyWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "language",
                    models.CharField(
                        default="en",
                        help_text="Language of the texts holding it: en, or ar, fr, ru, es.",
                        max_length=2,
                    ),
                ),
                ("word", models.CharField(help_text="Word in lower case, as written ('trafficking').", max_length=200)),
                (
                    "paragraphs",
                    models.PositiveIntegerField(help_text="Searchable paragraphs holding the word (in that language)."),
                ),
            ],
            options={
                "verbose_name": "vocabulary word",
                "constraints": [
                    models.UniqueConstraint(fields=("language", "word"), name="vocabularyword_language_word_uniq")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
