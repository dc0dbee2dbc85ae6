"""Pelican glue: every body and summary a reader returns is cleaned (allowed_html).

Readers are wrapped where Pelican makes them, so a body is cleaned once, when it
is read; what Pelican's content cache keeps is the cleaned text.
"""

import functools

from pelican import signals

from .allowed_html import clean

FORMATTED = "summary"


@functools.cache
def _safe(reader_class: type) -> type:
    """`reader_class`, its read() returning cleaned HTML."""

    def read(self, source_path):
        content, metadata = reader_class.read(self, source_path)
        if content:
            content = clean(content)
        if metadata.get(FORMATTED):
            metadata[FORMATTED] = clean(str(metadata[FORMATTED]))
        return content, metadata

    return type(reader_class.__name__, (reader_class,), {"read": read, "safe": True})


def wrap_readers(readers):
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is not None and not getattr(reader_class, "safe", False):
            readers.reader_classes[extension] = _safe(reader_class)


def register():
    signals.readers_init.connect(wrap_readers)
