"""The one filter that writes a list of names as a sentence does: "a, b and c"."""

from dataclasses import dataclass

from django.template import Context, Template


@dataclass
class Named:
    short: str
    url: str = "/documents/A/RES/64/139/"

    def get_absolute_url(self) -> str:
        return self.url


def render(items, arg: str = "") -> str:
    expr = f'items|name_list:"{arg}"' if arg else "items|name_list"
    return Template("{% load archive_lists %}{{ " + expr + " }}").render(Context({"items": items}))


def test_names_are_joined_with_commas_and_a_final_and():
    assert render([]) == ""
    assert render([Named("64/139")]) == "64/139"
    assert render([Named("64/139"), Named("66/128")]) == "64/139 and 66/128"
    assert render([Named("64/139"), Named("66/128"), Named("A/64/152")]) == "64/139, 66/128 and A/64/152"


def test_names_are_escaped():
    assert render([Named("<b>x</b>"), Named("a & b")]) == "&lt;b&gt;x&lt;/b&gt; and a &amp; b"


def test_with_a_class_each_name_links_to_its_page():
    items = [Named("64/139", "/documents/A/RES/64/139/"), Named("66/128", "/documents/A/RES/66/128/?a=1&b=2")]
    assert render(items, "not-held") == (
        '<a class="not-held" href="/documents/A/RES/64/139/">64/139</a> and '
        '<a class="not-held" href="/documents/A/RES/66/128/?a=1&amp;b=2">66/128</a>'
    )
