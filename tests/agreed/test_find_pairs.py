"""Agreed language across documents without a database: units, signatures, pairs, boilerplate."""

import numpy as np
from datasketch import MinHash, MinHashLSH

from archive.agreed import pairs as agreed
from archive.agreed.pairs import MAX_DOCUMENTS, Text, find_pairs, shingle_sets, signatures, unit_spans

SHARED = (
    "Calls upon all States to adopt or strengthen measures to protect the human rights of women migrant "
    "workers, regardless of their immigration status, including in policies that regulate recruitment"
)
OTHER = (
    "Encourages the specialized agencies to continue their cooperation with the regional commissions on the "
    "statistics of international trade in goods and services of the least developed countries"
)


def pairs_of(texts):
    pairs, boilerplate = find_pairs(texts)
    return {(p.paragraph, p.other): p for p in pairs}, boilerplate


def test_signatures_are_datasketch_minhash_values():
    values, offsets = shingle_sets([agreed.words(SHARED), agreed.words(OTHER)])
    sig = signatures(values, offsets)
    for u in range(2):
        m = MinHash(num_perm=agreed.NUM_PERM, seed=agreed.SEED, hashfunc=int)
        m.update_batch(values[offsets[u] : offsets[u + 1]].tolist())
        assert np.array_equal(m.hashvalues, sig[u])


def test_permutations_are_those_datasketch_draws_for_each_seed():
    for seed in (agreed.SEED, 2, 17):
        for num_perm in (agreed.NUM_PERM, 128):
            a, b = agreed.permutations(num_perm, seed)
            m = MinHash(num_perm=num_perm, seed=seed)
            assert m.scheme == "affine32"
            assert np.array_equal(m.permutations[0], a) and np.array_equal(m.permutations[1], b)
            assert a.dtype == m.permutations.dtype


def test_bands_and_rows_are_those_datasketch_lsh_chooses():
    for threshold in (0.3, 0.4, agreed.LSH_THRESHOLD, 0.6, 0.7, 0.8):
        for num_perm in (16, 32, agreed.NUM_PERM, 128):
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            assert agreed.bands(threshold, num_perm) == (lsh.b, lsh.r), (threshold, num_perm)


def test_finding_pairs_does_not_import_datasketch_or_scipy():
    """datasketch's package imports scipy: a small ingest would spend more on the import than on its pairs."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; from archive.agreed.pairs import Text, find_pairs; "
        f"find_pairs([Text(1, 1, {SHARED!r}), Text(2, 2, {SHARED!r})]); "
        "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )
    assert out.stdout.strip() == "[]"


def test_the_same_paragraph_in_two_documents_is_a_pair_both_ways_and_not_within_one_document():
    found, _ = pairs_of([Text(1, 10, SHARED), Text(2, 20, SHARED), Text(3, 20, OTHER), Text(4, 10, SHARED)])
    assert set(found) == {(1, 2), (2, 1), (2, 4), (4, 2)}
    assert found[(1, 2)].similarity == 1.0 and found[(1, 2)].match == "paragraph"


def test_editorial_and_small_changes_stay_a_pair_unrelated_text_does_not():
    edited = SHARED.replace("adopt or strengthen", "adopt and strengthen").replace("Calls upon", "Urges")
    found, _ = pairs_of([Text(1, 10, SHARED), Text(2, 20, edited), Text(3, 30, OTHER)])
    assert (1, 2) in found and 0.5 <= found[(1, 2)].similarity < 1
    assert not any(3 in key for key in found)


def test_a_clause_of_twenty_words_reused_in_a_longer_paragraph_counts():
    clause = SHARED  # 27 words
    longer = (
        f"Recognizing the contribution of migrant women to development in countries of origin and destination; "
        f"{clause.lower()}; and invites the Special Rapporteur on the human rights of migrants to report thereon"
    )
    found, _ = pairs_of([Text(1, 10, clause), Text(2, 20, longer)])
    assert found[(1, 2)].match == "clause"


def test_a_short_clause_in_a_longer_paragraph_does_not_count():
    short = "protect the human rights of women migrant workers everywhere and always"  # 11 words
    longer = OTHER + "; " + short + "; " + OTHER.replace("Encourages", "Invites").replace("statistics", "census")
    assert len(agreed.words(short)) < agreed.CLAUSE_MIN_WORDS
    found, _ = pairs_of([Text(1, 10, short + " " + "in line with the Charter"), Text(2, 20, longer)])
    assert (1, 2) not in found


def test_short_formulas_are_not_compared():
    assert unit_spans("Takes note of the report of the Secretary-General;") == []


def test_language_in_more_documents_than_the_rule_allows_is_boilerplate():
    formula = "Reaffirming the purposes and principles of the Charter of the United Nations and of international law"
    texts = [Text(i, i, formula) for i in range(1, MAX_DOCUMENTS + 3)] + [
        Text(900, 900, SHARED),
        Text(901, 901, SHARED),
    ]
    found, boilerplate = pairs_of(texts)
    assert set(found) == {(900, 901), (901, 900)}
    assert boilerplate == set(range(1, MAX_DOCUMENTS + 3))


def test_only_pairs_of_changed_paragraphs_are_returned_when_asked():
    texts = [Text(1, 10, SHARED), Text(2, 20, SHARED), Text(3, 30, SHARED)]
    pairs, _ = find_pairs(texts, changed={3})
    assert {(p.paragraph, p.other) for p in pairs} == {(1, 3), (3, 1), (2, 3), (3, 2)}


def made_corpus(documents: int = 40) -> list[Text]:
    """Documents sharing clauses (some edited, some inside longer paragraphs), with formulas too short
    to compare and unrelated text: made here, so that every kind of unit is in it."""
    import random

    rng = random.Random(17)
    vocabulary = sorted(set((SHARED + " " + OTHER).lower().replace(",", "").split()))
    clauses = [" ".join(rng.choice(vocabulary) for _ in range(24)) for _ in range(10)]
    texts = []
    for doc in range(documents):
        for k in range(8):
            pick = rng.random()
            words = rng.choice(clauses).split()
            if pick < 0.4:  # a shared clause, a word or two edited
                for _ in range(rng.randint(0, 2)):
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
                text = " ".join(words).capitalize()
            elif pick < 0.6:  # two clauses in one paragraph
                text = " ".join(words) + "; " + rng.choice(clauses)
            elif pick < 0.7:
                text = "Takes note of the report of the Secretary-General;"
            else:
                text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 40)))
            texts.append(Text(doc * 100 + k, doc, text))
    return texts


def test_units_signed_in_worker_processes_give_the_same_pairs_as_one_process():
    texts = made_corpus()
    for changed in (None, {t.id for t in texts[::7]}):
        (alone, boilerplate), (shared, boilerplate_too) = (
            agreed.find_pair_arrays(texts, changed, workers=n) for n in (1, 2)
        )
        assert len(alone) > 100 and alone.whole.any() and not alone.whole.all()
        for field in ("paragraph", "other", "other_document", "whole"):
            assert np.array_equal(getattr(alone, field), getattr(shared, field)), field
        assert alone.similarity == shared.similarity and boilerplate == boilerplate_too


def test_units_of_runs_of_texts_joined_are_the_units_of_all_of_them():
    texts = made_corpus(6)
    whole = agreed.units(texts)
    # a run of formulas only has no unit at all
    runs = [texts[:10], [Text(1, 1, "Takes note of the report;")], texts[10:], []]
    parts = agreed.joined([agreed.units(run) for run in runs])
    for field in ("para", "doc", "whole", "values", "offsets", "sig"):
        assert np.array_equal(getattr(whole, field), getattr(parts, field)), field
