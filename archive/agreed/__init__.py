"""Agreed language shared across documents ("also in"): found (``pairs``), stored at ingest (``store``), read for pages (``queries``)."""
