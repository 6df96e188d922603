"""Staff add documents in the admin: files are checked, previewed by a dry run of ingest,
then kept in the upload folder and loaded by the same pipeline as the command line."""
