"""Template context every page needs."""


def canonical(request):
    """The page's address without its query string (but its language, when not English: each
    language version is canonical to itself): <link rel="canonical"> on every page. Read leniently (an
    unknown ``lang`` is English): it also renders the 400 page that refuses one."""
    from archive.documents.languages import with_lang
    from archive.parsing.languages import language

    lang = language(request.GET.get("lang")).code
    return {"canonical_url": request.build_absolute_uri(with_lang(request.path, lang))}
