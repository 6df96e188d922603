"""Citations and instruments written at ingest: one instrument record per instrument, reached
by its key or any alias, with the ways citations write those keys for the instrument index."""

from __future__ import annotations

from django.db import connection

from archive.models import Document, Instrument, InstrumentAlias, InstrumentIdentifier
from archive.parsing.text import normalized_name

from .authority import written_forms
from .resolve import ResolvedCitation


def citation_rows(
    footnote_ids: dict[int, int], citations: dict[int, list[ResolvedCitation]], instruments: dict[str, int]
) -> list[tuple]:
    """(footnote id, instrument id, position, cited key, pinpoint, raw) of each citation of an instrument,
    in footnote order; ``instruments`` holds the id of each key cited (``InstrumentRegistry.instrument_id``)."""
    rows = []
    for number, cites in citations.items():
        footnote_id = footnote_ids.get(number)
        if footnote_id is None:
            continue
        for position, c in enumerate(c for c in cites if c.kind != "other"):
            # "other" is what a remark reads as (a list of countries, a definition): it names
            # no instrument, so it is reported at ingest and not made into an instrument record
            rows.append((footnote_id, instruments[c.key], position, c.cited_key, c.pinpoint or "", c.raw or ""))
    return rows


class InstrumentRegistry:
    """Instrument ids by key and alias, read once per run instead of queried per citation.

    One instrument, one record: a citation is matched by its key or any alias; an
    unknown one is created. An inferred title never overwrites a title from the
    authority file; the authority file's title and address replace whatever is stored
    (an inferred title, or the file's previous wording) once per run.
    What ``instrument_id`` decides is written by ``flush``, in a few statements for every
    citation seen since the last one (new instruments take their ids from the table's sequence
    at once): call it inside the transaction the citations belong to, and ``reset`` after a
    rolled-back transaction (ids created in it are gone).
    """

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self._ids: dict[str, int] = dict(Instrument.objects.values_list("key", "id"))
        self._ids.update(InstrumentAlias.objects.values_list("key", "instrument_id"))
        self._inferred: set[int] = set(Instrument.objects.filter(title_inferred=True).values_list("id", flat=True))
        self._synced: set[int] = set()  # instruments already given the authority file's title this run
        self._free_ids: list[int] = []
        self._discard_pending()

    def _discard_pending(self) -> None:
        self._new: dict[int, Instrument] = {}  # created since the last flush, by id
        self._aliases: list[InstrumentAlias] = []
        self._identifiers: list[InstrumentIdentifier] = []
        self._updates: list[tuple[int, dict, dict]] = []  # (id, fields, unless already so)

    def instrument_id(self, c: ResolvedCitation) -> int:
        keys = [c.key, *c.aliases]
        found = next((self._ids[k] for k in keys if k in self._ids), None)
        if found is None:
            found = self._next_id()
            instrument = Instrument(
                id=found,
                key=c.key,
                kind=c.kind,
                title=(c.title or c.key)[:1000],
                title_inferred=c.title_inferred or not c.title,
                url=(c.url or "")[:1000],
            )
            self._new[found] = instrument
            self._ids[c.key] = found
            if c.authoritative:
                self._synced.add(found)
            if instrument.title_inferred:
                self._inferred.add(found)
            self._identify(found, [c.key])
        elif c.authoritative and found not in self._synced:
            title, url = c.title[:1000], (c.url or "")[:1000]
            self._update(found, {"title": title, "title_inferred": False, "url": url, "kind": c.kind}, exclude=True)
            self._synced.add(found)
            self._inferred.discard(found)
        elif found in self._inferred and c.title and not c.title_inferred:
            self._update(found, {"title": c.title[:1000], "title_inferred": False, "url": (c.url or "")[:1000]})
            self._inferred.discard(found)
        new_aliases = [k for k in keys if k not in self._ids]
        if new_aliases:
            self._aliases += [InstrumentAlias(key=k, instrument_id=found) for k in new_aliases]
            self._ids.update({k: found for k in new_aliases})
            self._identify(found, new_aliases)
        return found

    def flush(self) -> None:
        """Write the instruments, aliases, written forms and title changes decided since the last flush."""
        Instrument.objects.bulk_create(self._new.values(), batch_size=1000)
        InstrumentAlias.objects.bulk_create(self._aliases, ignore_conflicts=True, batch_size=1000)
        InstrumentIdentifier.objects.bulk_create(self._identifiers, ignore_conflicts=True, batch_size=1000)
        for pk, fields, unless in self._updates:
            rows = Instrument.objects.filter(id=pk)
            if unless:
                rows = rows.exclude(**unless)
            rows.update(**fields)
        self._discard_pending()

    def _update(self, pk: int, fields: dict, exclude: bool = False) -> None:
        if pk in self._new:  # not written yet: written as it now stands
            for name, value in fields.items():
                setattr(self._new[pk], name, value)
        else:
            self._updates.append((pk, fields, dict(fields) if exclude else {}))

    def _next_id(self) -> int:
        if not self._free_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, 256)",
                    [Instrument._meta.db_table],
                )
                self._free_ids = sorted((pk for (pk,) in cursor.fetchall()), reverse=True)
        return self._free_ids.pop()

    def _identify(self, instrument_id: int, keys: list[str]) -> None:
        self._identifiers += identifiers(instrument_id, keys)


def identifiers(instrument_id: int, keys: list[str]) -> list[InstrumentIdentifier]:
    """The ways citations write ``keys`` (the instrument's own key or its aliases), for the lookup."""
    rows: dict[str, str] = {}
    for key in keys:
        for w in written_forms(key):
            rows.setdefault(normalized_name(w), w)
    return [
        InstrumentIdentifier(instrument_id=instrument_id, written=w[:1000], normalized=n[:1000])
        for n, w in rows.items()
        if n
    ]


def refresh_citing_stats() -> int:
    """Each instrument's citing documents and first and last citing session, as the instruments
    index shows and sorts them: one statement, writing only the rows whose figures changed (an
    unchanged re-run writes none). Returns how many rows it wrote."""
    from archive.models import Citation, Footnote

    instruments, citations = Instrument._meta.db_table, Citation._meta.db_table
    footnotes, documents = Footnote._meta.db_table, Document._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {instruments} i SET citing_documents = s.documents, first_session = s.first, "
            "last_session = s.last FROM ("
            "  SELECT i2.id, COUNT(DISTINCT f.document_id) AS documents, MIN(d.session) AS first, "
            "  MAX(d.session) AS last "
            f"  FROM {instruments} i2 LEFT JOIN {citations} c ON c.instrument_id = i2.id "
            f"  LEFT JOIN {footnotes} f ON f.id = c.footnote_id LEFT JOIN {documents} d ON d.id = f.document_id "
            "  GROUP BY i2.id) s "
            "WHERE s.id = i.id AND (i.citing_documents, i.first_session, i.last_session) "
            "IS DISTINCT FROM (s.documents::int, s.first, s.last)"
        )
        return cursor.rowcount


def refresh_citing_stats_after_commit(**kwargs) -> None:
    """Signal receiver for admin edits: count the figures again once the edit is committed, once
    however many rows it saved or deleted (a document's delete cascades to its citations)."""
    from django.db import transaction

    from archive.page_cache import version_is_held

    if version_is_held():  # ingest: its citations stage counts them
        return
    pending = transaction.get_connection().run_on_commit
    if not any(func is refresh_citing_stats for _, func, _ in pending):
        transaction.on_commit(refresh_citing_stats)


def link_instruments() -> None:
    """An instrument that is a document the archive holds points to it; one no footnote cites any more
    (its last citing document was replaced or dropped) is deleted. Run after every load."""
    Instrument.objects.filter(citations__isnull=True).delete()
    instruments, documents = Instrument._meta.db_table, Document._meta.db_table
    with connection.cursor() as cursor:  # one statement, writing only the rows whose link changes
        cursor.execute(
            f"UPDATE {instruments} i SET document_id = d.id "
            f"FROM {instruments} i2 LEFT JOIN {documents} d ON d.symbol = i2.key "
            "WHERE i2.id = i.id AND i.document_id IS DISTINCT FROM d.id"
        )
