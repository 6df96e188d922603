"""Resolve a parsed document's footnotes to instruments (pure Python, before any write).

The citation parser reads each footnote; the authority file joins aliases and gives
canonical titles and links; an instrument the file does not know takes its title from
the words before the footnote's first marker, marked as inferred.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from archive.parsing.document import ParsedDocument

from . import forms
from .authority import DEFAULT_AUTHORITY, Authority, ResolvedInstrument, citation_form, untitled_name
from .parse import ParsedCitation, parse_footnotes

AUTHORITY = DEFAULT_AUTHORITY
CONTEXT_CHARS = 300
# The longest footnote of the series has under 400 characters; a footnote far longer than
# any real one (a damaged source) is resolved on its first MAX_FOOTNOTE_CHARS only, and said so.
MAX_FOOTNOTE_CHARS = 5_000


@dataclass
class ResolvedCitation:
    key: str  # the instrument's canonical key
    kind: str
    cited_key: str  # the key as cited
    pinpoint: str | None
    raw: str
    title: str | None
    title_inferred: bool
    url: str | None
    aliases: list[str] = field(default_factory=list)
    authoritative: bool = False  # title and url come from the authority file, and win over stored ones

    def to_report(self) -> dict:
        # a remark ("other") cites no instrument: nothing to name
        return {
            "kind": self.kind,
            "key": self.key,
            "pinpoint": self.pinpoint,
            "instrument": None if self.kind == "other" else self.title,
        }


@lru_cache(maxsize=1)
def authority() -> Authority:
    return Authority.load(AUTHORITY)


@lru_cache(maxsize=1)
def authority_digest() -> str:
    """Part of every document's fingerprint: an edited authority file (a new alias, a
    corrected title) re-resolves the footnotes of sources that did not change."""
    return hashlib.sha256(AUTHORITY.read_bytes()).hexdigest()[:16]


def marker_contexts(doc: ParsedDocument) -> dict[int, str]:
    """The words before the first marker of each footnote."""
    contexts: dict[int, str] = {}
    for p in doc.paragraphs:
        for r in p.refs:
            contexts.setdefault(r.number, p.text[max(0, r.offset - CONTEXT_CHARS) : r.offset])
    return contexts


def _without_nul(c: ParsedCitation) -> ParsedCitation:
    """PostgreSQL text cannot hold NUL; no source has one, but a parser bug must not stop a load."""

    def strip(value: str | None) -> str | None:
        return value.replace("\x00", "") if value else value

    return replace(c, key=strip(c.key), raw=strip(c.raw), title=strip(c.title), pinpoint=strip(c.pinpoint))


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def display_title(
    instrument: ResolvedInstrument, c: ParsedCitation, printed_address: str | None = None
) -> tuple[str, bool]:
    """(title, inferred): the authority file's, else the footnote's own, else the best name
    the citation gives without inventing one — a web page's address as printed, a
    publication's reference as printed, a resolution's body and number."""
    if instrument.known and instrument.title:
        return instrument.title, False
    if instrument.shared:  # "resolution 2200 A (XXI), annex" without words saying which Covenant
        return untitled_name(instrument.kind, instrument.key), True
    if c.title:  # the footnote's own title, or one guessed from the words before the marker
        return c.title, c.inferred
    if instrument.kind == "web":
        return printed_address or c.url or citation_form(instrument.key) or instrument.key, False
    if instrument.kind == "publication":
        return printed_reference(c.raw), True
    return untitled_name(instrument.kind, instrument.key), True


def printed_reference(raw: str, limit: int = 200) -> str:
    """A publication's reference as the footnote prints it, to stand for a title it lacks."""
    return shorten(re.sub(r"^see(?: also)?\s+", "", " ".join(raw.split()), flags=re.I).rstrip(" ."), limit)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def resolve_document(doc: ParsedDocument, memo: dict | None = None) -> dict[int, list[ResolvedCitation]]:
    """Each footnote's citations, joined to the authority file; ``memo``: see ``parse.parse_footnote``."""
    footnotes = sorted(doc.footnotes, key=lambda f: f.number)
    contexts = marker_contexts(doc)
    for f in footnotes:
        if len(f.text) > MAX_FOOTNOTE_CHARS:
            doc.anomaly(
                "footnote_too_long",
                f"footnote {f.number} has {len(f.text):,} characters; citations were "
                f"read from its first {MAX_FOOTNOTE_CHARS:,} only",
                f.line,
            )
    cut: dict[int, dict[str, str]] = {}  # footnote number: {address as read: the rest, as printed}
    for f in footnotes:
        for url, rest in forms.cut_addresses(forms.clean(f.text[:MAX_FOOTNOTE_CHARS])):
            cut.setdefault(f.number, {})[forms.full_url(url)] = f"{url} {rest}"
            doc.anomaly(
                "incomplete_url",
                f"footnote {f.number}: web address cut by a space in the source "
                f"({url} {rest[:80]}); not linked, since the lost character cannot be known",
                f.line,
            )
    parsed = parse_footnotes(
        [f.text[:MAX_FOOTNOTE_CHARS] for f in footnotes], [contexts.get(f.number) for f in footnotes], memo
    )
    auth = authority()
    out: dict[int, list[ResolvedCitation]] = {}
    for footnote, cites in zip(footnotes, parsed):
        resolved = []
        for c in map(_without_nul, cites):
            broken = cut.get(footnote.number, {}).get(c.url) if c.url else None
            if broken and c.kind == "web":  # keyed by the address as printed, gap and all: not the site the cut leaves
                c = replace(c, key="web:" + forms.normalize_url(broken.replace(" ", "%20")))
            instrument = auth.resolve(c)
            known = auth.entry(instrument.key) if instrument.known else None
            url, printed_address = instrument.url, None
            # the authority file's address is checked, whatever the footnote printed; a printed one
            # the source broke is not linked, since a broken link is worse than none
            if not instrument.known and c.url and url == c.url:
                if broken:
                    url, printed_address = None, broken
                elif _BAD_ESCAPE.search(c.url):
                    url, printed_address = None, c.url
                    doc.anomaly(
                        "garbled_url",
                        f"footnote {footnote.number}: web address garbled in the source "
                        f"({c.url}: '%' not followed by two hexadecimal digits); not linked",
                        footnote.line,
                    )
            title, inferred = display_title(instrument, c, printed_address)
            resolved.append(
                ResolvedCitation(
                    key=instrument.key,
                    kind=instrument.kind,
                    cited_key=c.key,
                    pinpoint=c.pinpoint,
                    raw=c.raw,
                    title=title,
                    title_inferred=inferred,
                    url=url,
                    aliases=list(known.get("aliases", [])) if known else [],
                    authoritative=bool(instrument.known and instrument.title),
                )
            )
        out[footnote.number] = resolved
        if not any(c.kind != "other" for c in resolved):
            doc.anomaly(
                "unresolved_citation",
                f"footnote {footnote.number} cites no identifiable instrument: {shorten(footnote.text, 120)}",
                footnote.line,
            )
    return out
