"""The one typography-neutral form (``archive.parsing.text.normalize``) and the comparisons built on it:
the aligner's, the comparison of two parses, the search's "same text", instrument names, citations."""

import pytest

from archive.citations.forms import clean
from archive.lineage.text import editorial_form, word_diff, words
from archive.parsing.compare import normalize as compare_normalize
from archive.parsing.text import TYPOGRAPHY, dehyphenate, normalize, normalized_name, word_set
from archive.search.results import normalized_text

PLAIN = 'The "Palermo" Protocol\'s 2000-2010 review - see Add.1-3 of 18 December 2019'
VARIANTS = [
    "The “Palermo” Protocol’s 2000–2010 review — see Add.1‑3 of 18\u00a0December\u202f2019",
    "The „Palermo” Protocol‘s 2000‒2010 review ― see Add.1−3 of 18\u2009December 2019",
    'The "Palermo"  Protocol`s 2000\u20102010 review – see Add.1-3 of\n18 December 2019 ',
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_typographic_variants_have_one_form(variant):
    assert normalize(variant) == PLAIN
    assert words(variant) == PLAIN.split()  # the aligner's words
    assert compare_normalize(variant) == compare_normalize(PLAIN)
    assert (
        normalized_text(variant)
        == normalized_text(PLAIN)
        == "the palermo protocol s 2000 2010 review see add 1 3 of 18 december 2019"
    )
    assert normalized_name(variant) == normalized_name(PLAIN)


def test_each_quote_dash_and_space_of_the_table():
    assert normalize("‘a’ ‚b′ `c` “d” „e″", compatibility=False) == "'a' 'b' 'c' \"d\" \"e\""
    assert normalize("5″") == "5''"  # NFKC first reads a double prime as two primes
    assert normalize("a\u2010b\u2011c\u2012d\u2013e\u2212f\u2014g\u2015h") == "a-b-c-d-e-f-g-h"
    assert normalize("a\u00a0b\u202fc\u2009d \t\n e") == "a b c d e"
    assert all(len(v) == 1 for v in TYPOGRAPHY.values())  # a variant becomes one character: offsets hold


def test_soft_hyphens_zero_width_spaces_and_marks():
    assert normalize("vul\u00adnera\u200bble") == "vulnerable"
    assert normalize("vul\u00adnerable", invisible=False) == "vul\u00adnerable"
    assert normalized_text("vul\u00adnerable") == "vul nerable"  # the search keeps it a word break, as it did
    assert normalize("\u200fتحث\ufeff") == "\u200fتحث\ufeff"  # the aligner keeps direction marks
    assert normalize("\u200fتحث\ufeff", marks=True) == "تحث"
    assert compare_normalize("\ufeff\u200eCalls upon\u200f") == "Calls upon"


def test_compatibility_forms_and_superscripts():
    assert normalize("ﬁnancial ﬂows²") == "financial flows2"
    assert normalize("ﬁnancial ﬂows²", compatibility=False) == "ﬁnancial ﬂows²"
    assert compare_normalize("Convention,³ ﬁrst") == "Convention,³ ﬁrst"  # a marker stays a marker


def test_hyphenation():
    # a line-end hyphen is kept unless the document writes the word without it
    assert dehyphenate("the vulnera-", "bility of", word_set("their vulnerability")) == "the vulnerability of"
    assert dehyphenate("gender-", "sensitive", word_set("gender-sensitive policies")) == "gender-sensitive"
    assert dehyphenate("gender-", "sensitive", None) == "gender-sensitive"
    # the comparison of two parses forgives a hyphen lost or changed inside a word, not one between words
    assert compare_normalize("gender‑sensitive") == compare_normalize("gendersensitive") == "gendersensitive"
    assert compare_normalize("women - and girls") == "women - and girls"
    # the aligner: an editorial difference only, and no word changed by typography alone
    assert editorial_form("health-care") == editorial_form("Healthcare") == "healthcare"
    assert word_diff("gender‐sensitive “policies”", 'gender-sensitive "policies"') == [
        ("equal", 'gender-sensitive "policies"')
    ]


def test_names_and_identifiers_compare_by_letters_and_digits():
    assert normalized_name("ILO Convention No. 189") == "ilo convention no 189"
    assert normalized_name("A/RES/55/25, annex II") == normalized_name("a/res/55/25 annex ii") == "a res 55 25 annex ii"
    assert normalized_name("“Palermo” Protocol") == "palermo protocol"
    assert normalized_name("Convention relative à") == "convention relative"  # only ASCII letters, as stored
    assert normalized_name(None) == normalized_name("  ") == ""


def test_a_citation_keeps_quotes_and_em_dashes_as_printed():
    assert clean("“Title” — sub, *Treaty Series*, S‑23/2, Add.1–3\u00a0and\u202fvul\u00adnerable") == (
        "“Title” — sub, Treaty Series, S-23/2, Add.1-3 and vul-nerable"
    )
