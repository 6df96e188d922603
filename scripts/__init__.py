"""Hardening tools: parser fuzzing, killed ingests, load, outages, backups.

Each module is a script run from the checkout (``python -m scripts.<name>``) whose printed
table is the measurement; the fast checks that keep the fixes in place live in
``tests/hardening/``. ``load_mix.lua`` and ``load_search.lua`` are the wrk scripts of the
load and outage runs.
"""
