"""Member State names as the metadata records spell them, read through fixtures/member_states.json."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from archive.parsing.member_states import NameTable, fold, name_table

# the corpus beside the checkout (../shared/corpus, as the README says), when it is there
CORPUS_METADATA = Path(os.environ.get("CORPUS_METADATA") or settings.BASE_DIR.parent / "shared" / "corpus" / "metadata")
LISTS = ("MS_in_favour", "MS_against", "MS_abstaining", "sponsors", "additional_sponsors")


def test_the_table_holds_the_193_member_states_and_the_observers():
    table = name_table()
    assert len(table.member_states) == 193 == len(set(table.member_states))
    assert table.lookup("State of Palestine") == "State of Palestine"
    assert table.lookup("Holy See") == "Holy See"


@pytest.mark.parametrize(
    "spelling", ["TURKEY", "TURKIYE", "TÜRKIYE", "TÜRK\u0130YE", "TÜRKI\u0307YE", "TÜRKÝYE", "Türkiye"]
)
def test_turkiye_however_the_records_spell_it(spelling):
    assert name_table().lookup(spelling) == "Türkiye"


@pytest.mark.parametrize(
    "spelling, name",
    [
        ("GE RMANY", "Germany"),
        ("CZECHI A", "Czechia"),
        ("MAURITANI A", "Mauritania"),
        ("ANDORRA\xa0", "Andorra"),
        ("BAHAMAS (THE)", "Bahamas"),
        ("THE GAMBIA", "Gambia"),
        ("CÔTE D’IVOIRE", "Côte d'Ivoire"),
        ("COTE D'IVOIRE", "Côte d'Ivoire"),
        ("UNITED STATES", "United States of America"),
        ("UNITED KINGDOM", "United Kingdom of Great Britain and Northern Ireland"),
        ("NETHERLANDS", "Netherlands (Kingdom of the)"),
        ("KINGDOM OF THE NETHERLANDS", "Netherlands (Kingdom of the)"),
        ("BOLIVARIAN REPUBLIC OF VENEZUELA", "Venezuela (Bolivarian Republic of)"),
        ("NAMBIA", "Namibia"),
        ("MICRONESIA (FEDERATES STATES OF)", "Micronesia (Federated States of)"),
        ("THEREPUBLIC OF KOREA", "Republic of Korea"),
    ],
)
def test_spellings_folding_and_the_variants_reach(spelling, name):
    assert name_table().lookup(spelling) == name


def test_run_together_names_are_split_and_names_with_and_are_not():
    read = name_table().read(
        [
            "UNITED STATES AND VIET NAM",
            "UNITED KINGDOMAND URUGUAY",
            "CHILE,DOMINICAN REPUBLIC",
            "BARBADOS. DOMINICAN REPUBLIC",
            "COMOROS\xa0 CONGO",
            "ANGOLA BAHAMAS",
            "ANTIGUA AND BARBUDA",
            "BOSNIA AND HERZEGOVINA",
            "GUINEA-BISSAU",
            "GUINEA BISSAU",
        ]
    )
    assert read.names == [
        "United States of America",
        "Viet Nam",
        "United Kingdom of Great Britain and Northern Ireland",
        "Uruguay",
        "Chile",
        "Dominican Republic",
        "Barbados",
        "Comoros",
        "Congo",
        "Angola",
        "Bahamas",
        "Antigua and Barbuda",
        "Bosnia and Herzegovina",
        "Guinea-Bissau",
    ]
    assert not read.unknown


def test_a_sentence_of_sponsors_keeps_who_spoke_on_behalf_of_whom():
    read = name_table().read(
        [
            "Cuba (on behalf of the States Members of the United Nations that are members of the Movement of "
            "Non-Aligned Countries) and Russian Federation",
            "Austria, Kazakhstan and Malaysia (on behalf of the States Members of the United Nations that are members of the "
            "Association of South-East Asian Nations and the States Parties to the Treaty on the Southeast Asia "
            "Nuclear-Weapon-Free Zone (Bangkok Treaty))",
            "EGYPT, ON BEHALF OF THE STATES MEMBERS OF THE UNITED NATIONS THAT ARE MEMBERS OF THE LEAGUE OF ARAB STATES",
        ]
    )
    assert read.names == ["Cuba", "Russian Federation", "Austria", "Kazakhstan", "Malaysia", "Egypt"]
    roles = {s.name: s.role for s in read.states}
    assert roles["Cuba"].endswith("Movement of Non-Aligned Countries") and roles["Russian Federation"] == ""
    assert roles["Malaysia"].endswith("(Bangkok Treaty)")
    assert (
        roles["Egypt"]
        == "on behalf of the states members of the united nations that are members of the league of arab states"
    )


def test_statements_are_not_states_and_garbled_names_are_reported_not_guessed():
    read = name_table().read(
        [
            "SUBMITTED BY THE CHAIR OF THE COMMITTEE FOLLOWING INFORMAL CONSULTATIONS",
            "the representative of Brazil, on behalf of the Bureau",
            "THE OF KOREA",
            "ISLANDS",
            "",
            "LIBERIA. SUBSEQUENTLY",
            "STATE OF PALESTINE,",
        ]
    )
    assert read.names == ["Liberia", "State of Palestine"]
    assert read.statements == [
        "SUBMITTED BY THE CHAIR OF THE COMMITTEE FOLLOWING INFORMAL CONSULTATIONS",
        "the representative of Brazil, on behalf of the Bureau",
    ]
    assert read.unknown == ["THE OF KOREA", "ISLANDS"]


def test_two_entries_that_split_one_name_are_joined():
    table = NameTable({"states": [{"name": "Sao Tome and Principe"}, {"name": "Peru"}]})
    read = table.read(["PERU", "SAO TOME AND", "PRINCIPE"])
    assert read.names == ["Peru", "Sao Tome and Principe"] and not read.unknown


def test_fold_ignores_case_accents_spaces_and_punctuation():
    assert fold("Côte d’Ivoire") == fold("COTE D'IVOIRE") == "COTEDIVOIRE"


@pytest.mark.skipif(not CORPUS_METADATA.is_dir(), reason=f"corpus metadata not present at {CORPUS_METADATA}")
def test_every_spelling_in_the_corpus_records_reads_to_a_state_a_statement_or_a_reported_unknown():
    table = name_table()
    spellings, states, unknown = set(), set(), []
    for path in sorted(CORPUS_METADATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            for field in LISTS:
                entries = record.get(field) or []
                spellings.update(entries)
                read = table.read(entries)
                states.update(read.names)
                unknown.extend(read.unknown)
    assert len(spellings) > 500
    assert set(table.member_states) <= states  # every Member State votes somewhere in 74-80
    assert len(unknown) <= 5, unknown  # what is left is garbled beyond reading ("THE OF KOREA")
