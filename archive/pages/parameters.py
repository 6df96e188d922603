"""What every HTML page refuses in its query string, as the API does: a 400 page naming the parameter.

PostgreSQL cannot hold a NUL in text, so a parameter holding one would fail deep in a query;
it is refused before the view reads anything, and so is a ``lang`` that names no language, or two
(``archive.documents.languages.read_lang``, the one reading), on a page offered in languages or not.
"""

from __future__ import annotations

from functools import wraps

from archive.documents.languages import LanguageError, read_lang
from archive.views.rendering import render

# read leniently: a page number with a NUL is an unknown one (the first page), and the words of ``q``
# lose their control characters, NUL among them, in the one reader of each page's query
LENIENT = {"page", "q"}


def nul_parameters(request) -> list[str]:
    """The names of the parameters (or the names themselves) that hold a NUL."""
    return sorted(
        {
            k.replace("\x00", "")
            for k, values in request.GET.lists()
            if "\x00" in k or (k not in LENIENT and any("\x00" in v for v in values))
        }
    )


def bad_parameters(request, errors: list[str]):
    return render(request, "archive/bad_parameters.html", {"errors": errors}, status=400)


def checked_parameters(view):
    """A view whose query string holds a NUL, or a ``lang`` ``read_lang`` refuses, answers a 400 page saying
    why, before it reads the database."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        bad = nul_parameters(request)
        if bad:
            return bad_parameters(request, [f"Parameters must not contain NUL characters: {', '.join(bad)}."])
        try:
            read_lang(request.GET)  # read again by the pages in a language; refused on every page alike
        except LanguageError as e:
            return bad_parameters(request, [str(e)])
        return view(request, *args, **kwargs)

    return checked
