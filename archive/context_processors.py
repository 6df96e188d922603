"""Template context every page needs."""


def canonical(request):
    """The page's address without its query string: <link rel="canonical"> on every page."""
    return {"canonical_url": request.build_absolute_uri(request.path)}
