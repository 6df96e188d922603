from .documents import Document, Footnote, FootnoteReference, Paragraph, Report, Resolution, Series
from .instruments import Citation, Instrument, InstrumentAlias

__all__ = [
    "Citation", "Document", "Footnote", "FootnoteReference", "Instrument", "InstrumentAlias",
    "Paragraph", "Report", "Resolution", "Series",
]
