"""Routes of the API and the downloads (full paths: this module is included at the root).

The operations' routes come from the django-ninja API; after them, what is not an operation
answers in JSON too (a path missing its final slash is redirected, as APPEND_SLASH would).
"""

import functools

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, path, re_path, resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .api import api
from .errors import error

app_name = "api"


@functools.cache
def _generated() -> dict:
    return api.get_openapi_schema(path_prefix="")  # the code does not change while the process runs


def openapi(server: str = "") -> dict:
    """The OpenAPI schema generated from the operations; ``server``: the site's absolute root URL."""
    return {**_generated(), "servers": [{"url": server or "/"}]}


@csrf_exempt
@require_safe
def schema(request):
    response = JsonResponse(
        openapi(request.build_absolute_uri("/").rstrip("/")), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@csrf_exempt
def not_found(request, rest=""):
    """Unknown API paths answer a JSON 404; an unsafe method a JSON 405 (the API is read-only
    everywhere), never Django's CSRF page."""
    if request.method not in ("GET", "HEAD"):
        response = error(405, "The API is read-only: use GET or HEAD.")
        response["Allow"] = "GET, HEAD"
        return response
    try:
        match = resolve(request.path + "/")
    except Resolver404:
        match = None
    if (
        match is not None
        and match.namespace == "api"
        and match.url_name != "not_found"
        and not request.path.endswith("/")
    ):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return error(
        404, f"Nothing at {request.path}. The API starts at {request.build_absolute_uri(reverse('api:index'))}."
    )


patterns, _, _ = api.urls
urlpatterns = [
    *(p for p in patterns if p.name != "api-root"),  # ninja's root view would take the site's home page
    path("api/schema/", schema, name="schema"),
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", not_found, name="not_found"),
    # what is not a symbol is not a document either: answer in JSON like the rest
    re_path(r"^documents/(?P<rest>[\s\S]+)/akn\.xml\Z", not_found, name="not_found"),
    re_path(r"^instruments/(?P<rest>[\s\S]+)/(?:citations|mentions)\.csv\Z", not_found, name="not_found"),
    re_path(r"^series/(?P<rest>[\s\S]+)/compare\.csv\Z", not_found, name="not_found"),
    re_path(r"^documents/(?P<rest>[\s\S]+)/history\.csv\Z", not_found, name="not_found"),
]
