"""``render``: ``django.shortcuts.render``, its context freed as soon as the page is rendered.

A template context and the dictionaries it pushes refer to each other (each ``ContextDict`` keeps
its context, to pop itself), so a rendered context is a reference cycle: everything a view put in it
(a search's hits with their paragraphs and documents, its facets, a document's paragraphs) waited
for Python's cyclic garbage collector, which a search page then ran within 0.7 of its requests, and
those collections walked it all again. Emptying the context's stack once the page is written
breaks the cycle: what the view made is freed when the view returns.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template import TemplateDoesNotExist, loader
from django.template.backends.django import reraise
from django.template.context import make_context


def render(request, template_name: str, context: dict | None = None, content_type=None, status=None, using=None):
    """An ``HttpResponse`` of ``template_name`` rendered with ``context``, as ``django.shortcuts.render``."""
    template = loader.get_template(template_name, using=using)
    rendered = make_context(context, request, autoescape=template.backend.engine.autoescape)
    try:
        content = template.template.render(rendered)
    except TemplateDoesNotExist as exc:  # as the backend's Template.render raises it
        reraise(exc, template.backend)
    finally:
        rendered.dicts.clear()
    return HttpResponse(content, content_type, status)
