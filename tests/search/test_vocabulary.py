"""The English vocabulary "did you mean" offers: each written word with the searchable paragraphs
holding it, as ``ts_stat`` counts them (read by a grouping the server can run in parallel)."""

import pytest
from django.db import connection

from archive.models import Paragraph, VocabularyWord
from archive.search.statistics import SUGGESTIBLE, refresh_statistics, written

from .made_documents import make_document

# the written words as the index reads them ("/" a blank: archive.search.indexing), as ts_stat counts them
TS_STAT = (
    f"SELECT word, ndoc FROM ts_stat('SELECT {written('text')} FROM archive_paragraph "
    "WHERE kind <> ''heading''') WHERE length(word) BETWEEN 3 AND 200 AND word ~ %s"
)


@pytest.mark.django_db
def test_the_vocabulary_holds_each_word_with_the_paragraphs_ts_stat_counts(collection):
    doc = make_document(79, ["Zorblax zorblax ZORBLAX, said the zorblax-free delegation twice", "Once zorblax/quibbet"])
    Paragraph.objects.create(document=doc, position=2, kind="heading", text="Zorblax quuxify", anchor="h1")
    refresh_statistics()
    stored = dict(VocabularyWord.objects.filter(language="en").values_list("word", "paragraphs"))
    # a word repeated in a paragraph counts it once; a heading is not searchable
    assert stored["zorblax"] == 2 and stored["zorblax-free"] == 1 and "quuxify" not in stored
    assert stored["quibbet"] == 1 and "zorblax/quibbet" not in stored  # the parts of words joined by "/"
    with connection.cursor() as cursor:
        cursor.execute(TS_STAT, [SUGGESTIBLE])
        expected = dict(cursor.fetchall())
    assert len(stored) > 1000 and stored == expected
