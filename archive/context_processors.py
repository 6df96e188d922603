"""Template context every page needs."""


def canonical(request):
    """The page's address without its query string (but its language, when not English: each
    language version is canonical to itself): <link rel="canonical"> on every page."""
    from archive.documents.languages import requested, with_lang

    lang = requested(request).code
    return {"canonical_url": request.build_absolute_uri(with_lang(request.path, lang))}
