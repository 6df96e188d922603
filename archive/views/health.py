import logging

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import JsonResponse

from archive.middleware import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def healthz(request):
    """200 when the database answers a query, 503 (with Retry-After) when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("health check: database unavailable: %s", exc)
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "up"})
