"""The page's paragraphs read by one written statement are the models the ORM would build."""

import pytest

from archive.models import Paragraph
from archive.search.results import _HIT_DOCUMENT_FIELDS, _HIT_PARAGRAPH_FIELDS, HIT_DEFERRED, hit_paragraphs


@pytest.mark.django_db
def test_hit_paragraphs_are_the_orm_s_rows_with_their_documents(collection, django_assert_num_queries):
    ids = list(Paragraph.objects.body().order_by("-id").values_list("id", flat=True)[:25])
    with django_assert_num_queries(1):
        found = hit_paragraphs(ids)
        urls = [found[i].get_absolute_url() for i in ids]  # the document came with the row
    orm = Paragraph.objects.filter(id__in=ids).select_related("document").defer(*HIT_DEFERRED).in_bulk()
    assert set(found) == set(ids) and len(urls) == len(ids)
    for pid in ids:
        assert [getattr(found[pid], f.attname) for f in _HIT_PARAGRAPH_FIELDS] == [
            getattr(orm[pid], f.attname) for f in _HIT_PARAGRAPH_FIELDS
        ]
        assert [getattr(found[pid].document, f.attname) for f in _HIT_DOCUMENT_FIELDS] == [
            getattr(orm[pid].document, f.attname) for f in _HIT_DOCUMENT_FIELDS
        ]
