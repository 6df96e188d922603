"""Reading an upload request: the file names as sent, and no file kept past the size limit.

Django removes any path from an uploaded file's name before a view sees it; a name sent with
a path is a hostile client's, so the names as sent are recorded here to refuse such files.
A file growing past the limit is skipped while it arrives (its temporary file is removed).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser


class _NameRecordingParser(MultiPartParser):
    def __init__(self, *args, names: list[tuple[str, str | None]], **kwargs):
        super().__init__(*args, **kwargs)
        self._names = names

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        self._names.append((file_name, clean))
        return clean


class GuardedUploadHandler(FileUploadHandler):
    """First of the request's handlers: records names as sent and skips files past ``max_bytes``."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.names: list[tuple[str, str | None]] = []  # (as sent, as Django keeps it)
        self.too_large: list[str] = []
        self._parsing = False
        self._received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:
            return None
        self._parsing = True
        parser = _NameRecordingParser(META, input_data, self.request.upload_handlers, encoding, names=self.names)
        return parser.parse()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self.max_bytes:
            self.too_large.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def guard_uploads(request, max_bytes: int) -> GuardedUploadHandler:
    """Set the request's handlers (before anything reads the body): every file goes to a
    temporary file, removed when the request ends."""
    guard = GuardedUploadHandler(request, max_bytes)
    request.upload_handlers = [guard, TemporaryFileUploadHandler(request)]
    return guard
