"""Pure: a file as a stream of small pickles, written and read a chunk at a time.

One pickle of a whole large value holds all of its pickled bytes until the last is
written; chunks of a few hundred items hold only theirs. A section of chunks ends
with a None.
"""

import itertools
import pickle
from collections.abc import Iterable, Iterator

CHUNK = 1000  # items per pickle
_END = None  # after a section's last chunk


def dump(value, handle) -> None:
    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def dump_chunks(items: Iterable, handle, size: int = CHUNK) -> None:
    """`items` as a section: lists of `size` items, then the end mark."""
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        dump(chunk, handle)
    dump(_END, handle)


def chunks(handle) -> Iterator[list]:
    """The chunks of the section that starts at the handle's position."""
    while (chunk := pickle.load(handle)) is not _END:
        yield chunk
