"""Benchmarks: commands run from the checkout (``python -m bench.<name>``) that print tables.

Figures, not tests: the tests check these tools on tiny inputs (``tests/bench/``), never a time.
"""
