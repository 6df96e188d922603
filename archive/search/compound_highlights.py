"""Highlighting the compounds a query found written otherwise: ``healthcare`` finds ``health-care``.

The compiler adds a text's hyphenated lexeme (``'health-car'``) to a solid word's alternatives; the vectors
hold it, so the paragraph matches, but ``ts_headline`` marks only a compound's parts, never the compound
token itself. The headline's query therefore also seeks each hyphenated lexeme as its parts in a row
(``health <-> car:*``, stemmed by the English configuration; the last a prefix, as the compound's stem
may cut its last part shorter than the part's own stem: ``car`` of ``care``).
"""

from __future__ import annotations

import re

from django.db.models.expressions import RawSQL

from archive.search.compiler import CompiledQuery
from archive.search.highlights import HEADLINE_OPTIONS, HEADLINE_SQL

_HYPHENATED = re.compile(r"'(\w+(?:-\w+)+)'")

# HEADLINE_SQL with the parts of the compounds added to the query (three parameters: tsquery, parts, options)
COMPOUND_HEADLINE_SQL = HEADLINE_SQL.replace("%s::tsquery", "(%s::tsquery || to_tsquery('english', %s))")


def compound_parts(tsquery: str) -> str:
    """The hyphenated lexemes of ``tsquery`` as ``to_tsquery`` text of their parts in a row ('' when none)."""
    alternatives = []
    for lexeme in dict.fromkeys(_HYPHENATED.findall(tsquery)):
        parts = lexeme.split("-")
        alternatives.append("( " + " <-> ".join([*parts[:-1], parts[-1] + ":*"]) + " )")
    return " | ".join(alternatives)


def headline_sql(compiled: CompiledQuery) -> RawSQL:
    """The headline of a paragraph row for ``compiled``, compounds written otherwise marked too."""
    parts = compound_parts(compiled.tsquery)
    if not parts:
        return RawSQL(HEADLINE_SQL, [compiled.tsquery, HEADLINE_OPTIONS])
    return RawSQL(COMPOUND_HEADLINE_SQL, [compiled.tsquery, parts, HEADLINE_OPTIONS])
