"""Search: one query parser, BM25 in PostgreSQL, per-language indexes, suggestions.

- ``query``: the one parser of what a user types (words, "phrases", OR, -exclusions).
- ``parameters``: every parameter of a search request, read and checked once.
- ``compiler``: a parsed query as one tsquery, with its weights; ``names``: instrument names in it.
- ``ranking``: BM25 over every match; ``facets``: counts and facets; ``results``: hits and
  grouping of identical texts; ``word_highlights``: a page's hits marked in Python from the texts the
  ranking read; ``highlights``: ``ts_headline`` for footnotes; ``suggestions``: "did you mean".
- ``paging``: pages of a grouped ranking.
- ``paragraphs`` and ``footnotes``: the two searches in English; ``languages``: in the others, with
  ``language_names`` (instrument names through citations) and ``language_suggestions``.
- ``statistics``: the term statistics and vocabulary rebuilt after ingest.
"""
