"""The staff page that adds documents: choose files, see the dry run, give what a source
lacks, confirm. Reached through the admin (staff with the permission to add documents, CSRF,
never cached); the read-only middleware lets writes through only there."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from archive.models import Document
from archive.views.rendering import render

from .checks import UploadRefused, check_content, check_name, check_size
from .handlers import guard_uploads
from .loading import SYMBOL_RE, load, preview, series_choices
from .store import UploadStore

SESSION_KEY = "archive_upload_tokens"
PERMISSION = "archive.add_document"
FORM_OVERHEAD = 1024 * 1024  # the form fields and multipart boundaries around the files


def upload_view(site: admin.AdminSite):
    """The view for the admin's URLs. Upload handlers must be set before the CSRF check reads
    the body, so this entry is CSRF-exempt and the admin's own wrapper (login, staff, CSRF)
    comes after it."""

    def view(request, token: str | None = None):
        return _upload(request, site, token)

    protected = site.admin_view(view)

    @csrf_exempt
    def entry(request, token: str | None = None):
        if request.method == "POST":
            limit = settings.UPLOAD_MAX_BYTES * settings.UPLOAD_MAX_FILES + FORM_OVERHEAD
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if length > limit and request.user.is_active and request.user.is_staff:
                return _form(
                    request,
                    site,
                    status=413,
                    refused=[
                        UploadRefused(
                            "the upload",
                            f"{length:,} bytes is more than the {limit:,} bytes of "
                            f"{settings.UPLOAD_MAX_FILES} files of the largest size allowed",
                        )
                    ],
                )
            request._upload_guard = guard_uploads(request, settings.UPLOAD_MAX_BYTES)
        return protected(request, token=token)

    return entry


def _upload(request, site: admin.AdminSite, token: str | None):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    store = UploadStore(settings.UPLOAD_ROOT)
    store.purge_stale()
    if token is not None:
        return _staged(request, site, store, token)
    if request.method != "POST":
        return _form(request, site)
    accepted, refused = _checked_files(request)
    if not accepted:
        return _form(request, site, status=400, refused=refused or [UploadRefused("", "choose at least one file")])
    token, folder = store.new_staging()
    for name, data in accepted:
        (folder / name).write_bytes(data)
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
    return _preview_page(request, site, store, token, {}, refused)


def _checked_files(request) -> tuple[list[tuple[str, bytes]], list[UploadRefused]]:
    guard = request._upload_guard
    files = request.FILES.getlist("files")
    refused: list[UploadRefused] = []
    for sent, _kept in guard.names:
        try:
            check_name(sent)
        except UploadRefused as e:
            refused.append(e)
    refused += [
        UploadRefused(name, f"larger than the limit of {settings.UPLOAD_MAX_BYTES:,} bytes") for name in guard.too_large
    ]
    bad_names = {kept for sent, kept in guard.names if any(r.name == sent[:120] for r in refused)} | set(
        guard.too_large
    )
    if len(files) > settings.UPLOAD_MAX_FILES:
        return [], [UploadRefused("the upload", f"{len(files)} files: at most {settings.UPLOAD_MAX_FILES} at a time")]
    accepted: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for f in files:
        if f.name in bad_names:
            continue
        try:
            if f.name in seen:
                raise UploadRefused(f.name, "two files of this name were chosen")
            check_size(f.name, f.size, settings.UPLOAD_MAX_BYTES)
            data = f.read()
            check_content(f.name, data)
        except UploadRefused as e:
            refused.append(e)
            continue
        finally:
            f.close()  # the temporary file goes now, refused or not
        seen.add(f.name)
        accepted.append((f.name, data))
    return accepted, refused


def _staged(request, site, store: UploadStore, token: str):
    folder = store.staging(token)
    if folder is None or token not in request.session.get(SESSION_KEY, []):
        return _form(
            request,
            site,
            status=404,
            refused=[
                UploadRefused(
                    "", "this upload is no longer waiting (confirmed, cancelled or expired): choose the files again"
                )
            ],
        )
    if request.method != "POST":
        return HttpResponseRedirect(reverse("admin:archive_document_upload"))
    action = request.POST.get("action")
    if action == "cancel":
        store.discard(token)
        return HttpResponseRedirect(reverse("admin:archive_document_upload"))
    given, problems = _given(request, folder)
    if action != "confirm" or problems:
        return _preview_page(request, site, store, token, given, [], problems)
    loaded, not_kept = load(store, folder, given)
    store.discard(token)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    documents = {d.symbol: d for d in Document.objects.filter(symbol__in=[x.symbol for x in loaded])}
    return render(
        request,
        "admin/archive/document/upload_done.html",
        {
            **site.each_context(request),
            "title": "Documents added",
            "opts": Document._meta,
            "loaded": [(x, documents.get(x.symbol)) for x in loaded],
            "not_kept": not_kept,
        },
    )


def _given(request, folder) -> tuple[dict[str, dict], list[str]]:
    """What staff gave for each staged file: a symbol and a series slug, both checked."""
    slugs = {s["slug"] for s in series_choices()}
    given: dict[str, dict] = {}
    problems: list[str] = []
    for i, path in enumerate(sorted(p for p in folder.iterdir() if p.is_file())):
        symbol = " ".join(request.POST.get(f"symbol-{i}", "").split())
        series = request.POST.get(f"series-{i}", "").strip()
        if symbol and not SYMBOL_RE.fullmatch(symbol):
            problems.append(f"{path.name}: {symbol[:100]!r} is not a General Assembly symbol (A/RES/62/132, A/64/152)")
            symbol = ""
        if series and series not in slugs:
            problems.append(f"{path.name}: unknown series")
            series = ""
        given[path.name] = {"symbol": symbol, "series": series}
    return given, problems


def _preview_page(request, site, store, token, given, refused, problems=()):
    folder = store.staging(token)
    files = preview(store, folder, given)
    existing = {d.symbol: d for d in Document.objects.filter(symbol__in=[f.symbol for f in files if f.symbol])}
    return render(
        request,
        "admin/archive/document/upload_preview.html",
        {
            **site.each_context(request),
            "title": "Check what will be added",
            "opts": Document._meta,
            "token": token,
            "files": [(i, f, existing.get(f.symbol)) for i, f in enumerate(files)],
            "series": series_choices(),
            "refused": refused,
            "problems": problems,
            "any_loadable": any(f.loadable for f in files),
        },
    )


def _form(request, site, status: int = 200, refused=()):
    return render(
        request,
        "admin/archive/document/upload.html",
        {
            **site.each_context(request),
            "title": "Add documents",
            "opts": Document._meta,
            "refused": refused,
            "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
            "max_files": settings.UPLOAD_MAX_FILES,
            "accept": ".pdf,.txt,.text,.md,.xml",
        },
        status=status,
    )
