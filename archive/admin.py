"""The Django admin: for logged-in staff only (Django's default), read-mostly views."""

from django.contrib import admin

from archive.models import Citation, Document, Footnote, Instrument, InstrumentAlias, Paragraph, Series


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ("position", "kind", "number", "opening", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "kind", "session", "title", "adopted", "source_format")
    list_filter = ("kind", "session", "source_format")
    search_fields = ("symbol", "title")
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ("document", "anchor", "kind", "opening")
    list_filter = ("kind",)
    search_fields = ("text", "document__symbol")
    raw_id_fields = ("document", "parent")


@admin.register(Footnote)
class FootnoteAdmin(admin.ModelAdmin):
    list_display = ("document", "number", "text")
    search_fields = ("text", "document__symbol")
    raw_id_fields = ("document",)


class AliasInline(admin.TabularInline):
    model = InstrumentAlias
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "key", "title_inferred")
    list_filter = ("kind", "title_inferred")
    search_fields = ("title", "key", "aliases__key")
    inlines = [AliasInline]


admin.site.register(Series)
admin.site.register(Citation)
admin.site.site_header = "Resolution Archive administration"
