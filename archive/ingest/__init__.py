"""Load source texts into the archive: ``run_ingest`` parses, merges metadata and persists."""
