"""The instruments index's figures (citing documents, first and last citing session) are kept at
ingest and after an admin edit, and equal what counting every citation gives."""

import pytest
from django.db.models import Count, Max, Min

from archive.models import Citation, Instrument

pytestmark = pytest.mark.django_db


def _counted():
    """The figures counted over every citation (the oracle: what the index once computed per request)."""
    return {
        i.id: (i.n, i.first, i.last)
        for i in Instrument.objects.annotate(
            n=Count("citations__footnote__document", distinct=True),
            first=Min("citations__footnote__document__session"),
            last=Max("citations__footnote__document__session"),
        )
    }


def _stored():
    return {
        i: (n, f, last)
        for i, n, f, last in Instrument.objects.values_list("id", "citing_documents", "first_session", "last_session")
    }


def test_ingest_keeps_each_instruments_citing_figures(collection):
    stored = _stored()
    assert stored == _counted()
    assert any(n > 1 for n, _, _ in stored.values()) and any(f != last for _, f, last in stored.values())


def test_an_admin_edit_counts_them_again_once_committed(collection, django_capture_on_commit_callbacks):
    from django.db import transaction

    widest = Instrument.objects.order_by("-citing_documents").first()
    first = widest.first_session
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            Citation.objects.filter(instrument=widest, footnote__document__session=first).delete()
    # one count however many citations the edit deleted
    assert len([c for c in callbacks if getattr(c, "__name__", "") == "refresh_citing_stats"]) == 1
    widest.refresh_from_db()
    assert widest.first_session != first and _stored() == _counted()


def test_the_index_sorts_by_the_kept_figures(client, collection):
    html = client.get("/instruments/", {"sort": "documents"}).content.decode()
    top = Instrument.objects.order_by("-citing_documents", "title").first()
    assert top.get_absolute_url() in html[: html.index("</tbody>")].split("<tr>")[2]
