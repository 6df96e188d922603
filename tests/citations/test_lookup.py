"""A name or identifier a reader types is looked up in tables stored at ingest, never parsed at request time:
the instruments index, the search's instrument box and the "cites" filter find instruments alike."""

import pytest

from archive.citations import parse
from archive.citations.authority import written_forms
from archive.models import Instrument, InstrumentAlias, InstrumentIdentifier

TRAFFICKING = "UNTS:2237:39574"


def test_written_forms_of_each_kind_of_key():
    assert written_forms("UNTS:2237:39574") == [
        "UNTS:2237:39574",
        "United Nations, Treaty Series, vol. 2237, No. 39574",
        "Treaty Series, vol. 2237, No. 39574",
        "vol. 2237, No. 39574",
    ]
    assert written_forms("A/RES/55/25/annex-II") == [
        "A/RES/55/25/annex-II",
        "A/RES/55/25, annex II",
        "resolution 55/25, annex II",
        "General Assembly resolution 55/25, annex II",
    ]
    assert "resolution 2200 A (XXI), annex" in written_forms("A/RES/2200A(XXI)/annex")
    assert "resolution 1325 (2000)" in written_forms("S/RES/1325(2000)")  # a number with a year is the Council's
    assert written_forms("A/HRC/RES/29/14") == ["A/HRC/RES/29/14", "Human Rights Council resolution 29/14"]
    assert "United Nations publication, Sales No. E.96.IV.13" in written_forms("Sales:E.96.IV.13")
    assert "https://www.ilo.org/global" in written_forms("web:ilo.org/global")
    # a work known by its title, a named website, a remark: nothing is written but the key
    assert written_forms("pub:women-in-war") == ["pub:women-in-war"]
    assert written_forms("web:site:ilo") == ["web:site:ilo"]


@pytest.mark.django_db
def test_ingest_stores_the_written_forms_of_keys_and_aliases(collection):
    trafficking = Instrument.objects.get(key=TRAFFICKING)
    assert InstrumentAlias.objects.filter(instrument=trafficking, key="A/RES/55/25/annex-II").exists()
    written = set(trafficking.identifiers.values_list("written", flat=True))
    assert {"vol. 2237, No. 39574", "resolution 55/25, annex II"} <= written
    assert set(trafficking.identifiers.values_list("normalized", flat=True)) >= {
        "vol 2237 no 39574",
        "a res 55 25 annex ii",
    }
    # every instrument and alias is covered
    assert not Instrument.objects.filter(identifiers=None).exists()


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if the footnote parser runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("the footnote parser ran at request time")

    monkeypatch.setattr(parse, "_parse", refuse)


@pytest.mark.django_db
def test_the_instruments_index_looks_identifiers_up_without_parsing(collection, client, no_parsing):
    def keys(q):
        response = client.get("/instruments/", {"q": q})
        assert response.status_code == 200
        return [i.key for i in response.context["instruments"]]

    for written in [
        "Resolution 55/25, annex II",
        "resolution 55/25 annex II",
        "  vol. 2237,  No. 39574 ",
        "TREATY SERIES, VOL. 2237, NO. 39574",
    ]:
        assert keys(written) == [TRAFFICKING], written
    assert keys("vol. 2237, No. 3957") == []  # a written form is matched whole, not as a prefix
    # a short or common name, which the index did not know before it shared the search's lookup
    assert TRAFFICKING in keys("the Palermo Protocol")


@pytest.mark.django_db
def test_the_cites_filter_reads_identifiers_from_the_same_table(collection, client, no_parsing):
    by_identifier = client.get("/search/", {"q": "trafficking", "cites": "vol. 2237, No. 39574"})
    by_key = client.get("/search/", {"q": "trafficking", "cites": TRAFFICKING})
    assert by_identifier.status_code == by_key.status_code == 200
    assert by_identifier.context["results"].total == by_key.context["results"].total > 0
    unknown = client.get("/search/", {"q": "trafficking", "cites": "vol. 9999, No. 1"})
    assert (
        unknown.status_code == 400 and "no instrument in the archive is called or cited as" in unknown.content.decode()
    )


@pytest.mark.django_db
def test_the_search_and_the_index_share_one_name_lookup(collection, monkeypatch):
    from archive.citations import querysets
    from archive.search import compiler
    from archive.search.names import instruments_named

    calls = []
    real = querysets.named_condition

    def spy(q):
        calls.append(q)
        return real(q)

    # the search reads the instruments with its compiled query, the index filters by them: one condition
    monkeypatch.setattr(compiler, "named_condition", spy)
    monkeypatch.setattr(querysets, "named_condition", spy)
    found = instruments_named("smuggling migrants protocol")
    assert calls == ["smuggling migrants protocol"]
    expected = list(
        Instrument.objects.named("smuggling migrants protocol").order_by("title").values_list("key", flat=True)[:5]
    )
    assert calls == ["smuggling migrants protocol"] * 2
    assert [i.key for i in found] == expected
    assert found and all("smuggling" in i.title.lower() for i in found)


@pytest.mark.django_db
def test_the_migration_identifies_instruments_loaded_before_the_table(collection):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("archive.migrations.0012_instrument_identifiers")
    trafficking = Instrument.objects.get(key=TRAFFICKING)
    InstrumentIdentifier.objects.filter(instrument=trafficking).delete()
    assert not Instrument.objects.named("vol. 2237, No. 39574").exists()
    migration.identify_loaded_instruments(apps, None)
    assert list(Instrument.objects.named("vol. 2237, No. 39574")) == [trafficking]
    assert Instrument.objects.named("A/RES/55/25, annex II").get() == trafficking  # through its alias
