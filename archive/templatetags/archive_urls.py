"""``{% site_url "archive:home" %}``: an address without arguments, reversed once per URL configuration and
script prefix.

Every page links the same few addresses (the header's, the search form's, a search's downloads): ``{% url %}``
reverses each on every render, and reverse() matches its pattern against the address it builds, a third of
the search page's template time for its nine links on a loaded machine. An address without arguments is the
same for every request that shares the URL resolver and the script prefix, which the cache is keyed by: a
changed ``ROOT_URLCONF`` (or ``clear_url_caches``) is a new resolver.
"""

from __future__ import annotations

import functools

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    """``reverse(name)``, from the cache."""
    return _reversed(name, get_resolver(get_urlconf()), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(name: str, resolver, prefix: str) -> str:
    return reverse(name, urlconf=resolver.urlconf_name)
