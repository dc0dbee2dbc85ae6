"""Pure (no Pelican): what a build keeps for the next one, in the run's cache folder.

Each article's record (by what it was made from), each record's analysis (its terms
after the pipeline) and the index's PreviousIndex. The folder is emptied whenever
the settings, code or theme change, so nothing here outlives the code that made it.
"""

import hashlib
import os
import pickle
from dataclasses import fields, replace

from .index_builder import PreviousIndex
from .pickle_stream import chunks, dump, dump_chunks
from .records import SearchRecord

ANALYSES_FILE = "search-{lang}.pickle"
ANALYSES_FORMAT = 7


class Analyses:
    """The previous build's article records and record analyses, by their inputs;
    kept only when the run has a CACHE_PATH (the site's builds have one).

    The file is a stream of small pickles (a header, then chunks), written and
    read one chunk at a time: pickling the whole state at once would hold a
    second copy of it, in pickle form, until the last byte is written."""

    def __init__(self, cache_path: str | None, lang: str, excerpt_length: int = 280):
        self.path = (
            os.path.join(cache_path, ANALYSES_FILE.format(lang=lang))
            if cache_path
            else None
        )
        # A kept record's body is cut to what its excerpt needs (NFC may merge
        # a few characters, never half of them), and carries its digest.
        self.body_chars = 2 * excerpt_length + 16
        self.records: dict[tuple, SearchRecord] = {}
        self.analyses: dict[SearchRecord, tuple] = {}  # index_builder's Analysis
        self.previous: PreviousIndex | None = None
        if self.path:
            try:
                self._load()
            except (OSError, pickle.PickleError, EOFError, LookupError, ValueError):
                self.records, self.analyses, self.previous = {}, {}, None
                # no earlier build (or an unreadable file): analyse everything

    def _load(self) -> None:
        with open(self.path, "rb") as handle:
            header = pickle.load(handle)
            if header.get("format") != ANALYSES_FORMAT:
                return
            numbers = [pair for chunk in chunks(handle) for pair in chunk]
            order = []
            for chunk in chunks(handle):  # (record, analysis) in number order
                for stored in chunk:
                    record, analysis = _unpacked(stored)
                    order.append(record)
                    self.analyses[record] = analysis
            self.records = {inputs: order[n] for inputs, n in numbers}
            entries = {}
            for chunk in chunks(handle):  # (term, encoded entry)
                entries.update((term, entry.decode()) for term, entry in chunk)
            if header["averages"] is not None:
                self.previous = PreviousIndex(order, header["averages"], entries)

    def take_previous(self) -> PreviousIndex | None:
        """The previous index, no longer held here."""
        previous, self.previous = self.previous, None
        return previous

    def save(self, records: dict, previous: PreviousIndex | None) -> None:
        """Keep `records` (inputs -> record), the analyses and `previous`."""
        if not self.path:
            return
        order = previous.order if previous else list(self.analyses)
        numbers = {id(record): n for n, record in enumerate(order)}
        temporary = f"{self.path}.tmp-{os.getpid()}"
        with open(temporary, "wb") as handle:
            averages = previous.averages if previous else None
            dump({"format": ANALYSES_FORMAT, "averages": averages}, handle)
            dump_chunks(  # first: known_inputs() reads no further
                ((inputs, numbers[id(r)]) for inputs, r in records.items()), handle
            )
            packed = (
                _packed(_slim(r, self.body_chars), self.analyses[r]) for r in order
            )
            dump_chunks(packed, handle)
            entries = previous.entries.items() if previous else ()
            dump_chunks(((term, entry.encode()) for term, entry in entries), handle)
        os.replace(temporary, self.path)


def known_inputs(cache_path: str | None, lang: str) -> frozenset:
    """The inputs of the articles whose records the previous build kept (the
    beginning of its file alone): the index needs no text of those."""
    if not cache_path:
        return frozenset()
    try:
        with open(os.path.join(cache_path, ANALYSES_FILE.format(lang=lang)), "rb") as f:
            if pickle.load(f).get("format") != ANALYSES_FORMAT:
                return frozenset()
            return frozenset(inputs for chunk in chunks(f) for inputs, _n in chunk)
    except (OSError, pickle.PickleError, EOFError, LookupError, ValueError):
        return frozenset()


# Long texts are stored as UTF-8 bytes that the pickler writes as they are: given
# a str, it would keep its UTF-8 form inside the str for as long as the str lives.
_TEXTS = ("title", "lead", "body")


def _slim(record: SearchRecord, body_chars: int) -> SearchRecord:
    """The record as the next build keeps it: the body's beginning and digest."""
    if record.digest or len(record.body) <= body_chars:
        return record
    digest = hashlib.blake2b(record.body.encode(), digest_size=16).hexdigest()
    return replace(record, body=record.body[:body_chars], digest=digest)


# The other fields, stored as a tuple of values (quicker both ways than a record).
_OTHERS = tuple(f.name for f in fields(SearchRecord) if f.name not in _TEXTS)


def _packed(record: SearchRecord, analysis: tuple) -> tuple:
    texts = tuple(getattr(record, name).encode() for name in _TEXTS)
    return tuple(getattr(record, name) for name in _OTHERS), texts, analysis


def _unpacked(stored: tuple) -> tuple[SearchRecord, tuple]:
    others, texts, analysis = stored
    values = dict(zip(_OTHERS, others, strict=True))
    values.update(zip(_TEXTS, (text.decode() for text in texts), strict=True))
    return SearchRecord(**values), analysis
