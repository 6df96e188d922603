"""Citations: what footnotes cite, and the instruments they cite.

Pure Python, no Django: ``forms`` (how each citation form is written), ``parse`` (a document's
footnotes into ``ParsedCitation``s, "Ibid." followed), ``authority`` (the authority file: aliases
joined, titles, addresses and the written forms of keys), ``resolve`` (a parsed document's
citations joined to instruments, before any write). Django: ``store`` (one instrument record per
instrument, and the written forms of its keys, saved at ingest), ``querysets`` and ``queries``
(what the pages ask), ``formal`` (how the archive's own paragraphs are cited), ``stats`` (how well
footnotes resolve: ``manage.py citation_stats``).
"""
