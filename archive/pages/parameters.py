"""What every HTML page refuses in its query string before it reads it, as the API does.

PostgreSQL cannot hold a NUL in text, so a parameter holding one would fail deep in a query;
refused here, it is a 400 that names the parameter, on every page alike.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render

# read leniently: a language or a page number with a NUL is an unknown one (English, the first page), and
# the words of ``q`` lose their control characters, NUL among them, in the one reader of each page's query
LENIENT = {"lang", "page", "q"}


def nul_parameters(request) -> list[str]:
    """The names of the parameters (or the names themselves) that hold a NUL."""
    return sorted(
        {
            k.replace("\x00", "")
            for k, values in request.GET.lists()
            if "\x00" in k or (k not in LENIENT and any("\x00" in v for v in values))
        }
    )


def refuses_nul(view):
    """A view whose query string holds a NUL answers a 400 page naming the parameters."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        bad = nul_parameters(request)
        if bad:
            return render(
                request,
                "archive/bad_parameters.html",
                {"errors": [f"Parameters must not contain NUL characters: {', '.join(bad)}."]},
                status=400,
            )
        return view(request, *args, **kwargs)

    return checked
