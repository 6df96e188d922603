"""Links that keep the page's language: ``{{ url|in_lang:lang }}`` adds ``lang=`` to an internal
address (English, the reference, needs none), before its fragment and after its other parameters."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

register = template.Library()


def code_of(lang) -> str:
    """A Language's code, or the code itself; "" for none."""
    return getattr(lang, "code", lang) or ""


@register.filter
def in_lang(url, lang) -> str:
    url, code = str(url or ""), code_of(lang)
    if not url or code in ("", "en"):
        return url
    path, hash_, fragment = url.partition("#")
    if any(part.partition("=")[0] == "lang" for part in path.partition("?")[2].split("&")):
        return url
    joined = f"{path}{'&' if '?' in path else '?'}{urlencode({'lang': code})}"
    return joined + hash_ + fragment
