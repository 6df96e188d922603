from .agreed import ParagraphReach, SharedLanguage
from .documents import Document, Footnote, FootnoteReference, Paragraph, Report, Resolution
from .instruments import Citation, Instrument, InstrumentAlias
from .lineage import Alignment, ParagraphLink
from .mentions import Mention
from .series import Series, SeriesMember

__all__ = [
    "Alignment", "Citation", "ParagraphLink", "Document", "Footnote", "FootnoteReference", "Instrument", "InstrumentAlias",
    "Mention", "Paragraph", "ParagraphReach", "SharedLanguage", "Report", "Resolution", "Series", "SeriesMember",
]
