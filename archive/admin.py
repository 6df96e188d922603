"""The Django admin: for logged-in staff only (Django's default), read-mostly views.

Documents are added from their source files only (the upload page runs ingest), never typed
into a form: "Add" on the document list leads there.
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse

from archive.models import Citation, Document, Footnote, Instrument, InstrumentAlias, Paragraph, Series
from archive.upload.views import upload_view


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

    def get_urls(self):
        upload = upload_view(self.admin_site)
        return [
            path("upload/", upload, name="archive_document_upload"),
            path("upload/<str:token>/", upload, name="archive_document_upload_staged"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:archive_document_upload"))


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
