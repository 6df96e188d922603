"""Search results in another official language: the texts of the paragraphs found, in ``?lang=``.

(A document's or a paragraph's resource reads its language from the document assembly,
``archive.documents.assembly``.)
"""

from __future__ import annotations

from archive.models import FootnoteText, ParagraphText
from archive.parsing.languages import REFERENCE, Language


def paragraph_texts(paragraph_ids, lang: Language) -> dict[int, ParagraphText]:
    """Texts in ``lang`` of paragraphs of any documents (search results)."""
    if lang.code == REFERENCE:
        return {}
    return {t.paragraph_id: t for t in ParagraphText.objects.filter(paragraph_id__in=paragraph_ids, language=lang.code)}


def footnote_texts(footnote_ids, lang: Language) -> dict[int, tuple[str, str]]:
    """(language, text) in ``lang`` of footnotes of any documents (footnote search results)."""
    if lang.code == REFERENCE:
        return {}
    rows = FootnoteText.objects.filter(footnote_id__in=footnote_ids, language=lang.code).values_list(
        "footnote_id", "text"
    )
    return {fid: (lang.code, text) for fid, text in rows}
