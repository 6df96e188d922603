"""The statistics search ranks and suggests with, rebuilt from the stored vectors after ingest.

``ts_stat`` reads the search vectors PostgreSQL already stores: no text is parsed again for
the lexeme counts; the vocabulary of written words is the one pass over the text (the
``simple`` configuration: lower case, no stemming). Rows are replaced with DELETE and
INSERT in one transaction, so a search running meanwhile sees the old figures or the new,
never none.
"""

from __future__ import annotations

from django.db import connection, transaction

SEARCHABLE = "kind <> 'heading'"
# a word worth suggesting: letters (a hyphen inside allowed), at least three of them
SUGGESTIBLE = r"^[a-z][a-z-]*[a-z]$"


def refresh_statistics() -> dict:
    """Rebuild the term statistics, the vocabulary and the corpus figures; return the counts."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_termstatistic")
        cursor.execute(
            "INSERT INTO archive_termstatistic (lexeme, paragraphs, occurrences) "
            f"SELECT word, ndoc, nentry FROM ts_stat('SELECT search FROM archive_paragraph WHERE {SEARCHABLE.replace(chr(39), chr(39) * 2)}') "
            "WHERE length(word) <= 200"
        )
        lexemes = cursor.rowcount
        cursor.execute("DELETE FROM archive_vocabularyword")
        cursor.execute(
            "INSERT INTO archive_vocabularyword (word, paragraphs) "
            "SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', text) FROM archive_paragraph "
            f"WHERE {SEARCHABLE.replace(chr(39), chr(39) * 2)}') "
            "WHERE length(word) BETWEEN 3 AND 200 AND word ~ %s",
            [SUGGESTIBLE],
        )
        words = cursor.rowcount
        cursor.execute(f"SELECT count(*), COALESCE(avg(length(search)), 0) FROM archive_paragraph WHERE {SEARCHABLE}")
        n, avg = cursor.fetchone()
        cursor.execute(
            "INSERT INTO archive_corpusstatistic (name, documents, average_length, built_at) VALUES ('paragraphs', %s, %s, now()) "
            "ON CONFLICT (name) DO UPDATE SET documents = EXCLUDED.documents, average_length = EXCLUDED.average_length, "
            "built_at = EXCLUDED.built_at",
            [n, float(avg)],
        )
    return {"lexemes": lexemes, "words": words, "paragraphs": n, "average_length": float(avg)}
