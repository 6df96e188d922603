"""Pages in the other official languages: which language a request asks for, which ones a
document is held in, a paragraph in every language, and histories, comparisons and citing
lists in a language (a document's own page lays its texts over the English in its assembly).

A page is always built on the English (the reference: anchors, lineage, citations); the
texts of the language asked for replace the English where the document has them, and an
element a version lacks stays in English, labelled. Every block of document text carries
its ``lang`` and ``dir``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from archive.documents.markup import Marker, paragraph_html
from archive.models import Document, DocumentVersion, FootnoteText, ParagraphText
from archive.parsing.languages import LANGUAGES, REFERENCE, Language
from archive.parsing.text import normalize
from archive.query_string import distinct_values, quoted_values

CODES = ", ".join(LANGUAGES)


class LanguageError(ValueError):
    """``lang`` names no official language, or is given twice with different values: the client's fault
    (a 400 naming ``lang``), never a silent English or a silent choice of one of the two."""

    name = "lang"


def read_lang(params) -> Language:
    """The language ``lang`` asks for, read one way by every page, download and API endpoint; English when absent.

    A code is written as URLs write it, in lower case: ``FR`` is refused as ``xx`` is (one spelling, so
    one address and one cached copy a page), and so is an empty ``lang=``. The same value twice is one
    value; two different ones are refused (taking the last, as a QueryDict does, picks one silently).
    ``params``: a QueryDict (a plain mapping holds one value a name)."""
    values = distinct_values(params, "lang")
    if len(values) > 1:
        raise LanguageError(
            f"lang is given more than once, with different values ({quoted_values(values)}): give one of {CODES}, once."
        )
    if values and values[0] not in LANGUAGES:
        raise LanguageError(f"lang must be one of {CODES} (lower case); {values[0][:40]!r} is not.")
    return LANGUAGES[values[0]] if values else LANGUAGES[REFERENCE]


def requested(request) -> Language:
    """The language of a page's ``?lang=`` (``read_lang``; ``archive.pages.parameters.checked_parameters`` has
    answered a refused one with a 400 page before the view runs)."""
    return read_lang(request.GET)


def with_lang(path: str, code: str, params: dict | None = None) -> str:
    """``path`` in language ``code`` (English needs no parameter), keeping other parameters."""
    query = {k: v for k, v in (params or {}).items() if k != "lang"}
    if code != REFERENCE:
        query["lang"] = code
    return f"{path}?{urlencode(query)}" if query else path


@dataclass(frozen=True)
class ShownTitle:
    """A document's title as a page or answer in a language shows it, and the language it is in."""

    text: str
    language: Language


def show_title(document: Document, title: str | None, lang: Language) -> None:
    """Give ``document`` the title shown in ``lang``: ``title`` (its version's, read with the document's row)
    where it has one, else the English one, which says so (``title_of``)."""
    document.shown_title = ShownTitle(title, lang) if title else ShownTitle(document.title, LANGUAGES[REFERENCE])


def version_title_sql(table: str) -> str:
    """The title of a ``table`` row's document in the language given as ``%s`` (NULL where the document is not
    held in it): a subquery read with the rows a page shows, for ``show_title``."""
    return (
        f'SELECT v.title FROM archive_documentversion v WHERE v.document_id = "{table}"."document_id" '
        "AND v.language = %s"
    )


def localize_titles(documents, lang: Language) -> None:
    """``show_title`` for documents read without their versions' titles (one query; none in English)."""
    titles = {}
    if lang.code != REFERENCE:
        titles = dict(
            DocumentVersion.objects.filter(document__in={d.id for d in documents}, language=lang.code).values_list(
                "document_id", "title"
            )
        )
    for d in documents:
        show_title(d, titles.get(d.id), lang)


def title_of(document: Document) -> ShownTitle:
    """The title ``show_title`` gave ``document``; the English one where nothing did (an English page)."""
    return getattr(document, "shown_title", None) or ShownTitle(document.title, LANGUAGES[REFERENCE])


@dataclass(frozen=True)
class LinkLanguage:
    """The language a page's links keep, and the documents held in it (a link to one held in English
    only stays plain: ``archive.templatetags.archive_lang.in_lang``)."""

    code: str
    held: frozenset[str]

    @classmethod
    def of(cls, lang: Language) -> LinkLanguage:
        if lang.code == REFERENCE:
            return cls(REFERENCE, frozenset())
        symbols = DocumentVersion.objects.filter(language=lang.code).values_list("document__symbol", flat=True)
        return cls(lang.code, frozenset(symbols))


@dataclass
class LanguageChoice:
    language: Language
    url: str
    current: bool


def language_links(request, lang: Language, codes, params: dict | None = None) -> dict:
    """The switcher, hreflang alternates and canonical of a page offered in ``codes``; ``params``: the
    parameters that say which page it is (compare's ``from`` and ``to``), kept in each of them."""
    params = params or {}
    shown = lang.code if lang.code in codes else REFERENCE
    choices = [LanguageChoice(LANGUAGES[c], with_lang(request.path, c, params), c == shown) for c in codes]
    return {
        "languages": choices,
        "alternates": [(c.language.code, request.build_absolute_uri(c.url)) for c in choices]
        if len(choices) > 1
        else [],
        "canonical_url": request.build_absolute_uri(with_lang(request.path, shown, params)),
        "link_lang": LinkLanguage.of(LANGUAGES[shown]),
    }


def language_context(request, document: Document, lang: Language, languages: list[str] | None = None) -> dict:
    """The switcher, the hreflang alternates and the title in ``lang``, for a page of ``document``."""
    held = languages if languages is not None else DocumentVersion.objects.languages(document)
    params = request.GET.dict()
    shown = lang if lang.code in held else LANGUAGES[REFERENCE]
    # the one shown is current: English, where the document is not held in the language asked for
    choices = [LanguageChoice(LANGUAGES[c], with_lang(request.path, c, params), c == shown.code) for c in held]
    title, formula = document.title, ""
    if shown.code != REFERENCE:
        version = (
            DocumentVersion.objects.filter(document=document, language=shown.code)
            .values_list("title", "formula")
            .first()
        )
        if version:
            title, formula = version[0] or document.title, version[1]
    return {
        "lang": shown,
        "asked_lang": lang,
        "lang_missing": lang.code not in held,  # asked for a language this document is not held in
        "languages": choices,
        "english_only": held == [REFERENCE],
        "alternates": [(c.language.code, request.build_absolute_uri(c.url)) for c in choices]
        if len(choices) > 1
        else [],
        # each language version is canonical to itself; one not held is the English page
        "canonical_url": request.build_absolute_uri(with_lang(request.path, shown.code)),
        "doc_title": title,
        "link_lang": LinkLanguage.of(shown),
        "formula": formula_parts(formula) if formula else None,  # None: the English formula, labelled
    }


FORMULA_END = re.compile(r"\s*[,،，:]\s*$")


def formula_parts(formula: str) -> tuple[str, str]:
    """The enacting formula's words (printed in italics) and the punctuation after them: ("L’Assemblée générale", ",")."""
    m = FORMULA_END.search(formula)
    return (formula[: m.start()], m.group(0).strip()) if m else (formula, "")


def sub_item_label(english: str, number: str) -> str:
    """A sub-item's label as its language prints it ("a)", "(a)", "(أ)"): ``number`` without the number
    of the paragraph it belongs to (the English number's part before its first "(")."""
    parent = english.partition("(")[0]
    own = number[len(parent) :] if parent and number.startswith(parent) else number.lstrip("0123456789")
    own = own.strip()
    return own if ")" in own else f"({own})"


def printed_number(paragraph, number: str, lang: Language) -> str:
    """The number as the language prints it: '5.', Arabic '5 -', sub-items '(a)', '(أ)'."""
    if not number:
        return paragraph.display_number
    if paragraph.kind == "subparagraph":
        return sub_item_label(paragraph.number or "", number)
    if paragraph.kind == "heading":
        return f"{number}."
    return f"{number} -" if lang.code == "ar" else f"{number}."


def parallel(paragraph, english_html, document: Document) -> list[dict]:
    """The paragraph in every language it has, English first (``english_html``: its text as the page
    shows it): text html, number, footnotes."""
    from archive.models import Footnote

    out = [
        {
            "language": LANGUAGES[REFERENCE],
            "html": english_html,
            "number": paragraph.display_number,
            "footnotes": [
                (f.number, f.text)
                for f in Footnote.objects.filter(document=document, references__paragraph=paragraph)
                .distinct()
                .order_by("number")
            ],
        }
    ]
    by_number = {}
    texts = list(ParagraphText.objects.filter(paragraph=paragraph))
    wanted = {number for t in texts for number, _ in t.refs}
    for number, code, text in FootnoteText.objects.filter(
        footnote__document=document, footnote__number__in=wanted
    ).values_list("footnote__number", "language", "text"):
        by_number[(code, number)] = text
    for code in LANGUAGES:
        t = next((t for t in texts if t.language == code), None)
        if t is None:
            continue
        lang = LANGUAGES[code]
        markers = [Marker(offset, number, f"{code}-fnref{number}-{i}") for i, (number, offset) in enumerate(t.refs)]
        numbers = sorted({n for n, _ in t.refs})
        out.append(
            {
                "language": lang,
                "html": paragraph_html(t.text, t.opening, markers, f"{document.get_absolute_url()}?lang={code}"),
                "number": printed_number(paragraph, t.number, lang),
                "footnotes": [(n, by_number.get((code, n), "")) for n in numbers],
            }
        )
    return out


def localize(paragraphs, lang: Language) -> None:
    """Give each paragraph ``shown_text``, ``shown_lang``, ``shown_dir`` and ``in_english`` (True
    where ``lang`` was asked for and the paragraph's document has no text of it in that language)."""
    texts = {}
    if lang.code != REFERENCE:
        texts = dict(
            ParagraphText.objects.filter(paragraph__in=[p.id for p in paragraphs], language=lang.code).values_list(
                "paragraph_id", "text"
            )
        )
    for p in paragraphs:
        if p.id in texts:
            p.shown_text, p.shown_lang, p.shown_dir, p.in_english = texts[p.id], lang.code, lang.direction, False
        else:
            p.shown_text, p.shown_lang, p.shown_dir = p.text, REFERENCE, "ltr"
            p.in_english = lang.code != REFERENCE


def text_diff(old: str, new: str, lang: Language):
    """The redline of two texts in ``lang``: by words, or by characters for Chinese (no spaces)."""
    return text_diff_ratio(old, new, lang)[0]


def text_diff_ratio(old: str, new: str, lang: Language):
    """``text_diff`` and the similarity of the two texts in ``lang`` (1.0 = identical once normalised):
    compared normalised, printed with the texts' own characters (curly quotes stay curly)."""
    from archive.lineage.queries import diff_html
    from archive.lineage.text import word_diff_ratio

    if not lang.segmented:
        ops, ratio = word_diff_ratio(old, new)
        return diff_html(ops), ratio
    import difflib

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    def keys(text: str) -> list[str]:
        return [normalize(c) or c for c in text]

    matcher = difflib.SequenceMatcher(None, keys(old), keys(new), autojunk=False)
    out = []  # joined without spaces: Chinese writes none between words
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(str(escape(new[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(old[i1:i2])}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(new[j1:j2])}</ins>")
    return mark_safe("".join(out)), matcher.ratio()


def localize_versions(versions, lang: Language) -> None:
    """A paragraph's history in ``lang``: each version's text, and the diff from the one before in
    that language where both have it (a version held only in English stays English, labelled)."""
    localize([v.paragraph for v in versions], lang)
    if lang.code == REFERENCE:
        return
    for prev, v in zip(versions, versions[1:]):
        if not v.paragraph.in_english and not prev.paragraph.in_english:
            old, new = prev.paragraph.shown_text, v.paragraph.shown_text
            # texts that differ in typography only (quotes, dashes, spaces) are the same text: no redline
            same = normalize(old) == normalize(new)
            v.diff, v.shown_similarity = (None, 1.0) if same else text_diff_ratio(old, new, lang)
            v.language_note = language_note(v, lang)
        elif not v.paragraph.in_english:
            v.diff = None  # the previous version is English only: no redline across languages


def language_note(v, lang: Language) -> str:
    """What a history reader must be told when the label (the English alignment's) and the texts
    shown in ``lang`` disagree: the English unchanged where this language's texts differ, or the reverse."""
    if v.link is None or v.shown_similarity is None:
        return ""
    english_unchanged = v.link.change == "unchanged" or (not v.link.change and v.link.status == "unchanged")
    if english_unchanged and v.diff is not None:
        return (
            f"The label is the English alignment's: the English text is unchanged, "
            f"but the {lang.name} texts differ (similarity {v.shown_similarity:.2f}), as the redline shows."
        )
    if not english_unchanged and v.diff is None:
        return f"The label is the English alignment's: the {lang.name} texts are identical."
    return ""


def localize_rows(rows, lang: Language) -> None:
    """Compare rows in ``lang``: the alignment is the English one, texts and diffs of the language."""
    localize([p for r in rows for p in r.old + r.new], lang)
    if lang.code == REFERENCE:
        return
    for r in rows:
        if r.diff is None:
            continue
        if len(r.old) != 1 or len(r.new) != 1:
            r.diff = None  # a split or merge: its texts, each labelled, rather than the English redline
            continue
        old, new = r.old[0], r.new[0]
        if old.in_english or new.in_english:
            r.diff = None  # shown as the two texts, each labelled with its language
        else:
            r.diff = text_diff(old.shown_text, new.shown_text, lang)


def localize_citing(sessions: list[dict], lang: Language) -> None:
    """An instrument's citing footnotes and paragraphs in ``lang`` where their documents have it:
    the citation is the English footnote's (resolved once), shown with every language's text."""
    from archive.citations.queries import marker_context

    entries = [e for s in sessions for e in s["entries"]]
    for e in entries:
        e["lang"], e["dir"], e["footnote_text"] = REFERENCE, "ltr", e["citation"].footnote.text
        for x in e["contexts"]:
            x["lang"], x["dir"] = REFERENCE, "ltr"
    if lang.code == REFERENCE:
        return
    notes = dict(
        FootnoteText.objects.filter(
            footnote__in=[e["citation"].footnote_id for e in entries], language=lang.code
        ).values_list("footnote_id", "text")
    )
    texts = {
        t.paragraph_id: t
        for t in ParagraphText.objects.filter(
            paragraph__in=[x["paragraph"].id for e in entries for x in e["contexts"]], language=lang.code
        )
    }
    for e in entries:
        number = e["citation"].footnote.number
        if e["citation"].footnote_id in notes:
            e["lang"], e["dir"], e["footnote_text"] = lang.code, lang.direction, notes[e["citation"].footnote_id]
        for x in e["contexts"]:
            t = texts.get(x["paragraph"].id)
            offset = next((o for n, o in t.refs if n == number), None) if t else None
            if offset is None:
                continue
            if lang.segmented:  # no spaces between words: characters around the marker
                before, after = t.text[max(0, offset - 80) : offset], t.text[offset : offset + 30]
                x["before"] = ("… " if offset > 80 else "") + before
                x["after"] = after + (" …" if len(t.text) > offset + 30 else "")
            else:
                x["before"], x["after"] = marker_context(t.text, offset)
            x["lang"], x["dir"] = lang.code, lang.direction
