"""Lineage: how each resolution of a series was negotiated from the previous one.

Pure Python (no database): ``align`` (paragraph alignment of two resolutions), ``text`` and
``openings`` (the comparison of wordings and opening phrases), ``pairs`` (stable paragraph ids
and the rows golden files and the agreement measure use).

On the database: ``store`` (the derive stage that stores alignments and paragraph origins at
ingest) and ``queries`` (what the pages and the API read: a paragraph's versions, a document's
lineage, the comparison of any two resolutions).
"""
