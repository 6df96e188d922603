"""The search page's hit list, facet lists and form options, rendered once in Python for the template.

A page holds 20 hits and up to a hundred facet values; rendered by the template engine, tag by
tag, with a URL reversed, a choice displayed and a query string encoded for each, they were
most of a search page's own time. Here each item is one format string with its values escaped
(``archive.escaping``: what ``django.utils.html.escape`` writes, at a fraction of its cost: a page
escapes some 300 values), and the template inserts the finished lists; the markup is the same. So are the
options of the form's selects (language, filters, scope, sort): a loop and a comparison per
option in the template engine cost more than the rest of the form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import quote, quote_plus

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.safestring import SafeString, mark_safe

from archive.documents.languages import title_of
from archive.escaping import escape_text as escape
from archive.models import Paragraph
from archive.search.facets import Facet
from archive.templatetags.archive_lang import in_lang
from archive.templatetags.archive_paragraphs import also_in_marker

# the parameters a facet value sets: a session sets both ends of the session range
FACET_PARAMS = {"session": ("session_from", "session_to"), "kind": ("kind",), "opening": ("opening",)}

HIT = (
    '<li class="hit">\n'
    '  <p class="hit-head"><a class="hit-link" href="{href}">{title}</a>\n'
    '    <span class="hit-meta">{meta}{opening}</span></p>\n'
    '  <p class="headline" lang="{lang}" dir="{dir}">{headline}</p>{same}{also_in}\n'
    "</li>\n"
)
TITLE = '<span class="hit-title" lang="{lang}" dir="{dir}">{title}</span>'
ALSO_IN = '\n  <p class="hit-also-in" lang="en" dir="ltr">{marker}</p>'
SAME_TEXT = '\n  <p class="same-text" data-same-text>Same text in {links}</p>'
FACET = '<li><a href="?{params}">{label}</a> <span class="count">{count}</span></li>'
OPTION = '<option value="{value}"{selected}>{label}</option>'
LANGUAGE_OPTION = '<option value="{code}" lang="{code}"{selected}>{label}</option>'


def hits_html(hits, lang) -> SafeString:
    """The ``<li>`` of each hit (paragraph link, document title in its language, session, kind, opening, headline, same text, and
    sorted by how widely their language is used, the document page's "also in" marker with the count the
    sort read)."""
    kinds = dict(Paragraph.Kind.choices)
    suffix = f"?lang={lang.code}" if lang.code != "en" else ""
    url = document_urls()
    out = []
    for hit in hits:
        p = hit.paragraph
        d = p.document
        t = title_of(d)  # in the language searched where the document has it (the search read it with the row)
        same = ""
        if hit.same_text:
            links = ", ".join(
                f'<a href="{escape(url(o.symbol) + suffix)}#{escape(o.anchor)}">{escape(o.label)}</a>'
                for o in hit.same_text
            )
            same = SAME_TEXT.format(links=links)
        reach = getattr(p, "also_in", None)  # read by the widest sort only
        marker = also_in_marker(reach, escape(in_lang(p.get_absolute_url(), lang))) if reach else ""
        out.append(
            HIT.format(
                href=escape(f"{url(d.symbol)}{suffix}#{p.anchor}"),
                title=escape(f"{d.symbol}, {p.label}"),
                meta=TITLE.format(lang=t.language.code, dir=t.language.direction, title=escape(t.text))
                + escape(f" · session {d.session} · {kinds.get(p.kind, p.kind)}"),
                opening=f" · <em>{escape(p.opening)}</em>" if p.opening else "",
                lang=lang.code,
                dir=lang.direction,
                headline=hit.headline,  # already safe: escaped text with <mark>
                same=same,
                also_in=ALSO_IN.format(marker=marker) if marker else "",
            )
        )
    return mark_safe("".join(out))


# a symbol the document pattern accepts (archive.urls.SYMBOL_RE), where each symbol's address holds its symbol
_PLACEHOLDER = "ZZ"
# what reverse() leaves unquoted in an address (the "pchar" of RFC 3986)
_SAFE = RFC3986_SUBDELIMS + "/~:@"


def document_urls() -> Callable[[str], str]:
    """A document's address by symbol, as ``reverse("archive:document", args=[symbol])`` writes it (the script
    prefix, the symbol quoted as reverse() quotes it), from one reverse() of a placeholder: a page links 20 to 40
    documents, and reverse() matches the pattern against each address it builds (a fifth of the hit list's cost)."""
    before, _, after = reverse("archive:document", args=[_PLACEHOLDER]).rpartition(_PLACEHOLDER)
    return lambda symbol: f"{before}{quote(symbol, safe=_SAFE)}{after}"


def facets_html(kept: dict, facets: dict[str, list[Facet]]) -> dict[str, SafeString]:
    """Each facet's ``<li>`` list: every value a link that adds (or replaces) that filter, the other
    parameters kept (encoded and escaped once a list, into the list's own format string: a page lists a
    hundred values, each then one ``format`` call)."""
    lists = {}
    for name, values in facets.items():
        names = FACET_PARAMS[name]
        rest = urlencode({k: v for k, v in kept.items() if k not in names})
        rest = escape(rest + "&") if rest else ""
        # '{{' and '}}' of the kept parameters would be read as fields: escaped for format()
        item = FACET.replace("{params}", rest.replace("{", "{{").replace("}", "}}") + _set_html(names, "{value}"))
        lists[name] = mark_safe(
            "".join(item.format(value=_quoted(f.value), label=escape(f.label), count=f.count) for f in values)
        )
    return lists


def _quoted(value) -> str:
    """A facet's value in a URL: a value quoted for a URL holds nothing to escape for an attribute (letters,
    digits, ``-._~``, ``%`` and ``+``; a session's number is its digits)."""
    return str(value) if type(value) is int else quote_plus(str(value))


def _set_html(names: tuple[str, ...], quoted: str) -> str:
    """``name=value`` for each of ``names`` (``quoted``: the value as ``_quoted`` writes it), escaped for an
    attribute: the ``&`` between them is written ``&amp;``."""
    return "&amp;".join(f"{p}={quoted}" for p in names)


# a form's selects are the same few lists on every search page, each with one of its options chosen: each list
# written once per choice (the chosen value is the request's, hence a bounded cache); the choices a tuple
FORM_LISTS_KEPT = 256


@functools.lru_cache(maxsize=FORM_LISTS_KEPT)
def options_html(choices: tuple, selected: str | None) -> SafeString:
    """A select's ``<option>`` list, the option whose value is ``selected`` (None: none) marked selected."""
    return mark_safe(
        "".join(
            OPTION.format(value=escape(value), selected=" selected" if value == selected else "", label=escape(label))
            for value, label in choices
        )
    )


@functools.lru_cache(maxsize=FORM_LISTS_KEPT)
def language_options_html(languages: tuple, code: str) -> SafeString:
    """The search languages' ``<option>`` list, each in its own language (and named in English but English)."""
    return mark_safe(
        "".join(
            LANGUAGE_OPTION.format(
                code=escape(lang.code),
                selected=" selected" if lang.code == code else "",
                label=escape(lang.native if lang.code == "en" else f"{lang.native} ({lang.name})"),
            )
            for lang in languages
        )
    )
