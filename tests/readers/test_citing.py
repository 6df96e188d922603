"""Copy citation: the formal citation (symbol, paragraph, date, title) and a link, on document and permalink pages."""

import re

import pytest

pytestmark = pytest.mark.django_db


def cite_of(html: str, anchor: str) -> str:
    block = html[html.index(f'id="{anchor}"') :]
    formal = re.search(r'<span class="cite-formal">(.*?)</span>\. <a class="cite-link"', block, re.S).group(1)
    return re.sub(r'<span lang="en" dir="ltr">(.*?)</span>', r"\1", formal)  # the title, marked English


@pytest.mark.parametrize("path", ["/documents/A/RES/76/141/", "/documents/A/RES/76/141/para/op5/"])
def test_a_resolution_paragraph_is_cited_with_its_number_date_and_title(collection, client, path):
    html = client.get(path).content.decode()
    assert cite_of(html, "op5") == (
        "General Assembly resolution 76/141, “Violence against women migrant workers”, "
        "adopted 16 December 2021 (A/RES/76/141), para. 5"
    )
    assert (
        'class="cite-link" href="/documents/A/RES/76/141/para/op5/">http://testserver/documents/A/RES/76/141/para/op5/<'
        in html
    )
    assert 'class="copy-cite" data-target="op5" hidden' in html
    assert "js/archive." in html  # the script on the permalink page too


def test_reports_and_sub_items_and_undated_reports(collection, client):
    assert cite_of(client.get("/documents/A/64/152/").content.decode(), "p4") == (
        "Report of the Secretary-General, “Violence against women migrant workers” (A/64/152), 16 July 2009, para. 4"
    )
    assert cite_of(client.get("/documents/A/RES/74/127/").content.decode(), "op41a").endswith(
        "adopted 18 December 2019 (A/RES/74/127), para. 41 (a)"
    )
    assert "(A/72/215), undated (the source&#x27;s date is not legible), para. 37" in cite_of(
        client.get("/documents/A/72/215/").content.decode(), "p37"
    )
