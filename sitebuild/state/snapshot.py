"""The content of a language run, kept for the next build (SNAPSHOT_FILE).

A full run reads every source into Pelican's generators; once they all have, and
before any plugin sees them all, what they read and what they added to the shared
context is pickled here. A run after edits to the
bodies of some articles only starts from it instead of reading every source
(sitebuild/build/run.py); the bodies edited since it was made are kept beside it
(BODIES_FILE). Both are written under NEW names: the build gives them their own
once it has succeeded, so they always describe the last successful build.

The run's settings and context are pickled as names, so the restored objects refer
to the new run's. Python's pickler writes a `str` through a UTF-8 copy that then
stays inside the string for its whole life (every Vietnamese body twice in memory):
long non-ASCII text is kept apart, as UTF-8 of our own making.
"""

import gc
import hashlib
import json
import os
import pickle
import shutil
import struct
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..files import atomic_open

FORMAT = 3
SNAPSHOT_FILE = "context.pickle"
BODIES_FILE = "bodies.pickle"
# What the last build's library showed (digests by document), for a DATA run.
LIBRARY_FILE = "library.json"
NEW = ".new"  # what a run writes; the build renames it once it has succeeded


# Text longer than this, not all ASCII, is kept apart, as UTF-8 of our own making.
LONG_TEXT = 32
LENGTH = struct.Struct("<Q")  # before each text; the texts' offset ends the file


class _Pickler(pickle.Pickler):
    """Pickles the run's own context and settings as names: every content object
    refers to them, and a restored one must refer to the new run's.

    Python's pickler writes a `str` through its cached UTF-8 form, which then stays
    inside the string for as long as it lives: every Vietnamese body and title
    would carry a second copy through the rest of the run. Long non-ASCII text
    goes to `texts` instead, encoded into bytes that are dropped once written, and
    is pickled as its number."""

    def __init__(self, handle, shared: dict, texts):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._names = {id(value): name for name, value in shared.items()}
        self._texts, self._count = texts, 0

    def persistent_id(self, obj):
        if type(obj) is str:
            if len(obj) <= LONG_TEXT or obj.isascii():
                return None
            data = obj.encode()
            self._texts.write(LENGTH.pack(len(data)))
            self._texts.write(data)
            self._count += 1
            return self._count - 1  # a number: not kept in the pickler's memo
        return self._names.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, handle, shared: dict, texts: list[str]):
        super().__init__(handle)
        self._shared, self._texts = shared, texts

    def persistent_load(self, pid):
        if type(pid) is int:
            return self._texts[pid]
        return self._shared[pid]


def _read_texts(handle) -> list[str]:
    """The texts kept apart, from the end of a snapshot file."""
    handle.seek(-LENGTH.size, os.SEEK_END)
    end = handle.tell()
    (start,) = LENGTH.unpack(handle.read(LENGTH.size))
    handle.seek(start)
    data = memoryview(handle.read(end - start))
    texts, at = [], 0
    while at < len(data):
        (size,) = LENGTH.unpack_from(data, at)
        at += LENGTH.size
        texts.append(str(data[at : at + size], "utf-8"))
        at += size
    return texts


@contextmanager
def _no_collection():
    """Without the cycle collector: a million objects made (or walked) at once
    would have it walk them all again and again, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _empty(value) -> bool:
    return value is None or (isinstance(value, (list, dict, set)) and not value)


def content_names(generator) -> set[str]:
    """The attributes a generator starts empty (None, [], {}) and fills with what
    it reads: its content. Its settings, readers, templates and caches are made
    again by a new run."""
    return {
        name
        for name, value in vars(generator).items()
        if not name.startswith("_") and _empty(value)
    }


def generator_content(generator, names: set[str], present: set[str]) -> dict:
    """What `generator` read: the attributes in `names`, and any it did not have
    when it was made (`present`)."""
    return {
        name: value
        for name, value in vars(generator).items()
        if name in names or name not in present
    }


def context_content(context: dict, settings: dict, initial: dict) -> dict:
    """What the generators added to the shared context: not the settings it starts
    from, nor the functions their set-up put there (a new run puts them again)."""
    return {
        name: value
        for name, value in context.items()
        if not (name in settings and settings[name] is value)
        and not (callable(value) and initial.get(name) is value)
    }


def _shared(context: dict, settings: dict) -> dict:
    return {"context": context, "settings": settings}


def save_snapshot(path: Path, digest: str, generators, context, settings, made):
    """Pickle what the generators read; `made` is (initial context, and each
    generator's (content names, attributes present)) taken when they were made."""
    initial, names = made
    state = {
        "context": context_content(context, settings, initial),
        "generators": [
            (type(generator).__qualname__, generator_content(generator, *named))
            for generator, named in zip(generators, names, strict=True)
        ],
    }
    with (
        atomic_open(path) as handle,
        tempfile.TemporaryFile(dir=path.parent) as texts,
        _no_collection(),
    ):
        pickle.dump({"format": FORMAT, "digest": digest}, handle)
        _Pickler(handle, _shared(context, settings), texts).dump(state)
        start = handle.tell()
        texts.seek(0)
        shutil.copyfileobj(texts, handle, 1 << 20)
        handle.write(LENGTH.pack(start))


def snapshot_digest(path: Path) -> str | None:
    """The digest a snapshot was made from; None if there is none to use."""
    try:
        with open(path, "rb") as handle:
            header = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    return header.get("digest")


def load_snapshot(path: Path, generators, context, settings) -> bool:
    """Put a snapshot's content into new generators and context; False if it
    does not fit them (other generators)."""
    with open(path, "rb") as handle, _no_collection():
        texts = _read_texts(handle)
        handle.seek(0)
        pickle.load(handle)  # the header
        state = _Unpickler(handle, _shared(context, settings), texts).load()
    kept = [name for name, _content in state["generators"]]
    if kept != [type(generator).__qualname__ for generator in generators]:
        return False
    context.update(state["context"])
    for generator, (_name, content) in zip(
        generators, state["generators"], strict=True
    ):
        vars(generator).update(content)
    return True


def load_bodies(path: Path, digest: str) -> dict[str, tuple[str, str]]:
    """Bodies edited since the snapshot: source path -> (file's bytes digest, body)."""
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return {}
    if stored.get("format") != FORMAT or stored.get("digest") != digest:
        return {}
    return stored["bodies"]


def save_bodies(path: Path, digest: str, bodies: dict) -> None:
    with atomic_open(path) as handle:
        pickle.dump({"format": FORMAT, "digest": digest, "bodies": bodies}, handle)


def file_digest(path: str) -> str:
    """A source file's bytes, as the bodies file knows them."""
    with open(path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()


def load_json(path: Path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def save_json(path: Path, value) -> None:
    with atomic_open(path) as handle:
        handle.write(json.dumps(value, sort_keys=True).encode())
