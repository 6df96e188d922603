"""What the full-text index reads of a text, and of a query: the text with each "/" read as a blank.

PostgreSQL's parser reads words joined by "/" as one file-path token: ``HIV/AIDS``, ``XIII/1``,
``14/5`` and ``A/RES/80/185`` are each a single lexeme, so that ``aids`` or ``xiii`` never finds
them. Every vector (paragraphs, footnotes, their texts in each language, the vocabulary) is
built, and every query and ``ts_headline`` read, with "/" replaced by DIVISION SLASH (U+2215),
which the parser takes for a blank in every configuration: the parts are lexemes at consecutive
positions, so ``aids`` finds ``HIV/AIDS``, ``HIV/AIDS`` is the phrase ``'hiv' <-> 'aid'`` and
``A/HRC/29/36`` the phrase of its parts. One character for one: offsets hold, and a headline
maps back (``shown``). The symbol redirect reads the query as typed, before any of this.
"""

from __future__ import annotations

from django.db.models import F, Func, TextField, Value

SLASH = "/"
BLANK_SLASH = "\u2215"  # no source text writes it (tests/search/test_search_slashes checks the collection)
# a closing tag keeps its slash: the parser skips all that follows a <script> or <style> it never sees closed
CLOSING, CLOSING_BLANK = "</", "<" + BLANK_SLASH


def indexed(text: str) -> str:
    """``text`` (a query, a name) as the index reads it."""
    return text.replace(SLASH, BLANK_SLASH).replace(CLOSING_BLANK, CLOSING)


def indexed_sql(expression: str) -> str:
    """The SQL of ``expression`` (a column, a parameter) as the index reads it (``replace``, not ``translate``:
    a tenth of its cost on multibyte text, a few per cent of ``to_tsvector``'s)."""
    return f"replace(replace({expression}, '{SLASH}', '{BLANK_SLASH}'), '{CLOSING_BLANK}', '{CLOSING}')"


def indexed_field(name: str) -> Func:
    """A model field as the index reads it: the expression of a generated vector column."""
    blank = Func(F(name), Value(SLASH), Value(BLANK_SLASH), function="replace", output_field=TextField())
    return Func(blank, Value(CLOSING_BLANK), Value(CLOSING), function="replace", output_field=TextField())


def language_vector_sql(text: str = "search_text", language: str = "language") -> str:
    """The vector of a text of another language (a ``ParagraphText`` or ``FootnoteText`` row) in its language's
    configuration, as SQL over its ``text`` and ``language`` columns (the configurations are constants)."""
    from archive.parsing.languages import LANGUAGES

    configs = " ".join(f"WHEN '{c}' THEN '{lang.search_config}'::regconfig" for c, lang in LANGUAGES.items())
    return f"to_tsvector(CASE {language} {configs} END, {indexed_sql(text)})"


def shown(headline: str) -> str:
    """A headline ``ts_headline`` made of an indexed text, with its slashes as the text writes them."""
    return headline.replace(BLANK_SLASH, SLASH)
