"""Reading one parameter of a query string: its distinct values, and how a refusal quotes them.

The same value given twice is one value; two different ones are the client's to resolve (taking
the last, as a QueryDict does, would pick one silently). Shared by the search's parameters and
``lang``, which every page reads.
"""

from __future__ import annotations

from django.http import QueryDict


def distinct_values(params, name: str) -> list[str]:
    """The values of ``name`` in ``params``, in order, each once. A QueryDict may hold several; a plain
    mapping (parameters given in code) holds one a name."""
    if isinstance(params, QueryDict):
        return list(dict.fromkeys(params.getlist(name)))
    return [params[name]] if name in params else []


def quoted_values(values: list[str]) -> str:
    """Values as a refusal quotes them: the first five, each cut at 40 characters."""
    return ", ".join(repr(v[:40]) for v in values[:5])
