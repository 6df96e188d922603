"""Links that keep the page's language: ``{{ url|in_lang:link_lang }}`` adds ``lang=`` to an internal
address (English, the reference, needs none), before its fragment and after its other parameters.
A document held in English only is linked plain (its page says so)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode

from django import template

register = template.Library()


DOCUMENT_PATH = re.compile(r"^/documents/(.+?)/(?:para/|$)")


def code_of(lang) -> str:
    """A Language's (or a LinkLanguage's) code, or the code itself; "" for none."""
    return getattr(lang, "code", lang) or ""


@register.filter
def in_lang(url, lang) -> str:
    """``lang``: a Language, a code, or an ``archive.documents.languages.LinkLanguage`` (which knows the
    documents held in it: a link to another is left plain)."""
    url, code = str(url or ""), code_of(lang)
    if not url or code in ("", "en"):
        return url
    held = getattr(lang, "held", None)
    document = DOCUMENT_PATH.match(url.partition("?")[0].partition("#")[0])
    if held is not None and document and unquote(document.group(1)) not in held:
        return url
    path, hash_, fragment = url.partition("#")
    if any(part.partition("=")[0] == "lang" for part in path.partition("?")[2].split("&")):
        return url
    joined = f"{path}{'&' if '?' in path else '?'}{urlencode({'lang': code})}"
    return joined + hash_ + fragment
