"""Links between loaded documents, recomputed after every run (cheap, and always whole).

- a report *answers* the resolution that requested it: the resolution its text names
  ("submitted pursuant to General Assembly resolution 62/132"), else the resolution of
  its series whose last operative paragraph asks for a report "at its sixty-fourth session";
- an instrument that is a document the archive holds points to it.
"""

from __future__ import annotations

import re

from django.db import transaction

from archive.models import Document, Instrument, Paragraph
from archive.parsing.ordinals import requested_session

PURSUANT_RE = re.compile(r"pursuant to (?:General Assembly )?resolution (\d{1,3}/\d{1,4})")


def link_documents() -> None:
    from .lineage import update_lineage

    with transaction.atomic():
        _link_reports()
        _link_instruments()
    update_lineage()


def _link_reports() -> None:
    resolutions = {d.symbol: d for d in Document.objects.resolutions()}
    requested: dict[tuple[int | None, int], Document] = {}
    for res in resolutions.values():
        last = Paragraph.objects.filter(document=res, kind="operative").order_by("-position").first()
        session = requested_session(last.text) if last else None
        if session:
            requested[(res.series_id, session)] = res
    for report in Document.objects.reports():
        target = None
        named = report.metadata.get("answers")
        if not named:
            first = Paragraph.objects.filter(document=report, text__contains="pursuant to").order_by("position").first()
            m = PURSUANT_RE.search(first.text) if first else None
            named = f"A/RES/{m.group(1)}" if m else None
        if named:
            target = resolutions.get(named)
        if target is None and not named:
            target = requested.get((report.series_id, report.session))
        if report.answers_id != (target.id if target else None):
            report.answers = target
            report.save(update_fields=["answers"])


def _link_instruments() -> None:
    # an instrument whose last citing document was replaced or dropped is no longer cited
    Instrument.objects.filter(citations__isnull=True).delete()
    by_symbol = dict(Document.objects.values_list("symbol", "id"))
    for instrument in Instrument.objects.all().only("id", "key", "document_id"):
        doc_id = by_symbol.get(instrument.key)
        if instrument.document_id != doc_id:
            instrument.document_id = doc_id
            instrument.save(update_fields=["document"])
