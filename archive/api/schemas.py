"""The shapes of the API's answers, as django-ninja schemas: the OpenAPI schema is generated from them.

Every answer is validated against its schema on the way out, and every object is closed
(``extra="forbid"``): a field a serializer adds and this module does not declare is an
error in the tests, not an undocumented field.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .params import DocumentKind, InstrumentKind, LanguageCode, ParagraphKind, SearchSort


class Closed(BaseModel):
    """Plain pydantic models (not ninja's ``Schema``, which reads Django objects attribute by attribute:
    the serializers give dicts, validated about ten times faster this way)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


Language = LanguageCode
Url = str


class Error(Closed):
    status: int
    error: str
    detail: str
    fields: dict[str, list[str]] = Field(description="The parameters at fault, each with what is wrong with it.")


class Page(Closed):
    count: int = Field(description="Results in all pages.")
    page: int
    pages: int
    page_size: int
    next: Url | None
    previous: Url | None


class IndexLinks(Closed):
    documents: Url
    series: Url
    instruments: Url
    search: Url
    search_csv: Url
    schema_: Url = Field(alias="schema")


class Index(Closed):
    title: str
    links: IndexLinks


class SeriesRef(Closed):
    slug: str
    title: str


class DocumentLinks(Closed):
    self: Url
    html: Url
    akn: Url
    official: Url


class ParagraphLinks(Closed):
    self: Url
    html: Url


class InstrumentLinks(Closed):
    self: Url
    html: Url
    citations_csv: Url
    official: str | None


class DocumentSummary(Closed):
    symbol: str = Field(description="UN document symbol: the document's stable identifier.")
    kind: DocumentKind  # type: ignore[valid-type]
    number: str | None = Field(description="Resolution number (60/139); null for reports.")
    session: int
    title: str
    series: SeriesRef | None
    adopted: date | None
    distributed: date | None
    links: DocumentLinks


class DocumentRef(Closed):
    symbol: str
    kind: DocumentKind  # type: ignore[valid-type]
    title: str = Field(
        description="In a search, a history or a comparison: the title in the language asked for (lang) where the "
        "archive holds the document in it, else the English."
    )
    links: DocumentLinks


class DocumentPage(Page):
    results: list[DocumentSummary]


class Marker(Closed):
    footnote: int
    offset: int = Field(description="Character offset in the text where the marker stands.")


class Paragraph(Closed):
    anchor: str = Field(description="Stable identifier within the document (op5, pp12, op41a, op4.1).")
    position: int
    kind: ParagraphKind  # type: ignore[valid-type]
    number: str | None
    ordinal: int | None
    label: str
    citation: str = Field(description="How to cite it: 'A/RES/74/127, para. 5'.")
    opening: str | None
    section: str | None
    parent: str | None = Field(description="Anchor of the paragraph a sub-item belongs to.")
    language: Language  # type: ignore[valid-type]
    text: str = Field(description="The text in `language`; marker offsets are offsets of this text.")
    markers: list[Marker]
    links: ParagraphLinks


class Origin(Closed):
    symbol: str
    anchor: str


class LineageStep(Closed):
    symbol: str
    anchor: str
    change: Literal["unchanged", "editorial", "opening", "amended", "split", "merged", "moved"] = Field(
        description="What changed from this previous version (editorial: case, hyphens, punctuation, quotes, "
        "spacing only)."
    )
    similarity: float = Field(ge=0, le=1, description="Evidence of the link (idf-weighted word overlap).")


class Lineage(Closed):
    origin: Origin = Field(
        description="Earliest held version reached through links; the paragraph itself when new here."
    )
    previous: LineageStep | None
    missing_before: list[str] = Field(
        description="Resolutions of the series between the previous held one and this "
        "document that the archive does not hold."
    )


class DocumentParagraph(Paragraph):
    lineage: Lineage | None


class InstrumentRef(Closed):
    key: str = Field(description="Canonical key: UNTS:2220:39481, A/RES/48/104 ...")
    kind: InstrumentKind  # type: ignore[valid-type]
    title: str
    links: InstrumentLinks


class Citation(Closed):
    position: int
    cited_key: str
    pinpoint: str | None
    raw: str
    instrument: InstrumentRef


class Reference(Closed):
    paragraph: str = Field(description="Anchor of a paragraph whose marker points to the footnote.")
    offset: int


class Footnote(Closed):
    number: int
    language: Language  # type: ignore[valid-type]
    text: str
    text_missing: bool
    citations: list[Citation]
    references: list[Reference] = Field(description="Every marker of the document pointing to this footnote.")


class Votes(Closed):
    yes: int | None
    no: int | None
    abstain: int | None


class StateEntry(Closed):
    name: str = Field(description="The Organization's name for the State (or the record's words, when not recognised).")
    role: str | None = Field(description="'on behalf of …', as the record prints it.")
    recognised: bool = Field(description="The name is one of the table of Member States.")


class VoteGroup(Closed):
    count: int | None = Field(description="As the record gives it (null when it names the States only).")
    states: list[StateEntry]


class Subject(Closed):
    subject: str
    thesaurus: str | None


class Record(Closed):
    """The metadata record of a resolution: votes by Member State, sponsors, subjects."""

    adoption_type: str | None
    votes: dict[str, VoteGroup] = Field(
        description="in_favour, against, abstaining; empty for a resolution adopted without a vote."
    )
    sponsors: list[StateEntry]
    additional_sponsors: list[StateEntry]
    statements: list[str] = Field(description="Who put the draft forward when it is not a State.")
    subjects: list[Subject]
    committee_report: str | None = Field(description="The committee report and its paragraph: 'A/80/545, para. 5'.")
    meeting_record: str | None


class DocumentDetail(DocumentSummary):
    agenda_item: str | None
    committee_report: str | None
    meeting: str | None
    adoption_type: str | None
    votes: Votes
    sponsors: list[str]
    answers: DocumentRef | None
    answered_by: list[DocumentRef]
    source_format: str
    anomalies: list[dict]
    record: Record | None
    language: Language  # type: ignore[valid-type]
    languages: list[Language] = Field(description="Every language the archive holds the document in.")  # type: ignore[valid-type]
    paragraphs: list[DocumentParagraph]
    footnotes: list[Footnote]


class Neighbour(Closed):
    anchor: str
    links: ParagraphLinks


class AlsoInParagraph(Closed):
    symbol: str
    anchor: str
    label: str
    similarity: float
    match: str
    links: ParagraphLinks


class AlsoIn(Closed):
    """Paragraphs of other documents with the same or nearly the same language (the 200 most similar)."""

    documents: int = Field(description="Other documents sharing this paragraph's agreed language.")
    paragraphs_total: int
    boilerplate: bool
    paragraphs: list[AlsoInParagraph]


class ParagraphDetail(Paragraph):
    lineage: Lineage | None
    document: DocumentSummary
    footnotes: list[Footnote]
    languages: list[Language]  # type: ignore[valid-type]
    subitems: list[str]
    previous: Neighbour | None
    next: Neighbour | None
    also_in: AlsoIn


class SeriesLinks(Closed):
    self: Url
    html: Url


class SeriesSummary(Closed):
    slug: str
    title: str
    detected: bool = Field(description="Found in the texts by ingest (false: a registry series).")
    committee: str | None
    agenda_item: str | None
    member_count: int = Field(description="Members known, resolutions and reports, held or not.")
    held_count: int = Field(description="Members held (resolutions and reports the archive has the text of).")
    resolutions_held: int = Field(description="Resolutions of the series the archive holds.")
    resolutions_not_held: int = Field(description="Resolutions known (registry, texts) that the archive does not hold.")
    reports_held: int = Field(description="Reports of the series the archive holds.")
    reports_not_held: int = Field(description="Reports known that the archive does not hold.")
    sessions: list[int] = Field(description="The sessions in which the series has a member.")
    links: SeriesLinks


class SeriesPage(Page):
    results: list[SeriesSummary]


class MemberLinks(Closed):
    self: Url | None
    html: Url | None
    official: Url | None


class SeriesMember(Closed):
    symbol: str | None
    name: str
    kind: DocumentKind  # type: ignore[valid-type]
    session: int
    number: str | None
    adopted: date | None
    year: int | None
    held: bool
    takes_note_of: str | None
    requests_session: int | None
    answers: str | None
    note: str | None
    sources: dict[str, list[str]] = Field(description="Where each fact comes from.")
    links: MemberLinks
    answered_by: str | None = Field(description="For a resolution: the report that answers it (held or not).")
    taken_note_of_by: str | None = Field(description="For a report: the resolution that took note of it.")


class SeriesDetail(SeriesSummary):
    began: str | None
    began_source: str | None
    members: list[SeriesMember]


class InstrumentSummary(InstrumentRef):
    title_inferred: bool
    documents: int | None = Field(description="Number of citing documents.")
    first_session: int | None
    last_session: int | None
    archive_document: DocumentRef | None


class InstrumentPage(Page):
    results: list[InstrumentSummary]


class FootnoteRef(Closed):
    number: int
    text: str


class CitingParagraph(Closed):
    anchor: str
    kind: ParagraphKind  # type: ignore[valid-type]
    label: str
    citation: str
    text: str
    links: ParagraphLinks


class InstrumentCitation(Closed):
    session: int
    document: DocumentRef
    footnote: FootnoteRef
    cited_key: str
    pinpoint: str | None
    raw: str
    paragraphs: list[CitingParagraph]


class ParagraphRef(Closed):
    anchor: str
    label: str
    citation: str
    text: str
    links: ParagraphLinks


class TextMention(Closed):
    """A paragraph naming the instrument in its text, without a footnote."""

    session: int
    document: DocumentRef
    paragraph: ParagraphRef
    named_as: str = Field(description="The words of the paragraph that name the instrument.")
    found_by: Literal["name", "symbol"] = Field(description="Its name from the authority file, or a document symbol.")
    start: int
    end: int


class InstrumentDetail(InstrumentSummary):
    aliases: list[str]
    citations: list[InstrumentCitation]
    text_mentions: list[TextMention]


class ResultLinks(Closed):
    html: Url
    csv: Url
    suggestion: Url | None = Field(
        None, description='The search page of the "did you mean" query, the other parameters kept.'
    )


class SameText(Closed):
    symbol: str
    anchor: str
    label: str = Field(description="'74/127 op8': the document's number (its symbol for a report) and the anchor.")
    links: ParagraphLinks


class SearchHit(Closed):
    document: DocumentRef
    paragraph: Paragraph
    headline: str = Field(description="HTML: escaped text with <mark> around matches.")
    same_text: list[SameText] = Field(
        description="Other paragraphs with the same text (case, quotes and spaces "
        "aside), newest first: one result per distinct text."
    )


class Facet(Closed):
    value: int | str
    label: str
    count: int


class Facets(Closed):
    session: list[Facet] = []
    kind: list[Facet] = []
    opening: list[Facet] = []


class SearchResults(Page):
    query: str
    language: Language  # type: ignore[valid-type]
    sort: SearchSort  # type: ignore[valid-type]
    filters: dict[str, str]
    count_capped: bool = Field(description="count stopped at the cap: there are more matches.")
    approximate: bool = Field(
        description="Relevance ranked a candidate set (the most recent matches), not every match: "
        "there are more matches than the search ranks in full."
    )
    ranked: int = Field(description="Matches the ranking considered.")
    pages_approximate: bool = Field(
        description="pages is an upper bound: relevance shows one result per distinct text, and not every "
        "match was grouped (pages counts the paragraphs)."
    )
    requested_page: int = Field(
        description="The page asked for; past the last page, the last is answered (page) instead."
    )
    suggestion: str | None = Field(
        description="A query with more matches, from the archive's own words "
        '("did you mean"), when this one has few or none.'
    )
    document: DocumentRef | None = Field(description="The document the query names, when it is a symbol.")
    results: list[SearchHit]
    facets: Facets
    instruments: list[InstrumentRef] = Field(description="Instruments the query names.")
    links: ResultLinks


class FootnoteParagraph(Closed):
    anchor: str
    label: str
    links: ParagraphLinks


class FootnoteHit(Closed):
    document: DocumentRef
    footnote: Footnote
    paragraphs: list[FootnoteParagraph]
    headline: str


class FootnoteSearchResults(Page):
    query: str
    language: Language  # type: ignore[valid-type]
    count_capped: bool
    requested_page: int = Field(
        description="The page asked for; past the last page, the last is answered (page) instead."
    )
    results: list[FootnoteHit]
    links: ResultLinks


class ShownParagraph(ParagraphRef):
    """A paragraph in the language asked for: its text is in ``language``, English where it has no version there."""

    language: str = Field(description="The language of text: the one asked for, or en where the document has none.")


class ComparisonRow(Closed):
    status: Literal["unchanged", "amended", "moved", "new", "dropped", "split", "merged"]
    moved: bool
    opening_change: str | None
    from_: list[ShownParagraph] = Field(alias="from")
    to: list[ShownParagraph]
    diff: str | None = Field(
        description="HTML: the later text with <del> and <ins> marking the changes, in the language asked for; "
        "null where the two texts are not both in it (each is then given in its own language)."
    )


class Comparison(Closed):
    series: SeriesRef
    from_: DocumentRef = Field(alias="from")
    to: DocumentRef
    only_changes: bool
    language: str = Field(description="The language asked for (lang).")
    counts: dict[str, int]
    rows: list[ComparisonRow]


class HistoryVersion(Closed):
    document: DocumentRef
    session: int
    paragraph: ShownParagraph
    status: str
    opening_shift: str | None
    changes: str | None = Field(
        description="Word changes of the English text from the version before: [-deleted-] {+inserted+}."
    )


class History(Closed):
    language: str = Field(description="The language asked for (lang).")
    paragraph: ShownParagraph
    versions: list[HistoryVersion]
    dropped_in: DocumentRef | None
