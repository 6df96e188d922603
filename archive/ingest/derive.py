"""The derive stages that run after every load, in order; each is cheap, and always whole:

1. ``series`` (``archive.series.store.update_series``): reads the series registry and the held
   documents; writes every series, its members held or not, and which report answers which
   resolution.
2. ``instrument links`` (``link_instruments``): reads the instruments and the held documents'
   symbols; writes the document an instrument is (when the archive holds it) and deletes the
   instruments no document cites any more.
3. ``lineage`` (``archive.lineage.store.update_lineage``): reads the body paragraphs of each
   series' resolutions; writes the alignment of each resolution with the one before it and each
   paragraph's origin.
4. ``agreed language`` (``archive.ingest.agreed.update_agreed_language``): reads the paragraphs
   not compared yet; writes the language they share with other documents.
"""

from __future__ import annotations

from django.db import transaction

from archive.lineage.store import update_lineage
from archive.models import Document, Instrument
from archive.series.store import update_series


def derive() -> None:
    """Run every derive stage, in order (lineage needs the series; agreed language needs nothing)."""
    from .agreed import update_agreed_language

    update_series()
    with transaction.atomic():
        link_instruments()
    update_lineage()
    update_agreed_language()


def link_instruments() -> None:
    """An instrument that is a document the archive holds points to it; one no longer cited goes."""
    # an instrument whose last citing document was replaced or dropped is no longer cited
    Instrument.objects.filter(citations__isnull=True).delete()
    by_symbol = dict(Document.objects.values_list("symbol", "id"))
    for instrument in Instrument.objects.all().only("id", "key", "document_id"):
        doc_id = by_symbol.get(instrument.key)
        if instrument.document_id != doc_id:
            instrument.document_id = doc_id
            instrument.save(update_fields=["document"])
