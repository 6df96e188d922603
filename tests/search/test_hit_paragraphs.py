"""The page's paragraphs read by one written statement are the models the ORM would build."""

import pytest

from archive.models import Paragraph
from archive.parsing.languages import LANGUAGES
from archive.search.results import _HIT_DOCUMENT_FIELDS, _HIT_PARAGRAPH_FIELDS, HIT_DEFERRED, hit_paragraphs


@pytest.mark.django_db
def test_hit_paragraphs_are_the_orm_s_rows_with_their_documents(collection, django_assert_num_queries):
    ids = list(Paragraph.objects.body().order_by("-id").values_list("id", flat=True)[:25])
    with django_assert_num_queries(1):
        found = hit_paragraphs(ids, LANGUAGES["en"])
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


@pytest.mark.django_db
def test_hit_paragraphs_read_each_document_s_title_in_the_language_in_the_same_statement(
    collection, django_assert_num_queries
):
    from archive.documents.languages import title_of
    from archive.models import DocumentVersion

    ids = list(Paragraph.objects.body().filter(anchor="op1").values_list("id", flat=True))
    with django_assert_num_queries(1):
        found = hit_paragraphs(ids, LANGUAGES["fr"])
    french = dict(DocumentVersion.objects.filter(language="fr").values_list("document__symbol", "title"))
    assert french and any(p.document.symbol not in french for p in found.values())  # some held in English only
    for p in found.values():
        shown = title_of(p.document)
        expected = (french[p.document.symbol], "fr") if p.document.symbol in french else (p.document.title, "en")
        assert (shown.text, shown.language.code) == expected


@pytest.mark.django_db
def test_hit_paragraphs_are_loaded_instances_as_the_orm_leaves_them(collection, django_assert_num_queries):
    """Built without ``Model.__init__``: still loaded from the database (not new), the same fields deferred,
    and a deferred field still loads on access, an edit still saves."""
    ids = list(Paragraph.objects.body().order_by("id").values_list("id", flat=True)[:3])
    found = hit_paragraphs(ids, LANGUAGES["en"])
    orm = Paragraph.objects.filter(id__in=ids).select_related("document").defer(*HIT_DEFERRED).in_bulk()
    p = found[ids[0]]
    assert (p._state.adding, p._state.db) == (False, "default")
    assert (p.document._state.adding, p.document._state.db) == (False, "default")
    assert p.get_deferred_fields() == orm[ids[0]].get_deferred_fields() == {"search"}
    assert p.document.get_deferred_fields() == orm[ids[0]].document.get_deferred_fields()
    stored = Paragraph.objects.values_list("search", flat=True).get(id=p.id)
    with django_assert_num_queries(1):
        assert p.search == stored
    p.opening = "Edited"
    p.save(update_fields=["opening"])
    assert Paragraph.objects.get(id=p.id).opening == "Edited"


@pytest.mark.django_db
def test_hit_paragraphs_go_through_init_when_something_listens_to_it(collection):
    """A receiver of ``post_init`` (a model's cached state, a tracker) is called for each paragraph read."""
    from django.db.models.signals import post_init

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    ids = list(Paragraph.objects.body().order_by("id").values_list("id", flat=True)[:3])
    post_init.connect(receiver, sender=Paragraph)
    try:
        found = hit_paragraphs(ids, LANGUAGES["en"])
    finally:
        post_init.disconnect(receiver, sender=Paragraph)
    assert sorted(seen) == sorted(ids) == sorted(found)
    assert hit_paragraphs(ids, LANGUAGES["en"]) and sorted(seen) == sorted(ids)  # disconnected: built directly


@pytest.mark.django_db
def test_hit_paragraphs_of_no_ids_sends_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert hit_paragraphs([], LANGUAGES["en"]) == {}
