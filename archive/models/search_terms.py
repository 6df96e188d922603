"""Statistics for ranking and suggestions, rebuilt from the stored search vectors at the end of ingest.

Relevance (BM25) needs, for each lexeme of a query, how many paragraphs hold it (its inverse
document frequency) and the paragraphs' average length (in distinct lexemes); suggestions ("did you mean") need the
words the archive actually uses. Neither is computed per request: ``archive.search.statistics``
builds these tables with ``ts_stat`` once the documents are written.
"""

from __future__ import annotations

from django.db import models


class TermStatistic(models.Model):
    """One lexeme of the English search vectors of the searchable paragraphs."""

    lexeme = models.CharField(
        max_length=200, primary_key=True, help_text="Stemmed lexeme as in the search vectors ('traffick')."
    )
    paragraphs = models.PositiveIntegerField(help_text="Searchable paragraphs holding the lexeme (document frequency).")
    occurrences = models.PositiveIntegerField(help_text="Occurrences of the lexeme over those paragraphs.")
    joined = models.CharField(
        max_length=200,
        help_text="The lexeme without hyphens ('health-car' → 'healthcar'): "
        "how a compound written solid finds the hyphenated form.",
    )

    class Meta:
        verbose_name = "term statistic"
        indexes = [models.Index(fields=["joined"], name="termstatistic_joined_idx")]


class VocabularyWord(models.Model):
    """One word as the texts of one language spell it (lower case, unstemmed): what "did you mean" offers."""

    language = models.CharField(
        max_length=2, default="en", help_text="Language of the texts holding it: en, or ar, fr, ru, es."
    )
    word = models.CharField(max_length=200, help_text="Word in lower case, as written ('trafficking').")
    paragraphs = models.PositiveIntegerField(help_text="Searchable paragraphs holding the word (in that language).")

    class Meta:
        verbose_name = "vocabulary word"
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="vocabularyword_language_word_uniq")]


class CorpusStatistic(models.Model):
    """One row: the figures BM25 needs besides the per-lexeme counts."""

    name = models.CharField(max_length=50, primary_key=True, help_text="Which corpus ('paragraphs').")
    documents = models.PositiveIntegerField(help_text="Searchable paragraphs (BM25's N).")
    average_length = models.FloatField(
        help_text="Mean size in bytes of a searchable paragraph's text (bytes grow with words)."
    )
    average_lexemes = models.FloatField(
        default=0,
        help_text="Mean number of distinct lexemes in a searchable paragraph's vector (BM25's avgdl).",
    )
    built_at = models.DateTimeField(auto_now=True, help_text="When the statistics were last rebuilt.")

    class Meta:
        verbose_name = "corpus statistic"


class TermPosting(models.Model):
    """One searchable paragraph holding a lexeme that ``POSTED_FROM`` to ``RANK_ALL`` paragraphs hold: what
    ranking such a word over the whole archive reads of each match (``archive.search.ranking.rank_posted``).

    Tens of thousands of matches lie on as many heap pages of ``Paragraph``, and their vectors cost a read
    each; here they lie together, in one index range. Rebuilt with the term statistics."""

    lexeme = models.CharField(max_length=200, help_text="Stemmed lexeme as in the search vectors ('traffick').")
    paragraph = models.ForeignKey(
        "archive.Paragraph",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Searchable paragraph holding the lexeme.",
    )
    kind = models.CharField(max_length=20, help_text="The paragraph's kind (a facet).")
    opening = models.CharField(max_length=100, blank=True, help_text="The paragraph's opening phrase (a facet).")
    session = models.PositiveSmallIntegerField(help_text="Session of the paragraph's document (a facet, the ties).")
    occurrences = models.PositiveIntegerField(
        help_text="Occurrences of the lexeme in the paragraph's vector (the positions it stores): BM25's tf."
    )
    lexemes = models.PositiveIntegerField(help_text="Distinct lexemes of the paragraph's vector: BM25's length.")
    text_key = models.BigIntegerField(
        help_text="The paragraph's text as ranking groups it: its text_key, or its id when it has none."
    )

    class Meta:
        verbose_name = "term posting"
        indexes = [models.Index(fields=["lexeme"], name="termposting_lexeme_idx")]
