"""Footnote search: footnote texts are searchable too, as a result kind of its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString

from archive.documents.languages import show_title, version_title_sql
from archive.models import Footnote, FootnoteReference, FootnoteText, Paragraph
from archive.parsing.languages import LANGUAGES, REFERENCE, Language
from archive.search import languages
from archive.search.compiler import compile_query
from archive.search.facets import COUNT_CAP, capped_count
from archive.search.highlights import HEADLINE_OPTIONS, HEADLINE_SQL, WHOLE_OPTIONS, mark, options_sql
from archive.search.parameters import MAX_PAGE, PAGE_SIZE, STATEMENT_TIMEOUT_MS
from archive.search.ranking import matching
from archive.search.results import HIT_DEFERRED

# a short footnote whole (``WHOLE_BELOW``); three parameters: tsquery, the whole and the fragment options
FOOTNOTE_HEADLINE_SQL = HEADLINE_SQL.replace('"archive_paragraph"', '"archive_footnote"').replace(
    "%s::tsquery, %s)", "%s::tsquery, " + options_sql('"archive_footnote"."text"') + ")"
)

# the title of a footnote's document in a language (none where it is not held in it: the English is shown)
FOOTNOTE_TITLE_SQL = version_title_sql("archive_footnote")


@dataclass
class FootnoteHit:
    footnote: Footnote
    headline: SafeString
    paragraphs: list[Paragraph]  # where its markers stand


@dataclass
class FootnoteResults:
    query: str
    hits: list[FootnoteHit]
    total: int
    total_capped: bool
    page: int
    pages: int

    @property
    def total_label(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.total_capped else f"{self.total:,}"


def run_footnote_search(
    qs: QuerySet, q: str, page: int, lang: Language | None = None, page_size: int = PAGE_SIZE
) -> FootnoteResults:
    """Footnotes matching ``q``, oldest session first, each with the paragraphs that reference it.

    In another language than English, the footnotes whose text in ``lang`` matches, highlighted in it."""
    other = lang is not None and lang.code != "en"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
        compiled = compile_query(q) if q.strip() and not other else None
        if other:
            matches = languages.matching(qs, q, lang)
        else:
            matches = matching(qs, compiled) if compiled is not None else qs
        total, capped = capped_count(matches)
        pages = max(1, min(MAX_PAGE, -(-total // page_size)))
        page = max(1, min(page, pages))
        page_qs = (
            matches.select_related("document")
            .defer(*HIT_DEFERRED)
            .order_by("document__session", "document__symbol", "number")
        )
        if other:  # the documents' titles in the language, read with the rows
            page_qs = page_qs.annotate(lang_title=RawSQL(FOOTNOTE_TITLE_SQL, [lang.code]))
        if compiled:
            page_qs = page_qs.annotate(
                headline_html=RawSQL(FOOTNOTE_HEADLINE_SQL, [compiled.tsquery, WHOLE_OPTIONS, HEADLINE_OPTIONS])
            )
        rows = list(page_qs[(page - 1) * page_size : page * page_size])
        marked = languages.headlines([f.id for f in rows], q, lang, FootnoteText) if other else {}
        where: dict[int, list[Paragraph]] = {}
        refs = (
            FootnoteReference.objects.filter(footnote__in=rows)
            .select_related("paragraph")
            .order_by("paragraph__position")
        )
        for ref in refs:
            where.setdefault(ref.footnote_id, []).append(ref.paragraph)
        hits = []
        for f in rows:
            show_title(f.document, getattr(f, "lang_title", None), lang or LANGUAGES[REFERENCE])
            for p in where.get(f.id, []):
                p.document = f.document
            headline = (
                marked.get(f.id) if other else mark(getattr(f, "headline_html", "") or "") or escape(f.text[:400])
            )
            hits.append(FootnoteHit(f, headline, where.get(f.id, [])))
        return FootnoteResults(query=q, hits=hits, total=total, total_capped=capped, page=page, pages=pages)
