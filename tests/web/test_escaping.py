"""The fast escape of markup built in Python writes what Django's escape writes."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from archive.escaping import escape_text


@given(st.text(alphabet=st.sampled_from(list("ab &<>\"'’é؟中\n")), max_size=40))
def test_escape_text_writes_what_django_writes(text):
    assert escape_text(text) == str(escape(text))


def test_escape_text_takes_numbers_and_lazy_strings():
    assert escape_text(74) == "74"
    assert escape_text(lazy(lambda: "<b>A & B</b>", str)()) == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    assert escape_text("l'État") == "l&#x27;État" and escape_text('"q"') == "&quot;q&quot;"
