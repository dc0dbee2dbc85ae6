"""Pelican glue: the `date` and `modified` headers are read as ISO dates first.

Pelican's processors for both headers (pelican.readers.METADATA_PROCESSORS) are
wrapped: a plain ISO date becomes the same SafeDatetime dateutil would give;
anything else goes to Pelican's own processor, errors and all.
"""

from pelican import readers, signals
from pelican.utils import SafeDatetime

from .reading import iso_date

HEADERS = {
    "date": lambda text: text.replace("_", " "),  # as Pelican reads `Date:`
    "modified": lambda text: text,
}


def _reading_iso_first(header: str, original):
    prepared = HEADERS[header]

    def process(value, settings):
        found = iso_date(prepared(value), SafeDatetime)
        return original(value, settings) if found is None else found

    process.original = original
    return process


def read_iso_first(_pelican=None):
    for header in HEADERS:
        original = readers.METADATA_PROCESSORS[header]
        if not hasattr(original, "original"):  # not wrapped yet
            readers.METADATA_PROCESSORS[header] = _reading_iso_first(header, original)


def register():
    signals.initialized.connect(read_iso_first)
