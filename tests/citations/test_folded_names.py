"""A name typed is compared with the instruments' titles and keys as PostgreSQL folds them, stored when written."""

from __future__ import annotations

import pytest

from archive.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument():
    return Instrument.objects.create(
        key="UNTS:9999:12345/annex-IV", kind="treaty", title="Protocol on Écoles and Ünusual Letters"
    )


def test_the_folded_title_and_key_follow_every_write(instrument):
    instrument.refresh_from_db()
    assert (instrument.title_folded, instrument.key_folded) == (
        "PROTOCOL ON ÉCOLES AND ÜNUSUAL LETTERS",
        "UNTS:9999:12345/ANNEX-IV",
    )
    Instrument.objects.filter(pk=instrument.pk).update(title="Convention on Lakes", key="UNTS:9999:1")
    instrument.refresh_from_db()
    assert (instrument.title_folded, instrument.key_folded) == ("CONVENTION ON LAKES", "UNTS:9999:1")


@pytest.mark.parametrize(
    "typed, found",
    [
        ("écoles ünusual", True),  # every word of the title, in any case, accented letters folded alike
        ("ÉCOLES protocol", True),
        ("écoles schools", False),  # not every word
        ("annex-iv", True),  # a whole part of the key, in any case
        ("12345/ANNEX-IV", True),
        ("annex-i", False),  # a part of a part: not annex IV
        ("2345", False),
    ],
)
def test_a_name_finds_the_instrument_in_any_case(instrument, typed, found):
    assert Instrument.objects.named(typed).filter(pk=instrument.pk).exists() is found
