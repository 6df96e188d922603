from .documents import Document, Footnote, FootnoteReference, Paragraph, Report, Resolution
from .instruments import Citation, Instrument, InstrumentAlias
from .languages import DocumentVersion, FootnoteText, ParagraphText
from .lineage import Alignment, ParagraphLink
from .mentions import Mention
from .series import Series, SeriesMember

__all__ = [
    "Alignment", "Citation", "DocumentVersion", "FootnoteText", "ParagraphText", "ParagraphLink", "Document", "Footnote", "FootnoteReference", "Instrument", "InstrumentAlias",
    "Mention", "Paragraph", "Report", "Resolution", "Series", "SeriesMember",
]
