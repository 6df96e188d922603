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


class TermRanking(models.Model):
    """A lexeme in at least ``LISTED_FROM`` paragraphs, ranked over every match at ingest: the match count and
    facets of a search for it alone over the whole archive (``archive.search.word_rankings``).

    Ranking tens or hundreds of thousands of matches at request time reads as many heap pages and vectors; the
    score of a one-word query depends on the corpus alone, so it is computed once, when the corpus changes."""

    lexeme = models.CharField(
        max_length=200, primary_key=True, help_text="Stemmed lexeme as in the search vectors ('traffick')."
    )
    matches = models.PositiveIntegerField(
        help_text="Searchable paragraphs holding the lexeme when it was ranked (its term statistic then)."
    )
    facets = models.JSONField(
        help_text="The facets of every match, as the ranking statement returns them: [facet, value, count] rows."
    )
    floor = models.FloatField(
        null=True,
        help_text="The lowest score of a kept text when some texts were not kept (each of those scores less), "
        "None when every text was: what tells whether the kept texts hold a session range's best.",
    )

    class Meta:
        verbose_name = "term ranking"


class TermRankingEntry(models.Model):
    """One paragraph of one of a ranked lexeme's best texts (``TermRanking``), with its text's place and what the
    page reads of it. An admin edit of the paragraph or its document drops the ranking (``forget_rankings``)."""

    # derived rows, millions of them at a million paragraphs, written in one transaction with their rankings:
    # no database constraint (its deferred checks cost a minute at commit there); Django still cascades
    # deletions, and the statistics stage and ``forget_rankings`` delete them with their ranking
    ranking = models.ForeignKey(
        TermRanking,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="entries",
        help_text="The lexeme's ranking.",
    )
    rank = models.PositiveIntegerField(
        help_text="1 + the texts scoring strictly higher (SQL rank(): tied texts share it), so that rank <= N is "
        "the N best texts with every text tied with the last."
    )
    paragraph = models.ForeignKey(
        "archive.Paragraph",
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
        help_text="Searchable paragraph holding the lexeme (each copy of an identical text has its entry).",
    )
    score = models.FloatField(help_text="Its text's score: the best copy's BM25 plus ln(copies), as ranking computes.")
    bm25 = models.FloatField(help_text="The paragraph's own BM25: its text's score within a range of sessions.")
    # what grouping identical texts and the page read of the paragraph (``ranking.TOP_ROWS_SQL``), copied so that
    # the page reads one index range, not a paragraph and a document per copy (a text may have dozens)
    position = models.PositiveIntegerField(help_text="The paragraph's position in its document.")
    anchor = models.CharField(max_length=30, help_text="The paragraph's anchor ('op5').")
    session = models.PositiveSmallIntegerField(help_text="Session of the paragraph's document (the ties).")
    symbol = models.CharField(max_length=100, help_text="Symbol of the paragraph's document.")
    number = models.CharField(max_length=20, blank=True, help_text="Resolution number of its document, if any.")
    text_key = models.BigIntegerField(help_text="The paragraph's text as ranking groups it (its text_key, or its id).")

    class Meta:
        verbose_name = "term ranking entry"
        verbose_name_plural = "term ranking entries"
        indexes = [
            models.Index(fields=["ranking", "rank"], name="termrankingentry_rank_idx"),
            models.Index(fields=["ranking", "session"], name="termrankingentry_session_idx"),
        ]


class TermRankingCount(models.Model):
    """The matches of a ranked lexeme in one session, of one kind and opening: the facets and count of a search
    for the word within any range of sessions, summed."""

    ranking = models.ForeignKey(
        TermRanking,
        on_delete=models.CASCADE,
        db_constraint=False,  # derived, written with its ranking (as ``TermRankingEntry``)
        related_name="counts",
        help_text="The lexeme's ranking.",
    )
    session = models.PositiveSmallIntegerField(help_text="Session of the matches' documents.")
    kind = models.CharField(max_length=20, help_text="The matches' kind.")
    opening = models.CharField(max_length=100, blank=True, help_text="The matches' opening phrase.")
    matches = models.PositiveIntegerField(
        help_text="Searchable paragraphs of that session, kind and opening holding it."
    )

    class Meta:
        verbose_name = "term ranking count"
        indexes = [models.Index(fields=["ranking", "session"], name="termrankingcount_session_idx")]
