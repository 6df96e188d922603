"""``{% paragraph_block view %}``: one paragraph of a document or paragraph page, rendered in Python.

A document page holds up to hundreds of paragraphs, each with its number, text, permalink, lineage
line, history and "also in" links and citation box; included as a template, each paragraph cost some
thirty variable lookups, filters and tags (A/RES/74/262, 150 paragraphs: most of the page's own time).
Here each part is a format string with its values escaped, as ``archive.views.search_rows`` does for
the search hits; the markup is what the template wrote.
"""

from __future__ import annotations

import html

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from archive.templatetags.archive_lang import in_lang

register = template.Library()


def escape(value) -> str:
    """As ``django.utils.html.escape`` escapes (``html.escape``), without its lazy-string wrapper: a page
    escapes thousands of values."""
    return html.escape(str(value))


# the lineage line's opening words, by the paragraph's change since the previous held resolution
LINEAGE_OPENINGS = {
    "new": "New since",
    "unchanged": "Unchanged since",
    "editorial": "Editorial changes since",
    "opening": "Opening changed since",
    "split": "Split from",
    "merged": "Merged from",
}


@register.simple_tag(takes_context=True)
def paragraph_block(context, view) -> SafeString:
    """The paragraph's ``<div class="para">``: ``view`` a ``ParagraphView``; the page's ``link_lang``,
    ``lang``, ``cite_prefix`` (HTML: ``archive.citations.formal.citation_prefix``) and ``request`` from the context."""
    p = view.paragraph
    link_lang = context.get("link_lang")
    rtl = ' dir="rtl"' if view.dir == "rtl" else ""
    kind = escape(p.kind)
    anchor = escape(p.anchor)
    sub = " subitem" if p.kind == "subparagraph" else ""
    lang, direction = escape(view.lang), escape(view.dir)
    number = escape(view.number or p.display_number)
    head = f'\n<div class="para para-{kind}{sub}" id="{anchor}" data-anchor="{anchor}"{rtl}>\n  '
    if p.kind == "heading":
        num = f'<span class="num">{number}</span> ' if p.number else ""
        body = f'\n    <h2 class="report-heading" lang="{lang}" dir="{direction}">{num}{view.html}</h2>\n  '
        return mark_safe(head + body + "\n</div>\n\n")
    num = f'<span class="num" aria-hidden="true" lang="{lang}" dir="{direction}">{number}</span>' if p.number else ""
    fallback = ""
    if view.fallback:
        page_lang = context.get("lang")
        fallback = (
            '<p class="fallback-note">Shown in English: the '
            f"{escape(getattr(page_lang, 'name', ''))} text has no version of this paragraph.</p>"
        )
    label = escape(p.label)
    permalink = escape(in_lang(view.permalink, link_lang))
    request = context.get("request")
    host = f"{escape(request.scheme)}://{escape(request.get_host())}" if request is not None else "://"
    history = (
        f'<a class="history-link" href="{escape(in_lang(view.history_url, link_lang))}">History</a>'
        if view.history_url
        else ""
    )
    also_in = also_in_marker(view.also_in, permalink)
    return mark_safe(
        head
        + f'\n    {num}\n    <p class="text" lang="{lang}" dir="{direction}">{view.html}</p>{fallback}\n'
        + '    <div class="para-tools" lang="en" dir="ltr">'
        + f'<a class="permalink" href="{permalink}" title="Permalink to {label}">¶ {label}</a>\n      '
        + _lineage(view, link_lang)
        + f"\n      {history}\n      {also_in}\n"
        + '      <details class="cite"><summary>Cite</summary>\n'
        + f'        <p class="cite-text"><span class="cite-formal">{context.get("cite_prefix", "")}, {label}</span>. '
        + f'<a class="cite-link" href="{permalink}">{host}{permalink}</a></p>\n'
        + f'        <button type="button" class="copy-cite" data-target="{anchor}" hidden>Copy citation with text</button>\n'
        + "      </details></div>\n  \n</div>\n\n"
    )


def also_in_marker(documents: int | None, permalink: str) -> str:
    """How widely a paragraph's agreed language is used, linked to its list on the paragraph page ("" for none);
    ``permalink`` escaped. The document page's marker, and the search's on each hit sorted by it."""
    if not documents:
        return ""
    plural = "" if documents == 1 else "s"
    return (
        f'<a class="also-in-marker" href="{permalink}#also-in">Also in {escape(documents)} other document{plural}</a>'
    )


def _lineage(view, link_lang) -> str:
    """Where the paragraph stands in its series: its change since the previous held resolution (with the
    members between them the archive lacks), and the earliest version the archive holds."""
    line = view.lineage
    out = ""
    if line and line.previous_document:
        opening = LINEAGE_OPENINGS.get(line.status, "Amended since")
        previous = view.previous_url or reverse("archive:document", args=[line.previous_document])
        gap = ""
        if line.missing_before:
            n = len(line.missing_before)
            gap = (
                f' <span class="gap-inline">({n} resolution{"" if n == 1 else "s"} between '
                f"{'is' if n == 1 else 'are'} not in the archive)</span>"
            )
        out = (
            f'<span class="lineage lineage-{escape(line.status)}" data-change="{escape(line.status)}">{opening} '
            f'<a href="{escape(in_lang(previous, link_lang))}">{escape(line.previous_document)}</a>{gap}</span>'
        )
    out += "\n      "
    if view.origin_url:
        earlier = (
            ' <span class="gap-inline">(earlier members of the series are not in the archive)</span>'
            if line.earlier_not_held
            else ""
        )
        out += (
            f'<span class="first-seen">Earliest version in the archive: '
            f'<a href="{escape(in_lang(view.origin_url, link_lang))}">{escape(line.origin[0])}</a>{earlier}</span>'
        )
    elif line and line.previous_document and line.status == "new" and line.missing_before:
        out += '<span class="first-seen">Earliest version in the archive: this one</span>'
    return out
