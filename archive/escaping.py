"""HTML escaping for markup assembled in Python (search hits, headlines, facet lists).

The same output as ``django.utils.html.escape`` (``html.escape``: ``& < > " '``), without its lazy-string
wrapper and without five replacements on text that holds none of those characters, which is most of it:
a search page escapes some 300 pieces of text.
"""

from __future__ import annotations

import html
import re

SPECIAL = re.compile("[&<>\"']")  # what html.escape replaces


def escape_text(value) -> str:
    """``value`` as text, escaped for HTML (a plain ``str``: the caller marks the markup it builds safe)."""
    text = str(value)
    return html.escape(text) if SPECIAL.search(text) else text
