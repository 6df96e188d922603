"""The API in another official language: a document's texts in ``?lang=`` over its English structure."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.models import DocumentVersion, FootnoteText, ParagraphText
from archive.parsing.languages import REFERENCE, Language


@dataclass
class Texts:
    """What a document has in the language asked for; ``language`` is the one given (English where it
    has none), ``held`` every language the document is held in."""

    language: str
    held: list[str]
    title: str = ""
    paragraphs: dict[int, ParagraphText] = field(default_factory=dict)  # paragraph id -> its text
    footnotes: dict[int, str] = field(default_factory=dict)  # footnote id -> its text

    def footnote(self, footnote_id: int) -> tuple[str, str] | None:
        text = self.footnotes.get(footnote_id)
        return (self.language, text) if text is not None else None


def document_texts(document, lang: Language, paragraph_ids=None) -> Texts:
    held = DocumentVersion.objects.languages(document)
    if lang.code == REFERENCE or lang.code not in held:
        return Texts(REFERENCE, held)
    paragraphs = ParagraphText.objects.filter(paragraph__document=document, language=lang.code)
    footnotes = FootnoteText.objects.filter(footnote__document=document, language=lang.code)
    if paragraph_ids is not None:
        paragraphs = paragraphs.filter(paragraph_id__in=paragraph_ids)
    title = DocumentVersion.objects.filter(document=document, language=lang.code).values_list("title", flat=True).first()
    return Texts(lang.code, held, title or "", {t.paragraph_id: t for t in paragraphs},
                 dict(footnotes.values_list("footnote_id", "text")))


def paragraph_texts(paragraph_ids, lang: Language) -> dict[int, ParagraphText]:
    """Texts in ``lang`` of paragraphs of any documents (search results)."""
    if lang.code == REFERENCE:
        return {}
    return {t.paragraph_id: t for t in ParagraphText.objects.filter(paragraph_id__in=paragraph_ids, language=lang.code)}
