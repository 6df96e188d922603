"""Derive stages after every run, in order (each cheap, and always whole):

1. series members, held or not, and which report answers which resolution (``series``);
2. an instrument that is a document the archive holds points to it;
3. the lineage of every series (``lineage``);
4. agreed language shared across documents, for the paragraphs not compared yet (``agreed``).
"""

from __future__ import annotations

from django.db import transaction

from archive.models import Document, Instrument


def link_documents() -> None:
    from archive.agreed.store import update_agreed_language

    from .lineage import update_lineage
    from .series import update_series

    update_series()
    with transaction.atomic():
        _link_instruments()
    update_lineage()
    update_agreed_language()


def _link_instruments() -> None:
    # an instrument whose last citing document was replaced or dropped is no longer cited
    Instrument.objects.filter(citations__isnull=True).delete()
    by_symbol = dict(Document.objects.values_list("symbol", "id"))
    for instrument in Instrument.objects.all().only("id", "key", "document_id"):
        doc_id = by_symbol.get(instrument.key)
        if instrument.document_id != doc_id:
            instrument.document_id = doc_id
            instrument.save(update_fields=["document"])
