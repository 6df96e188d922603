"""Who is logging in: the client address that django-axes counts failed staff logins by."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """``REMOTE_ADDR``, or behind the proxy (``BEHIND_PROXY``) the address it appended last to
    ``X-Forwarded-For``: earlier entries come from the client and can be forged."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
