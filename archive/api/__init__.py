"""Open data: the read-only JSON API under /api/ (django-ninja), CSV downloads and the AKN4UN XML export.

``api`` holds the ninja API object, ``params`` the query parameters, ``schemas`` the answers'
shapes (the OpenAPI schema is generated from both), ``serializers`` the rows as dicts,
``errors`` the JSON errors of every status. ``archive.api.urls`` is included at the site root
before ``archive.urls`` (whose document pattern would otherwise take ``documents/<symbol>/akn.xml``).
"""
