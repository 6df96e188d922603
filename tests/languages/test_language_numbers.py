"""Sub-item labels as each language prints them, on the page and in the AKN export alike; what the
archive does not hold in a language (the enacting formula, the cover title) is not labelled as it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db
PRINTED = {"fr": "a)", "es": "a)", "ru": "a)", "ar": "(أ)", "en": "(a)"}


@pytest.mark.parametrize("symbol", ["A/RES/74/127", "A/RES/76/141", "A/RES/80/185"])
@pytest.mark.parametrize("code", list(PRINTED))
def test_sub_item_labels_as_printed_on_the_page_and_in_the_export(client, collection, symbol, code):
    html = client.get(f"/documents/{symbol}/?lang={code}").content.decode()
    labels = re.findall(r'<div class="para para-subparagraph[^>]*>\s*<span class="num"[^>]*>([^<]+)</span>', html)
    assert labels and labels[0] == PRINTED[code], labels[:3]
    assert not [x for x in labels if x.count(")") > x.count("(") + 1 or re.match(r"\(\d", x)]
    xml = client.get(f"/documents/{symbol}/akn.xml", {"lang": code}).content.decode()
    points = re.findall(r"<(?:akn:)?point [^>]*>\s*<(?:akn:)?num>([^<]+)<", xml)
    assert points and points[0] == PRINTED[code], points[:3]


@pytest.mark.parametrize("code", ["fr", "ar", "zh", "ru", "es"])
def test_no_english_cover_title_or_formula_in_another_language_expression(client, collection, code):
    xml = client.get("/documents/A/RES/80/185/akn.xml", {"lang": code}).content.decode()
    assert "Resolution adopted by the General Assembly" not in xml
    assert "The General Assembly" not in xml
    html = client.get(f"/documents/A/RES/80/185/?lang={code}").content.decode()
    formula = re.search(r'<p class="formula"[^>]*>.*?</p>', html, re.S).group(0)
    assert 'lang="en"' in formula and "in English" in formula
