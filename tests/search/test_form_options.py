"""The search form's option lists: written once per chosen value, the chosen one marked, the cache bounded."""

from __future__ import annotations

from archive.parsing.languages import LANGUAGES
from archive.views.search_rows import FORM_LISTS_KEPT, language_options_html, options_html

CHOICES = (("relevance", "Relevance"), ("oldest", "Oldest first"), ("a&b", "<b>"))


def test_the_chosen_option_is_marked_and_the_labels_escaped():
    html = options_html(CHOICES, "oldest")
    assert '<option value="oldest" selected>Oldest first</option>' in html
    assert '<option value="relevance">Relevance</option>' in html
    assert '<option value="a&amp;b">&lt;b&gt;</option>' in html
    assert "selected" not in options_html(CHOICES, "not-a-choice")


def test_each_list_is_written_once_per_choice_and_the_cache_is_bounded():
    options_html.cache_clear()
    first = options_html(CHOICES, "oldest")
    assert options_html(CHOICES, "oldest") is first
    for i in range(FORM_LISTS_KEPT * 2):  # values a request may send: never more lists kept than the bound
        options_html(CHOICES, f"value {i}")
    assert options_html.cache_info().currsize == FORM_LISTS_KEPT


def test_the_language_list_marks_the_language_searched():
    html = language_options_html(tuple(LANGUAGES.values()), "fr")
    assert '<option value="fr" lang="fr" selected>' in html
    assert html.count(" selected") == 1
