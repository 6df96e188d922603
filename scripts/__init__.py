"""Hardening measurements: parser fuzzing, killed ingests, load, outages, backups.

Each module is a script (``python -m archive.hardening.<name>``) whose printed table is the
measurement; the fast checks that keep the fixes in place live in ``tests/hardening/``.
"""
