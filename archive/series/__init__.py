"""Series: the resolutions and reports of one agenda item, session after session, held or not.

Pure Python (no database): ``registry`` (the registry file), ``discover`` (what held texts say
of one another), ``detect`` (series found in the held resolutions' recalling chains) and
``members`` (the merge of all that into one list of members, with the source of every fact).

On the database: ``store`` (the derive stage that writes series and members at ingest),
``timeline`` (a series as the pages show it: members, steps, gaps), ``index`` (the series index
and its filters) and ``documents_not_held`` (what the archive knows of a document it does not hold).
"""
