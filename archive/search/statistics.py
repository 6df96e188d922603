"""The statistics search ranks and suggests with, rebuilt from the stored vectors after ingest.

``ts_stat`` reads the search vectors PostgreSQL already stores: no text is parsed again for
the lexeme counts; the vocabulary of written words is the one pass over the text (the
``simple`` configuration: lower case, no stemming), read in parallel where the server can. Rows are replaced with DELETE and
INSERT in one transaction, so a search running meanwhile sees the old figures or the new,
never none. The rankings of the lexemes in at least ``LISTED_FROM`` paragraphs (``TermRanking``,
``archive.search.word_rankings``) are rebuilt with them, from the same vectors and figures, so that they
count what the statistics count.
"""

from __future__ import annotations

import json

from django.db import connections, transaction

from archive.search.indexing import indexed_sql

SEARCHABLE = "kind <> 'heading'"


def written(column: str) -> str:
    """The vector of a text's written words as the index reads them (HIV/AIDS: two words), quoted for the
    string ``ts_stat`` reads."""
    return "to_tsvector(''simple'', " + indexed_sql(column).replace("'", "''") + ")"


# a word worth suggesting: letters (a hyphen inside allowed), at least three of them
SUGGESTIBLE = r"^[a-z][a-z-]*[a-z]$"


def fill_text_keys(cursor, batch: int = 20_000) -> int:
    """Set the grouping key of the paragraphs that lack one (written by another path than ingest and
    ``Paragraph.save``: a bulk insert, a migration); the count set. Ingest sets it as it writes."""
    from archive.search.results import text_key

    done = 0
    while True:
        cursor.execute("SELECT id, text FROM archive_paragraph WHERE text_key IS NULL ORDER BY id LIMIT %s", [batch])
        rows = cursor.fetchall()
        if not rows:
            return done
        cursor.execute(
            "UPDATE archive_paragraph p SET text_key = k.key FROM unnest(%s::bigint[], %s::bigint[]) k (id, key) "
            "WHERE p.id = k.id",
            [[r[0] for r in rows], [text_key(r[1]) for r in rows]],
        )
        done += len(rows)


# the English vocabulary: each word with the paragraphs that hold it (what ts_stat's ndoc counts: a
# vector holds a word once), as a grouping PostgreSQL can spread over its parallel workers, where
# ts_stat reads every text in one process (8.3 s for the GA corpus's 97,000 paragraphs, 4.0 s so);
# the words are checked once grouped (OFFSET 0 keeps the check out of the grouping: 5.3 s inside it)
ENGLISH_VOCABULARY_SQL = (
    "SELECT w, n FROM (SELECT w, count(*) AS n FROM archive_paragraph p, "
    f"unnest(tsvector_to_array(to_tsvector('simple', {indexed_sql('p.text')}))) w WHERE p.{SEARCHABLE} "
    "GROUP BY w OFFSET 0) v "
    "WHERE length(w) BETWEEN 3 AND 200 AND w ~ %s"
)


def refresh_statistics(using: str = "default") -> dict:
    """Rebuild the term statistics, the vocabulary, the corpus figures and the frequent words' rankings;
    return the counts."""
    from archive.search.word_rankings import refresh_rankings

    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        keyed = fill_text_keys(cursor)
        cursor.execute("DELETE FROM archive_termstatistic")
        cursor.execute(
            "INSERT INTO archive_termstatistic (lexeme, paragraphs, occurrences, joined) "
            f"SELECT word, ndoc, nentry, replace(word, '-', '') FROM ts_stat('SELECT search FROM archive_paragraph WHERE {SEARCHABLE.replace(chr(39), chr(39) * 2)}') "
            "WHERE length(word) <= 200"
        )
        lexemes = cursor.rowcount
        cursor.execute("DELETE FROM archive_vocabularyword")
        # read apart from the write: PostgreSQL reads for a statement that writes in one process only
        cursor.execute(ENGLISH_VOCABULARY_SQL, [SUGGESTIBLE])
        vocabulary = cursor.fetchall()
        cursor.execute(
            "INSERT INTO archive_vocabularyword (language, word, paragraphs) "
            "SELECT 'en', v.word, v.n FROM unnest(%s::text[], %s::int[]) v (word, n)",
            [[w for w, _ in vocabulary], [n for _, n in vocabulary]],
        )
        words = cursor.rowcount + refresh_language_vocabularies(cursor)
        # length(search): the distinct lexemes, read from the vector's header (what ranking divides by)
        cursor.execute(
            "SELECT count(*), COALESCE(avg(octet_length(text)), 0), COALESCE(avg(length(search)), 0) "
            f"FROM archive_paragraph WHERE {SEARCHABLE}"
        )
        n, avg, avg_lexemes = cursor.fetchone()
        cursor.execute(
            "INSERT INTO archive_corpusstatistic (name, documents, average_length, average_lexemes, built_at) "
            "VALUES ('paragraphs', %s, %s, %s, now()) "
            "ON CONFLICT (name) DO UPDATE SET documents = EXCLUDED.documents, average_length = EXCLUDED.average_length, "
            "average_lexemes = EXCLUDED.average_lexemes, built_at = EXCLUDED.built_at",
            [n, float(avg), float(avg_lexemes)],
        )
        ranked, entries = refresh_rankings(cursor)
    names = sync_instrument_names(using)
    return {
        "lexemes": lexemes,
        "words": words,
        "paragraphs": n,
        "average_length": float(avg),
        "average_lexemes": float(avg_lexemes),
        "names": names,
        "keyed": keyed,
        "ranked": ranked,
        "ranking_entries": entries,
    }


# a word of another language worth suggesting: letters of any script, a hyphen inside allowed
SUGGESTIBLE_ANY = r"^[^0-9_[:punct:][:space:]]+(-[^0-9_[:punct:][:space:]]+)*$"
VOCABULARY_SQL = (
    "INSERT INTO archive_vocabularyword (language, word, paragraphs) "
    "SELECT l.code, s.word, s.ndoc FROM unnest(%s::text[]) l (code), LATERAL ts_stat(format("
    f"'SELECT {written('t.text')} FROM archive_paragraphtext t "
    "JOIN archive_paragraph p ON p.id = t.paragraph_id "
    "WHERE t.language = %%L AND p.kind <> ''heading''', l.code)) s "
    "WHERE length(s.word) BETWEEN 3 AND 200 AND s.word ~ %s"
)


def refresh_language_vocabularies(cursor) -> int:
    """The vocabulary of each other language whose words a space separates (not Chinese), from its texts."""
    from archive.parsing.languages import LANGUAGES, REFERENCE

    codes = [c for c, lang in LANGUAGES.items() if c != REFERENCE and not lang.segmented]
    cursor.execute(VOCABULARY_SQL, [codes, SUGGESTIBLE_ANY])
    return cursor.rowcount


def sync_instrument_names(using: str = "default") -> int:
    """The short and common names of the authority file, for the instruments the archive holds.

    A name of an instrument no loaded footnote cites has no record to point to and is skipped."""
    from archive.citations.resolve import AUTHORITY
    from archive.models import Instrument, InstrumentName
    from archive.parsing.text import normalized_name

    entries = json.loads(AUTHORITY.read_text(encoding="utf-8"))["instruments"]
    named = {e["key"]: e for e in entries if e.get("names")}
    keys = {k: e["key"] for e in named.values() for k in [e["key"], *e.get("aliases", [])]}
    ids = dict(Instrument.objects.using(using).filter(key__in=list(keys)).values_list("key", "id"))
    ids.update(Instrument.objects.using(using).filter(aliases__key__in=list(keys)).values_list("aliases__key", "id"))
    rows, seen = [], set()
    for key, main in keys.items():
        if key not in ids:
            continue
        for item in named[main]["names"]:
            norm = normalized_name(item["name"])
            if norm and (ids[key], norm) not in seen:
                seen.add((ids[key], norm))
                rows.append(
                    InstrumentName(instrument_id=ids[key], name=item["name"], normalized=norm, source=item["source"])
                )
    with transaction.atomic(using=using):
        InstrumentName.objects.using(using).all().delete()
        InstrumentName.objects.using(using).bulk_create(rows)
    return len(rows)
