"""Static addresses are the manifest storage's, each worked out once per storage."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from archive.static_storage import StaticStorage


def test_the_site_serves_its_static_files_through_it():
    staticfiles_storage.url("css/archive.css")  # the lazy storage made
    assert type(staticfiles_storage._wrapped) is StaticStorage


def test_an_address_is_the_manifest_storages_and_is_looked_up_once(monkeypatch):
    ours, theirs = StaticStorage(), CompressedManifestStaticFilesStorage()
    assert ours.url("css/archive.css") == theirs.url("css/archive.css")
    assert ours.url("css/archive.css") != "/static/css/archive.css"  # the hashed name, from the manifest
    looked_up = []
    original = StaticStorage.stored_name
    monkeypatch.setattr(StaticStorage, "stored_name", lambda self, name: looked_up.append(name) or original(self, name))
    for _ in range(3):
        assert ours.url("img/favicon.svg") == theirs.url("img/favicon.svg")
    assert looked_up == ["img/favicon.svg"]


def test_under_debug_the_address_is_unhashed_as_the_manifest_storage_gives_it():
    ours = StaticStorage()
    hashed = ours.url("css/archive.css")
    with override_settings(DEBUG=True):
        assert ours.url("css/archive.css") == CompressedManifestStaticFilesStorage().url("css/archive.css")
        assert ours.url("css/archive.css") != hashed
    assert ours.url("css/archive.css") == hashed


def test_a_name_missing_from_the_manifest_raises_every_time():
    ours = StaticStorage()
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            ours.url("css/no-such-sheet.css")
