"""What a search returns: hits, facets and the page, and the grouping of identical texts.

Paragraphs with identical text (case, quotes, spaces normalised) have identical vectors, hence
identical scores: they are adjacent in the ranking and grouped into one hit ("same text in
74/127 op8, 76/141 op8"), so that a page shows different paragraphs, not one text many times.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils.safestring import SafeString

from archive.db import prepared
from archive.documents.languages import show_title
from archive.models import Document, DocumentVersion, Instrument, Paragraph
from archive.parsing.languages import Language
from archive.parsing.text import normalize
from archive.search.facets import Facet

# what a hit shows of its document (the search page, its API and the footnote search): its name, place and title
HIT_DOCUMENT = ("id", "symbol", "kind", "number", "session", "title", "series")
# what a hit does not show: the stored vector, and the rest of its document: the metadata, sponsors, anomalies
# and source digests (JSON decoded per row, once the largest part of a page's own CPU time), the dates, votes
# and source's details (two thirds of the values a page's hits statement read and decoded)
HIT_DEFERRED = (
    "search",
    *(f"document__{f.name}" for f in Document._meta.concrete_fields if f.name not in HIT_DOCUMENT),
)

# the columns ``hit_paragraphs`` reads: each model's concrete fields but the deferred ones, in model order
_HIT_PARAGRAPH_FIELDS = [f for f in Paragraph._meta.concrete_fields if f.name not in HIT_DEFERRED]
_HIT_DOCUMENT_FIELDS = [f for f in Document._meta.concrete_fields if f.name in HIT_DOCUMENT]
# and the title of the document's version in the language searched (none for English: the documents hold it)
_HIT_SQL = "SELECT {}, v.title FROM {} p JOIN {} d ON d.{} = p.{} LEFT JOIN {} v ON v.{} = d.{} AND v.{} = %s WHERE p.{} = ANY(%s)".format(
    ", ".join(
        [*(f'p."{f.column}"' for f in _HIT_PARAGRAPH_FIELDS), *(f'd."{f.column}"' for f in _HIT_DOCUMENT_FIELDS)]
    ),
    Paragraph._meta.db_table,
    Document._meta.db_table,
    Document._meta.pk.column,
    Paragraph._meta.get_field("document").column,
    DocumentVersion._meta.db_table,
    DocumentVersion._meta.get_field("document").column,
    Document._meta.pk.column,
    DocumentVersion._meta.get_field("language").column,
    Paragraph._meta.pk.column,
)


def _converters(fields) -> list | None:
    """Each field's ``from_db_value`` (None for a field without one): what the ORM applies to a value read;
    None when no field has one (the values are used as read)."""
    found = [getattr(f, "from_db_value", None) for f in fields]
    return found if any(found) else None


_PARAGRAPH_NAMES = [f.attname for f in _HIT_PARAGRAPH_FIELDS]
_DOCUMENT_NAMES = [f.attname for f in _HIT_DOCUMENT_FIELDS]
_PARAGRAPH_CONVERTERS = _converters(_HIT_PARAGRAPH_FIELDS)
_DOCUMENT_CONVERTERS = _converters(_HIT_DOCUMENT_FIELDS)


def hit_paragraphs(ids: list[int], lang: Language) -> dict[int, Paragraph]:
    """The page's paragraphs by id, each with its document, as ``select_related("document").defer(*HIT_DEFERRED)``
    would build them, from one statement written once: compiling that queryset and building its rows cost a
    search page about 4 ms of CPU for 20 rows, ten times the statement itself. A document is built once, with
    its title in ``lang`` (``archive.documents.languages.show_title``)."""
    from django.db import connection

    if not ids:
        return {}
    with connection.cursor() as cursor:
        prepared.execute(cursor, "search_hits", _HIT_SQL, [lang.code, list(ids)])  # parsed and planned once a session
        rows = cursor.fetchall()
    cut = len(_HIT_PARAGRAPH_FIELDS)
    alias = connection.alias
    build_paragraph, build_document = loaded(Paragraph), loaded(Document)
    cache_document = Paragraph._meta.get_field("document").set_cached_value
    documents: dict[int, Document] = {}
    found = {}
    for row in rows:
        paragraph = build_paragraph(alias, _PARAGRAPH_NAMES, _converted(_PARAGRAPH_CONVERTERS, row[:cut]))
        document = documents.get(row[cut])
        if document is None:
            values = _converted(_DOCUMENT_CONVERTERS, row[cut:-1])
            document = documents[row[cut]] = build_document(alias, _DOCUMENT_NAMES, values)
            show_title(document, row[-1], lang)
        cache_document(paragraph, document)  # as select_related leaves it: no query for it
        found[paragraph.pk] = paragraph
    return found


def loaded(model):
    """How to build ``model``'s instances from rows read: ``model.from_db``, or, when nothing listens to its
    ``pre_init`` or ``post_init`` signals, the instance's attributes set at once, as ``from_db`` leaves them
    (the fields not read absent, hence deferred). ``Model.__init__`` sets each field through a descriptor and
    fills the deferred ones with a marker: 40 instances a search page, a millisecond of its time."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db
    new = model.__new__

    def build(alias: str, names: list[str], values) -> models.Model:
        instance = new(model)
        instance.__dict__.update(zip(names, values))
        state = instance._state = ModelState()
        state.adding, state.db = False, alias
        return instance

    return build


def _converted(converters: list | None, values) -> list | tuple:
    """Values as the ORM hands them over: through each field's ``from_db_value``, where it has one."""
    if converters is None:
        return values
    from django.db import connection

    return [v if c is None or v is None else c(v, None, connection) for c, v in zip(converters, values)]


@dataclass
class Hit:
    paragraph: Paragraph
    headline: SafeString
    same_text: list[RankedRow] = field(default_factory=list)  # other paragraphs with this text, newest first


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    total_capped: bool
    page: int
    pages: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    instruments: list[Instrument] = field(default_factory=list)
    approximate: bool = False  # relevance ranked a candidate set, not every match
    ranked: int = 0  # how many matches the ranking considered
    ranked_sessions: tuple[int, int] | None = None  # (oldest, newest) session of the candidates
    suggestion: str = ""  # "did you mean" query
    facets_exact: bool = True
    total_floor: bool = False  # ``total`` were found among candidates: there are at least as many
    ranked_rule: str = "most recent"  # which ``ranked`` rows an approximate ranking considered
    facets_rule: str = ""  # which matches the facets count, when not all ("the 10,000 most recent matches")
    pages_approximate: bool = False  # ``pages`` counts paragraphs, not the distinct texts a page shows: at most

    @property
    def total_label(self) -> str:
        if self.total_floor:
            return f"at least {self.total:,}"
        return f"more than {self.total:,}" if self.total_capped else f"{self.total:,}"

    @property
    def facets_note(self) -> str:
        """Which matches the facets count when they are not exact."""
        return self.facets_rule or f"the first {self.total:,} matches"


@dataclass
class RankedRow:
    """What grouping needs of a ranked row (its text, or its text's key, and where it stands), before any
    model is built."""

    id: int
    score: float
    text: str | None  # None when the ranking sent the key instead
    position: int
    anchor: str
    session: int
    symbol: str
    number: str
    key: int | None = None  # ``Paragraph.text_key`` (the row's id when it has none), as the ranking grouped it

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("archive:document", args=[self.symbol]) + f"#{self.anchor}"

    @property
    def label(self) -> str:
        """'74/127 op8': the document's number (its symbol for a report) and the paragraph's anchor."""
        return f"{self.number or self.symbol} {self.anchor}"


PUNCTUATION = re.compile(r"[^\w\s]+")


@functools.lru_cache(maxsize=8192)
def normalized_text(text: str) -> str:
    """The text as compared for "same text": case, quotes, dashes, punctuation and spaces normalised
    (the same words in the same order: "Urges States;" and "urges States." are one text). Kept for the
    texts searches keep finding (a pure function of the text: a page groups its rows without normalising
    the same texts again)."""
    return " ".join(PUNCTUATION.sub(" ", normalize(text, invisible=False).casefold()).split())


def text_key(text: str) -> int:
    """``normalized_text`` as a signed 64-bit number (``Paragraph.text_key``): the ranking statement groups
    identical texts by it, as ``group_identical`` groups the page's rows."""
    digest = hashlib.blake2b(normalized_text(text).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def group_identical(rows: list[RankedRow]) -> list[list[RankedRow]]:
    """Rows (in rank order) grouped by normalised text (by its key when the row has one, as the ranking
    statement grouped them): a group stands where its best row ranks, and lists its rows newest session
    first (the newest is the one shown)."""
    groups: dict[str | int, list[RankedRow]] = {}
    keys: dict[str, str] = {}  # the series repeats its texts word for word: each distinct text normalised once
    for p in rows:
        key = p.key
        if key is None:
            key = keys.get(p.text)
            if key is None:
                key = keys[p.text] = normalized_text(p.text)
        groups.setdefault(key, []).append(p)
    # most texts stand once: only a group of copies needs ordering
    return [g if len(g) == 1 else sorted(g, key=_newest_first) for g in groups.values()]


def _newest_first(row: RankedRow) -> tuple:
    return (-row.session, row.symbol, row.position)
