"""Highlighted fragments (``ts_headline``) for the rows of a page only.

They are computed over the HTML-escaped text with private-use delimiters, then marked:
escaping happens in SQL *before* ts_headline, whose parser would otherwise take markup in a
source text (``<script>``) for tags and silently drop it from the fragment.
"""

from __future__ import annotations

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from archive.search.compiler import CompiledQuery
from archive.search.indexing import indexed_sql, shown

START, STOP = "\ue010", "\ue011"
HEADLINE_OPTIONS = (
    f'StartSel={START}, StopSel={STOP}, MaxFragments=3, MaxWords=40, MinWords=12, FragmentDelimiter=" … "'
)
# a text up to this many characters (a footnote, mostly) is its own headline, every match marked: fragments
# of a short text would cut what completes it ("Recueil des Traités" without its volume and number)
WHOLE_BELOW = 300
WHOLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxFragments=0, HighlightAll=true"


def options_sql(text: str) -> str:
    """The headline options for a row as SQL (two parameters: ``WHOLE_OPTIONS``, ``HEADLINE_OPTIONS``)."""
    return f"CASE WHEN length({text}) <= {WHOLE_BELOW} THEN %s ELSE %s END"


def escaped_sql(column: str) -> str:
    """``column`` HTML-escaped in SQL, as ts_headline must read it (see ``headlines``), its slashes read as the
    index reads them (``archive.search.indexing``; ``mark`` writes them back)."""
    escaped = f"replace(replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;')"
    return indexed_sql(escaped)


# The headline of one row, over its HTML-escaped text (see ``headlines``); two parameters: tsquery, options.
HEADLINE_SQL = "ts_headline('english', " + escaped_sql('"archive_paragraph"."text"') + ", %s::tsquery, %s)"


def headlines(paragraph_ids: list[int], compiled: CompiledQuery) -> dict[int, SafeString]:
    """ts_headline for the rows of the page only, over the HTML-escaped text, then marked.

    Escaping happens in SQL *before* ts_headline: its parser would otherwise take markup
    in a source text (``<script>``) for tags and silently drop it from the fragment.
    """
    if not paragraph_ids or not compiled:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {HEADLINE_SQL} FROM archive_paragraph WHERE id = ANY(%s)",
            [compiled.tsquery, HEADLINE_OPTIONS, paragraph_ids],
        )
        rows = cursor.fetchall()
    return {pid: mark(h) for pid, h in rows}


def mark(headline: str) -> SafeString:
    """``headline`` is already escaped (see ``headlines``); only the delimiters become markup, the marked
    parts of a compound one mark (``health-care``), and the slashes are the text's again."""
    headline = shown(headline)
    return mark_safe(headline.replace(STOP + "-" + START, "-").replace(START, "<mark>").replace(STOP, "</mark>"))
