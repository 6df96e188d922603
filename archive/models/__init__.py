from .documents import Document, Footnote, FootnoteReference, Paragraph, Report, Resolution
from .instruments import Citation, Instrument, InstrumentAlias
from .lineage import Alignment, ParagraphLink
from .series import Series, SeriesMember

__all__ = [
    "Alignment", "Citation", "ParagraphLink", "Document", "Footnote", "FootnoteReference", "Instrument", "InstrumentAlias",
    "Paragraph", "Report", "Resolution", "Series", "SeriesMember",
]
