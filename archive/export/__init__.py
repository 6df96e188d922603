"""Exports of the archive's data in formats other tools read: AKN4UN XML and CSV.

Kept apart from the views so that the same functions serve a download, a test and,
later, a bulk dump without a request.
"""
