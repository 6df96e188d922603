"""Series membership, pure Python: the registry file, what held texts say of one another,
and the merge of both into one list of members with the source of every fact.

Nothing here touches the database: ``archive.ingest.series`` persists the members.
"""
