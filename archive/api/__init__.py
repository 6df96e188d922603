"""Open data: the read-only JSON API under /api/, CSV downloads and the AKN4UN XML export.

``archive.api.urls`` is included at the site root before ``archive.urls`` (whose document
pattern would otherwise take ``documents/<symbol>/akn.xml``).
"""
