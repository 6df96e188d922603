"""Django's PostgreSQL backend, starting the embedded server on first connection.

Starting lazily (rather than in settings) keeps commands that never touch the
database, such as ``ingest --dry-run`` and ``check``, free of a server start.
"""

from django.db.backends.postgresql import base

from archive.db.embedded import ensure_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = ensure_server(self.settings_dict["PGDATA"], params.get("dbname"))
        return params
