"""Paragraph lineage: agreement with hand-checked golden alignments, and synthetic cases.

The golden files were written by reading both resolutions side by side (see their
``how_checked`` field); the aligner must reproduce at least 95% of their
(old, new, status) pairs. No timing assertions here: ``python -m bench.lineage_speed``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from archive.lineage.align import Para, align
from archive.lineage.openings import opening_shift, opening_strength
from archive.lineage.pairs import agreement, link_rows, para_ids
from archive.lineage.text import word_diff
from archive.parsing import parse_path
from archive.parsing.text import normalize

BASE = settings.BASE_DIR
GOLDEN = Path(__file__).resolve().parent / "golden"


# --- golden alignments -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "align_62_132__74_127.json",
        "align_74_127__76_141.json",
        "align_62_132__72_149.json",
        "align_72_149__74_127.json",
    ],
)
def test_agreement_with_golden(name):
    golden = json.loads((GOLDEN / name).read_text())
    old = parse_path(BASE / golden["old"]["source"]).paragraphs
    new = parse_path(BASE / golden["new"]["source"]).paragraphs
    old_ids, new_ids = para_ids(old), para_ids(new)
    # The ids in the golden file still name the paragraphs they named when checked.
    old_by_id, new_by_id = dict(zip(old_ids, old)), dict(zip(new_ids, new))
    for row in golden["pairs"]:
        if row["old"]:
            assert normalize(old_by_id[row["old"]].text).startswith(row["old_starts"]), row
        if row["new"]:
            assert normalize(new_by_id[row["new"]].text).startswith(row["new_starts"]), row

    rows = link_rows(align(old, new), old_ids, new_ids)
    score, missed, extra = agreement(golden["pairs"], rows)
    print(
        f"\n{golden['old']['symbol']} -> {golden['new']['symbol']}: agreement {score:.1%} "
        f"({len(golden['pairs']) - len(missed)}/{len(golden['pairs'])} golden pairs)"
    )
    for pair in missed:
        print("  golden, not computed:", pair)
    for pair in extra:
        print("  computed, not golden:", pair)
    assert score >= 0.95


# --- synthetic cases ---------------------------------------------------------------

PP = [
    "Recalling its resolutions on the protection of seafarers stranded in foreign ports,",
    "Recognizing the importance of consular access for detained fishermen and their families,",
    "Deeply concerned at reports of unpaid wages aboard vessels flying flags of convenience,",
]
OP = [
    "Encourages States to ratify the Maritime Labour Convention and to apply its wage provisions;",
    "Calls upon flag States to inspect vessels regularly for compliance with crew welfare rules;",
    "Urges port States to facilitate the repatriation of abandoned crews without delay;",
    "Invites the International Maritime Organization to compile statistics on abandonment cases;",
    "Requests the Secretary-General to report on the implementation of the present resolution.",
]


def _opening(text: str) -> str:
    for phrase in ("Calls upon", "Requests the Secretary-General", "Deeply concerned", "Also calls upon"):
        if text.startswith(phrase):
            return phrase
    return text.split()[0]


def doc(pp=PP, op=OP) -> list[Para]:
    paras = [Para("preambular", t, None, _opening(t)) for t in pp]
    paras += [Para("operative", t, str(k), _opening(t)) for k, t in enumerate(op, 1)]
    return paras


def statuses(links):
    return [(l.status, l.old, l.new) for l in links]


def test_identical_documents_are_unchanged():
    links = align(doc(), doc())
    assert [l.status for l in links] == ["unchanged"] * 8
    assert all(l.old == l.new and l.score == 1.0 and not l.diff for l in links)


def test_typography_is_not_an_amendment():
    curly = PP[:1] + ["Recognizing the importance of consular access for detained fishermen’s families,"] + PP[2:]
    straight = PP[:1] + ["Recognizing  the importance of consular access for detained fishermen's families,"] + PP[2:]
    assert all(l.status == "unchanged" for l in align(doc(pp=curly), doc(pp=straight)))


def test_amended_paragraph_has_word_diff():
    changed = OP[1].replace("regularly", "at least annually")
    links = align(doc(), doc(op=[OP[0], changed] + OP[2:]))
    link = next(l for l in links if l.new == (4,))
    assert (link.status, link.old) == ("amended", (4,))
    assert ("delete", "regularly") in link.diff and ("insert", "at least annually") in link.diff
    assert 0.8 < link.score < 1.0
    assert not link.opening_changed


def test_opening_change_is_called_out():
    stronger = OP[0].replace("Encourages", "Urges")
    link = align(doc(), doc(op=[stronger] + OP[1:]))[3]
    assert link.status == "amended" and link.old == link.new == (3,)
    assert link.opening_changed
    assert (link.old_opening, link.new_opening, link.opening_shift) == ("Encourages", "Urges", "strengthened")
    assert link.diff[0] == ("delete", "Encourages") and link.diff[1] == ("insert", "Urges")


def test_preambular_to_operative_is_moved():
    # pp2 becomes the first operative paragraph: verb in its operative form, ";" for ",".
    recognizes = "Recognizes" + PP[1][len("Recognizing") : -1] + ";"
    old, new = doc(), doc(pp=[PP[0], PP[2]], op=[recognizes] + OP)
    assert new[2].opening == "Recognizes" and new[2].kind == "operative"
    link = next(l for l in align(old, new) if l.old == (1,))
    assert link.new == (2,) and link.status == "moved"
    assert link.kind_changed and link.moved and link.opening_changed
    assert link.opening_shift == "changed"
    # the same move with a change in the body is an amendment that also moved
    amended = recognizes.replace("detained", "arrested")
    link = next(l for l in align(old, doc(pp=[PP[0], PP[2]], op=[amended] + OP)) if l.old == (1,))
    assert (link.status, link.moved, link.kind_changed) == ("amended", True, True)


def test_out_of_sequence_move():
    # The first operative paragraph moves to the end, word for word.
    links = align(doc(), doc(op=OP[1:] + OP[:1]))
    link = next(l for l in links if l.old == (3,))
    assert (link.status, link.new, link.moved, link.kind_changed) == ("moved", (7,), True, False)
    assert sum(l.status == "unchanged" for l in links) == 7


def test_new_and_dropped():
    added = "Decides to remain seized of the question of abandoned crews at its next session;"
    links = align(doc(), doc(op=OP[:2] + [added] + OP[3:]))  # op3 replaced by an unrelated text
    assert ("dropped", (5,), ()) in statuses(links)
    assert ("new", (), (5,)) in statuses(links)
    assert sum(l.status == "unchanged" for l in links) == 7


def test_renumbering_does_not_shift_matches():
    inserted = "Emphasizes the need for shore leave for crews during prolonged port stays;"
    old, new = doc(), doc(op=OP[:1] + [inserted] + OP[1:])
    links = align(old, new)
    assert ("new", (), (4,)) in statuses(links)
    for link in links:
        if link.status == "unchanged":
            assert old[link.old[0]].text == new[link.new[0]].text
    assert [new[l.new[0]].number for l in links if l.old == (4,)] == ["3"]  # op2 is now op3
    assert sum(l.status == "unchanged" for l in links) == 8


SPLIT_WHOLE = (
    "Calls upon flag States to inspect vessels regularly for compliance with crew welfare "
    "rules, and to maintain a public registry of shipowners with outstanding wage claims;"
)
SPLIT_A = "Calls upon flag States to inspect vessels regularly for compliance with crew welfare rules;"
SPLIT_B = "Also calls upon flag States to maintain a public registry of shipowners with outstanding wage claims;"


def test_split_into_two_consecutive_paragraphs():
    old = doc(op=[OP[0], SPLIT_WHOLE] + OP[2:])
    new = doc(op=[OP[0], SPLIT_A, SPLIT_B] + OP[2:])
    link = next(l for l in align(old, new) if l.old == (4,))
    assert (link.status, link.new) == ("split", (4, 5))
    assert ("insert", ";") not in link.diff  # words, not characters
    assert any(op == "insert" and "Also calls upon" in text for op, text in link.diff)


def test_merge_of_two_paragraphs():
    old = doc(op=[OP[0], SPLIT_A, SPLIT_B] + OP[2:])
    new = doc(op=[OP[0], SPLIT_WHOLE] + OP[2:])
    links = align(old, new)
    link = next(l for l in links if l.new == (4,))
    assert (link.status, link.old) == ("merged", (4, 5))
    assert sum(l.status == "unchanged" for l in links) == 7


def test_subparagraphs_align_like_paragraphs():
    subs = ["To collect data on abandonment of crews;", "To publish an annual list of detained vessels;"]

    def with_subs(items):
        paras = doc()
        paras[7:7] = [Para("subparagraph", t, f"5({c})") for c, t in zip("abc", items)]
        return paras

    links = align(with_subs(subs), with_subs(["To train port inspectors in crew welfare;"] + subs))
    assert ("new", (), (7,)) in statuses(links)
    assert ("unchanged", (7,), (8,)) in statuses(links) and ("unchanged", (8,), (9,)) in statuses(links)


def test_rows_for_persistence():
    old = doc(op=[OP[0], SPLIT_WHOLE] + OP[2:])
    new = doc(op=[OP[0], SPLIT_A, SPLIT_B] + OP[2:])
    rows = link_rows(align(old, new), para_ids(old), para_ids(new))
    split = [r for r in rows if r["status"] == "split"]
    assert [(r["old"], r["new"]) for r in split] == [("op2", "op2"), ("op2", "op3")]
    assert split[0]["group"] == split[1]["group"]
    assert para_ids(old)[:4] == ["pp1", "pp2", "pp3", "op1"]


# --- helpers -------------------------------------------------------------------------


def test_word_diff():
    assert word_diff("Urges all States to act;", "Urges States to act now;") == [
        ("equal", "Urges"),
        ("delete", "all"),
        ("equal", "States to"),
        ("delete", "act;"),
        ("insert", "act now;"),
    ]
    assert word_diff("same “text”", 'same "text"') == [("equal", 'same "text"')]


def test_word_diff_compares_normalised_and_prints_the_texts_own_characters():
    ops = word_diff("Prend note de l'examen du rapport", "Prend acte de l’examen du\u00a0rapport")
    assert ops == [("equal", "Prend"), ("delete", "note"), ("insert", "acte"), ("equal", "de l’examen du rapport")]
    assert word_diff("l’examen d’un", "l’examen d’une") == [
        ("equal", "l’examen"),
        ("delete", "d’un"),
        ("insert", "d’une"),
    ]


def test_a_stored_diff_prints_the_texts_own_apostrophes():
    changed = OP[1].replace("regularly", "at the Secretary-General’s request")
    links = align(doc(), doc(op=[OP[0], changed] + OP[2:]))
    link = next(l for l in links if l.new == (4,))
    assert ("insert", "at the Secretary-General’s request") in link.diff


def test_opening_strength_ladder():
    levels = [opening_strength(v).level for v in ("Urges", "Calls upon", "Encourages", "Invites")]
    assert levels == sorted(levels, reverse=True)
    assert opening_strength("Strongly urges").level > opening_strength("Urges").level
    assert opening_strength("Also calls upon").verb == "calls upon"
    assert opening_strength("Requests the Secretary-General").verb == "requests"
    assert opening_strength("Takes note with appreciation").level > opening_strength("Takes note").level
    assert opening_strength("Recalling") is None


def test_opening_shift():
    assert opening_shift("Encourages", "Urges") == "strengthened"
    assert opening_shift("Encourages", "Invites") == "weakened"
    assert opening_shift("Takes note with appreciation", "Takes note") == "weakened"
    assert opening_shift("Recognizing", "Recognizing further") == "sequence"  # a change, of no strength
    assert opening_shift("Recalling", "Recalling also") == "sequence"
    assert opening_shift("Calls upon", "Requests") == "same strength"
    assert opening_shift("Stressing", "Recognizing") == "changed"
    assert opening_shift("Welcomes", "Urges") == "changed"  # different ladders
    assert opening_shift("Urges", "urges") is None


# --- similarity threshold and kinds of change ---------------------------------------


def _one(old_text, new_text, kind="preambular"):
    old = doc(pp=PP + [old_text])
    new = doc(pp=PP + [new_text])
    links = align(old, new)
    return next(l for l in links if len(PP) in l.new or len(PP) in l.old)


def test_every_link_carries_its_similarity_and_none_is_below_the_threshold():
    from archive.lineage.align import LINK_MIN

    links = align(
        doc(),
        doc(op=OP[:2] + ["Urges port States to facilitate the repatriation of crews abandoned in port;"] + OP[3:]),
    )
    for link in links:
        if link.old and link.new:
            assert LINK_MIN <= link.similarity <= 1.0
        else:
            assert link.similarity == 0.0 and link.change == ""
    assert {l.change for l in links if l.old and l.new} == {"unchanged", "amended"}


def test_least_dissimilar_is_not_a_version():
    # the same frame about another subject: below the threshold, so dropped + new, not amended
    old = "Taking note of the report on unpaid wages owed to stranded seafarers and fishermen in distant ports,"
    new = "Taking note of the report on piracy, kidnapping and ransom demands near coastlines of several regions,"
    links = align(doc(pp=PP + [old]), doc(pp=PP + [new]))
    assert [l.status for l in links if len(PP) in l.old or len(PP) in l.new] in (["dropped", "new"], ["new", "dropped"])


def test_editorial_changes_are_told_apart_from_substantive_ones():
    base = "Recognizing the role of health-care workers and of States parties in protecting crews,"
    for edited in (
        "Recognizing the role of healthcare workers and of States Parties in protecting crews,",
        "Recognizing the role of health-care workers, and of States parties, in protecting crews,",
        "Recognizing the role of \u201chealth-care\u201d workers and of States parties in protecting crews,",
    ):
        link = _one(base, edited)
        assert (link.status, link.change) == ("amended", "editorial"), edited
    assert _one(base, base.replace("protecting", "rescuing")).change == "amended"


def test_a_changed_opening_alone_is_an_opening_change():
    old = "Recognizing the role of consular officers in assisting detained fishermen,"
    new = "Recognizing also the role of consular officers in assisting detained fishermen,"
    old_p = Para("preambular", old, None, "Recognizing")
    new_p = Para("preambular", new, None, "Recognizing also")
    link = align([old_p], [new_p])[0]
    assert (link.status, link.change, link.opening_shift) == ("amended", "opening", "sequence")
    assert link.opening_changed and (link.old_opening, link.new_opening) == ("Recognizing", "Recognizing also")
