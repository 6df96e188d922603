"""Search filters (django-filter): all combinable, all kept in the URL."""

import django_filters
from django.db.models import Exists, OuterRef

from archive.models import Citation, Document, FootnoteReference, InstrumentAlias, Paragraph

SEARCHABLE_KINDS = [(k, v) for k, v in Paragraph.Kind.choices if k != "heading"]


class ParagraphFilter(django_filters.FilterSet):
    session_from = django_filters.NumberFilter(field_name="document__session", lookup_expr="gte", label="From session", min_value=1, max_value=200)
    session_to = django_filters.NumberFilter(field_name="document__session", lookup_expr="lte", label="To session", min_value=1, max_value=200)
    doc_kind = django_filters.ChoiceFilter(field_name="document__kind", choices=Document.Kind.choices, label="Document", empty_label="Resolutions and reports")
    kind = django_filters.ChoiceFilter(field_name="kind", choices=SEARCHABLE_KINDS, label="Paragraph", empty_label="Any paragraph")
    opening = django_filters.CharFilter(field_name="opening", lookup_expr="iexact", label="Opening phrase", max_length=100)
    document = django_filters.CharFilter(field_name="document__symbol", label="Within document", max_length=100)
    cites = django_filters.CharFilter(method="filter_cites", label="Cites instrument", max_length=300)
    has_footnotes = django_filters.ChoiceFilter(
        method="filter_has_footnotes", label="Footnotes", empty_label="Any",
        choices=[("yes", "With footnotes"), ("no", "Without footnotes")],
    )

    class Meta:
        model = Paragraph
        fields = []

    def filter_cites(self, queryset, name, value):
        """Paragraphs whose footnotes cite the instrument with key ``value`` (or an alias of it)."""
        keys = [value, *InstrumentAlias.objects.filter(instrument__key=value).values_list("key", flat=True)]
        alias_of = InstrumentAlias.objects.filter(key=value).values_list("instrument__key", flat=True).first()
        if alias_of:
            keys.append(alias_of)
        cited = Citation.objects.filter(instrument__key__in=keys, footnote__references__paragraph=OuterRef("pk"))
        return queryset.filter(Exists(cited))

    def filter_has_footnotes(self, queryset, name, value):
        refs = FootnoteReference.objects.filter(paragraph=OuterRef("pk"))
        return queryset.filter(Exists(refs)) if value == "yes" else queryset.exclude(Exists(refs))
