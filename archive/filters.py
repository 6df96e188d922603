"""Search filters (django-filter): all combinable, all kept in the URL.

Values are read as people write them: a symbol in any case, with or without ``A/RES/``
(``74/127``, ``a/res/74/127``); an instrument by its key, an alias, its title, or its
identifier as a footnote writes it ("Treaty Series, vol. 2220, No. 39481"). A value that
names nothing the archive holds is an error that says so, not an empty result.
"""

import copy
import functools

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from archive.documents.typed_symbols import held_symbol, typed_symbol
from archive.export.filenames import FileName, name_part
from archive.models import Citation, Document, FootnoteReference, Instrument, Paragraph


def instrument_keys(value: str) -> list[str]:
    """Keys of the instruments ``value`` names: a key or alias (any case), an exact title, or an identifier
    as a footnote writes it ("United Nations, Treaty Series, vol. 2220, No. 39481", "resolution 55/25, annex II")."""
    return list(Instrument.objects.identified_by(value).values_list("key", flat=True))


class SymbolField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        symbol = held_symbol(value)
        if symbol is None:
            raise forms.ValidationError(f"the archive holds no document {typed_symbol(value)}.")
        return symbol


class InstrumentField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        keys = instrument_keys(value)
        if not keys:
            raise forms.ValidationError(
                f"no instrument in the archive is called or cited as {value!r}; "
                "see the list of instruments for their names and keys."
            )
        return keys


class SymbolFilter(django_filters.CharFilter):
    field_class = SymbolField


class InstrumentFilter(django_filters.CharFilter):
    field_class = InstrumentField


SEARCHABLE_KINDS = [(k, v) for k, v in Paragraph.Kind.choices if k != "heading"]


class ParagraphFilter(django_filters.FilterSet):
    session_from = django_filters.NumberFilter(
        field_name="document__session", lookup_expr="gte", label="From session", min_value=1, max_value=200
    )
    session_to = django_filters.NumberFilter(
        field_name="document__session", lookup_expr="lte", label="To session", min_value=1, max_value=200
    )
    doc_kind = django_filters.ChoiceFilter(
        field_name="document__kind",
        choices=Document.Kind.choices,
        label="Document",
        empty_label="Resolutions and reports",
    )
    kind = django_filters.ChoiceFilter(
        method="filter_kind", choices=SEARCHABLE_KINDS, label="Paragraph", empty_label="Any paragraph"
    )
    opening = django_filters.CharFilter(
        field_name="opening", lookup_expr="iexact", label="Opening phrase", max_length=100
    )
    document = SymbolFilter(field_name="document__symbol", label="Within document", max_length=100)
    cites = InstrumentFilter(method="filter_cites", label="Cites instrument", max_length=300)
    also_in = django_filters.NumberFilter(
        field_name="reach__documents",
        lookup_expr="gte",
        label="Language also in at least (documents)",
        min_value=1,
        max_value=100_000,
    )
    has_footnotes = django_filters.ChoiceFilter(
        method="filter_has_footnotes",
        label="Footnotes",
        empty_label="Any",
        choices=[("yes", "With footnotes"), ("no", "Without footnotes")],
    )

    class Meta:
        model = Paragraph
        fields = []

    def get_form_class(self):
        """The form class, built once: django-filter builds a class and its nine fields for every request, and
        a form copies its class's fields anyway (the fields depend on the filters' declarations only)."""
        return _form_class(type(self))

    def filter_kind(self, queryset, name, value):
        """Paragraphs of a kind, with their sub-items: operative paragraph 41 comes with 41 (a)-(d)."""
        return queryset.filter(Q(kind=value) | Q(kind="subparagraph", parent__kind=value))

    def filter_cites(self, queryset, name, value):
        """Paragraphs whose footnotes cite the instruments ``value`` names (keys, read by ``InstrumentField``)."""
        if not value:
            return queryset
        cited = Citation.objects.filter(instrument__key__in=value, footnote__references__paragraph=OuterRef("pk"))
        return queryset.filter(Exists(cited))

    def filter_has_footnotes(self, queryset, name, value):
        refs = FootnoteReference.objects.filter(paragraph=OuterRef("pk"))
        return queryset.filter(Exists(refs)) if value == "yes" else queryset.exclude(Exists(refs))


class ShallowCopies(dict):
    """A filterset's declared filters, or its form's fields, as each request copies them: each item copied, not
    each item's widget, choices and messages with it. A search's filterset and form deep-copy their nine
    filters and fields on every request (350 objects, about 0.6 ms), so that a request may change its copies;
    no request here changes more than a filter's own attributes (its model, its filterset), which a copy
    keeps to itself. A filter with a ``method`` gets its own binding to that method (through its filterset)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, item in self.items():
            copied = copies[name] = copy.copy(item)
            if isinstance(item, django_filters.Filter) and item.method is not None:
                copied.method = item.method  # bound to the copy (the original's binding reads the original's filterset)
        return copies


def release(filterset) -> None:
    """Break the reference cycles a filterset makes, once its request is answered: each filter keeps its
    filterset (``parent``), a filter with a ``method`` its binding (which keeps the filter), and the form its
    bound fields (which keep the form). Left, a search's filterset, form and queryset waited for the cycle
    collector, whose collections within later requests then walked them (1.1 to 1.8 ms, every dozen searches);
    broken, they are freed when the view returns. The filterset is not to be used after."""
    for item in filterset.filters.values():
        item.__dict__.pop("parent", None)
        if isinstance(item.__dict__.get("filter"), django_filters.filters.FilterMethod):
            del item.__dict__["filter"]  # the method's binding, which keeps the filter
    form = filterset.__dict__.get("_form")
    if form is not None:
        form._bound_fields_cache.clear()


@functools.cache
def _form_class(filterset_class):
    """``filterset_class``'s form, as django-filter's ``get_form_class`` builds it (from copies of the declared
    filters: a declared filter keeps no field of its own, which each request's copy would copy again)."""
    filters = copy.deepcopy(dict(filterset_class.base_filters))
    fields = {name: f.field for name, f in filters.items()}
    form = type(f"{filterset_class.__name__}Form", (filterset_class._meta.form,), fields)
    form.base_fields = ShallowCopies(form.base_fields)
    return form


ParagraphFilter.base_filters = ShallowCopies(ParagraphFilter.base_filters)
FORM_FIELDS = tuple(ParagraphFilter.base_filters)


@functools.cache
def select_choices(name: str) -> tuple[tuple[str, str], ...]:
    """The options of filter ``name``'s select as its form field offers them: the empty one, then its choices."""
    extra = ParagraphFilter.base_filters[name].extra
    return (("", extra["empty_label"]), *((str(v), str(label)) for v, label in extra["choices"]))


def by_reach(queryset):
    """Paragraphs whose agreed language stands in the most other documents first (the search's
    "widest" sort), each with that count (``also_in``, read in the same join); ties newest session
    first, as relevance breaks its ties."""
    from django.db.models import F

    return queryset.annotate(also_in=F("reach__documents")).order_by(
        F("also_in").desc(nulls_last=True), "-document__session", "document__symbol", "position"
    )


def footnotes_for(filterset):
    """The footnotes of the documents the document-level filters (sessions, kind, symbol) select."""
    from archive.models import Footnote

    data = filterset.form.cleaned_data
    qs = Footnote.objects.filter(text_missing=False)
    if data.get("session_from") is not None:
        qs = qs.filter(document__session__gte=data["session_from"])
    if data.get("session_to") is not None:
        qs = qs.filter(document__session__lte=data["session_to"])
    if data.get("doc_kind"):
        qs = qs.filter(document__kind=data["doc_kind"])
    if data.get("document"):
        qs = qs.filter(document__symbol=data["document"])
    return qs


def describe(prefix: str, q: str, data: dict, language: str) -> FileName:
    """A file name for a result set that says what it holds: "paragraphs-A_RES_74_127-operative.csv",
    "paragraphs-насилие-ru.csv" (``archive.export.filenames``: readable and safe in any script)."""
    parts = [prefix]
    if data.get("document"):
        parts.append(data["document"])
    if data.get("doc_kind"):
        parts.append(data["doc_kind"] + "s")
    if data.get("kind"):
        parts.append(data["kind"])
    if data.get("opening"):
        parts.append(data["opening"])
    if data.get("cites"):
        parts.append("citing-" + "+".join(data["cites"][:2]))
    low, high = data.get("session_from"), data.get("session_to")
    if low is not None and high is not None:
        parts.append(f"sessions-{int(low)}-{int(high)}")
    elif low is not None or high is not None:
        parts.append(f"from-session-{int(low)}" if low is not None else f"to-session-{int(high)}")
    if data.get("also_in"):
        parts.append(f"also-in-{int(data['also_in'])}")
    if data.get("has_footnotes"):
        parts.append("with-footnotes" if data["has_footnotes"] == "yes" else "without-footnotes")
    if len(parts) == 1 and not name_part(q):
        parts.append("all")
    return FileName(tuple(parts), "csv", query=q, language=language)
