"""Benchmark tools: a large synthetic corpus built from the real texts, and the search benchmark."""
