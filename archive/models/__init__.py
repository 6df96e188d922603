from .documents import Document, Footnote, FootnoteReference, Paragraph, Report, Resolution, Series
from .freshness import DataVersion
from .instrument_names import InstrumentName
from .instruments import Citation, Instrument, InstrumentAlias
from .lineage import Alignment, ParagraphLink
from .search_terms import CorpusStatistic, TermStatistic, VocabularyWord

__all__ = [
    "Alignment", "Citation", "ParagraphLink", "Document", "Footnote", "FootnoteReference", "Instrument", "InstrumentAlias",
    "Paragraph", "Report", "Resolution", "Series",
    "CorpusStatistic", "DataVersion", "InstrumentName", "TermStatistic", "VocabularyWord",
]
