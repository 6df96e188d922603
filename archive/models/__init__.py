from .agreed import ParagraphReach, SharedLanguage
from .documents import Document, Footnote, FootnoteReference, Paragraph, Report, Resolution
from .freshness import DataVersion
from .instrument_names import InstrumentIdentifier, InstrumentName
from .instruments import Citation, Instrument, InstrumentAlias
from .languages import DocumentVersion, FootnoteText, ParagraphText
from .lineage import Alignment, ParagraphLink, ParagraphOrigin
from .mentions import Mention, TextSpan
from .search_terms import (
    CorpusStatistic,
    TermRanking,
    TermRankingCount,
    TermRankingEntry,
    TermStatistic,
    VocabularyWord,
)
from .series import Series, SeriesMember

__all__ = [
    "Alignment",
    "Citation",
    "DocumentVersion",
    "FootnoteText",
    "ParagraphText",
    "ParagraphLink",
    "ParagraphOrigin",
    "Document",
    "Footnote",
    "FootnoteReference",
    "Instrument",
    "InstrumentAlias",
    "Mention",
    "Paragraph",
    "ParagraphReach",
    "SharedLanguage",
    "Report",
    "Resolution",
    "Series",
    "SeriesMember",
    "TextSpan",
    "CorpusStatistic",
    "DataVersion",
    "InstrumentIdentifier",
    "InstrumentName",
    "TermRanking",
    "TermRankingCount",
    "TermRankingEntry",
    "TermStatistic",
    "VocabularyWord",
]
