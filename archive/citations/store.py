"""Citations and instruments written at ingest: one instrument record per instrument, reached
by its key or any alias, with the ways citations write those keys for the instrument index."""

from __future__ import annotations

from archive.models import Citation, Document, Footnote, Instrument, InstrumentAlias, InstrumentIdentifier
from archive.parsing.text import normalized_name

from .authority import written_forms
from .resolve import ResolvedCitation


def save_citations(
    footnotes: dict[int, Footnote], citations: dict[int, list[ResolvedCitation]], registry: InstrumentRegistry
) -> None:
    """One row per citation of an instrument, in footnote order; the instruments through ``registry``."""
    rows = []
    for number, cites in citations.items():
        footnote = footnotes.get(number)
        if footnote is None:
            continue
        for position, c in enumerate(c for c in cites if c.kind != "other"):
            # "other" is what a remark reads as (a list of countries, a definition): it names
            # no instrument, so it is reported at ingest and not made into an instrument record
            rows.append(
                Citation(
                    footnote=footnote,
                    instrument_id=registry.instrument_id(c),
                    position=position,
                    cited_key=c.cited_key,
                    pinpoint=c.pinpoint or "",
                    raw=c.raw or "",
                )
            )
    Citation.objects.bulk_create(rows)


class InstrumentRegistry:
    """Instrument ids by key and alias, read once per run instead of queried per citation.

    One instrument, one record: a citation is matched by its key or any alias; an
    unknown one is created. An inferred title never overwrites a title from the
    authority file; the authority file's title and address replace whatever is stored
    (an inferred title, or the file's previous wording) once per run.
    Call ``reset`` after a rolled-back transaction: ids created in it are gone.
    """

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self._ids: dict[str, int] = dict(Instrument.objects.values_list("key", "id"))
        self._ids.update(InstrumentAlias.objects.values_list("key", "instrument_id"))
        self._inferred: set[int] = set(Instrument.objects.filter(title_inferred=True).values_list("id", flat=True))
        self._synced: set[int] = set()  # instruments already given the authority file's title this run

    def instrument_id(self, c: ResolvedCitation) -> int:
        keys = [c.key, *c.aliases]
        found = next((self._ids[k] for k in keys if k in self._ids), None)
        if found is None:
            instrument = Instrument.objects.create(
                key=c.key,
                kind=c.kind,
                title=(c.title or c.key)[:1000],
                title_inferred=c.title_inferred or not c.title,
                url=(c.url or "")[:1000],
            )
            found = instrument.id
            self._ids[c.key] = found
            if c.authoritative:
                self._synced.add(found)
            if instrument.title_inferred:
                self._inferred.add(found)
            save_identifiers(found, [c.key])
        elif c.authoritative and found not in self._synced:
            title, url = c.title[:1000], (c.url or "")[:1000]
            Instrument.objects.filter(id=found).exclude(title=title, title_inferred=False, url=url, kind=c.kind).update(
                title=title, title_inferred=False, url=url, kind=c.kind
            )
            self._synced.add(found)
            self._inferred.discard(found)
        elif found in self._inferred and c.title and not c.title_inferred:
            Instrument.objects.filter(id=found).update(
                title=c.title[:1000], title_inferred=False, url=(c.url or "")[:1000]
            )
            self._inferred.discard(found)
        new_aliases = [k for k in keys if k not in self._ids]
        if new_aliases:
            InstrumentAlias.objects.bulk_create(
                [InstrumentAlias(key=k, instrument_id=found) for k in new_aliases], ignore_conflicts=True
            )
            self._ids.update({k: found for k in new_aliases})
            save_identifiers(found, new_aliases)
        return found


def save_identifiers(instrument_id: int, keys: list[str]) -> None:
    """The ways citations write ``keys`` (the instrument's own key or its aliases), for the lookup."""
    rows: dict[str, str] = {}
    for key in keys:
        for w in written_forms(key):
            rows.setdefault(normalized_name(w), w)
    InstrumentIdentifier.objects.bulk_create(
        [
            InstrumentIdentifier(instrument_id=instrument_id, written=w[:1000], normalized=n[:1000])
            for n, w in rows.items()
            if n
        ],
        ignore_conflicts=True,
    )


def link_instruments() -> None:
    """An instrument that is a document the archive holds points to it; one no footnote cites any more
    (its last citing document was replaced or dropped) is deleted. Run after every load."""
    Instrument.objects.filter(citations__isnull=True).delete()
    by_symbol = dict(Document.objects.values_list("symbol", "id"))
    for instrument in Instrument.objects.all().only("id", "key", "document_id"):
        doc_id = by_symbol.get(instrument.key)
        if instrument.document_id != doc_id:
            instrument.document_id = doc_id
            instrument.save(update_fields=["document"])
