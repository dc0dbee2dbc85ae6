"""One language's Pelican run, step by step; its content kept for the next build.

Pelican.run() reads every source into the generators (their context), then writes
every page. A full run here does the same, and in between keeps that content: once
every generator has read its sources, and before any plugin sees them all
(all_generators_finalized), the generators' content and the shared context are
pickled into the run's cache folder (SNAPSHOT_FILE, 50 MB for 10,000 articles).

A run after edits to the bodies of some articles only (the runner knows: the run's
inputs with its own articles by their header have the digest the snapshot was made
from) starts from that snapshot instead of reading 13,000 sources: it reads the
edited files again, puts their new bodies into the kept articles, and goes on as
Pelican would. Its plugins are told (settings["BODY_EDITS"]: the edited files, and
the last build's output) that only these bodies changed: page reuse then writes
only the pages that show one of them and links every other page of the last build
(plugins/page_reuse), the sitemap links its files (they list the same pages). The
bodies edited since the snapshot was made are kept in a small file of their own
(BODIES_FILE).

Both files are written under a new name; the runner gives them their name once the
build has succeeded (commit), so they always describe the last successful build,
which is what the runner compares the sources with.

Once every source is read, a full run also lets go of what Pelican keeps for nothing
until the run ends: its readers' cache, and the UTF-8 copy that pickling that cache
left inside every body. Each file is stamped for Pelican's caches once per run, not
three times. Every run keeps the theme's templates compiled in the cache folder
(TEMPLATES_FOLDER).

The steps are Pelican 4.12's `Pelican.run`, without the counts it prints and without
emptying the output folder (each run writes into an empty folder of its own).
"""

import ctypes
import gc
import hashlib
import logging
import os
import pickle
import shutil
import struct
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.contents import Content, Static
from pelican.readers import Readers

logger = logging.getLogger(__name__)

FORMAT = 2
SNAPSHOT_FILE = "context.pickle"
BODIES_FILE = "bodies.pickle"
TEMPLATES_FOLDER = "templates"  # the theme's templates, compiled
NEW = ".new"  # what a run writes; the runner renames it once the build succeeded
# What a body may hold that makes Pelican write files elsewhere ({attach} moves a
# static file next to the article that links it): such a body needs a full run.
MOVING_LINKS = ("{attach}", "|attach|")


# Text longer than this, not all ASCII, is kept apart, as UTF-8 of our own making.
LONG_TEXT = 32
LENGTH = struct.Struct("<Q")  # before each text; the texts' offset ends the file


class _Pickler(pickle.Pickler):
    """Pickles the run's own context and settings as names: every content object
    refers to them, and a restored one must refer to the new run's.

    Python's pickler writes a `str` through its cached UTF-8 form, which then stays
    inside the string for as long as it lives: every Vietnamese body and title
    would carry a second copy through the rest of the run (about 50 MB at 10,000
    articles). Long non-ASCII text goes to `texts` instead, encoded into bytes that
    are dropped once written, and is pickled as its number."""

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
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with (
        open(temporary, "wb") as handle,
        tempfile.TemporaryFile(dir=path.parent) as texts,
        _no_collection(),
    ):
        pickle.dump({"format": FORMAT, "digest": digest}, handle)
        _Pickler(handle, _shared(context, settings), texts).dump(state)
        start = handle.tell()
        texts.seek(0)
        shutil.copyfileobj(texts, handle, 1 << 20)
        handle.write(LENGTH.pack(start))
    os.replace(temporary, path)


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
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(temporary, "wb") as handle:
        pickle.dump({"format": FORMAT, "digest": digest, "bodies": bodies}, handle)
    os.replace(temporary, path)


def file_digest(path: str) -> str:
    """A source file's bytes, as the bodies file knows them."""
    with open(path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()


class NeedsFullRun(Exception):
    """The snapshot cannot stand for this run's content."""


def apply_bodies(context, settings, kept: dict, edited: list[str]) -> dict:
    """Give the kept content objects their current bodies: those edited since the
    snapshot (`kept`, read again if the file changed since) and `edited` (read
    now). Returns every body that differs from the snapshot's, for BODIES_FILE."""
    objects = context["generated_content"]
    readers = None
    base = settings["PATH"]
    current = {}
    for source in sorted(set(kept) | set(edited)):
        found = objects.get(source)
        if found is None:
            raise NeedsFullRun(f"{source} is not among the run's content")
        path = os.path.join(base, source)
        stamp = file_digest(path)
        if source in kept and source not in edited and kept[source][0] == stamp:
            body = kept[source][1]
        else:
            readers = readers or Readers(settings)  # no cache: these files changed
            fresh = readers.read_file(
                base_path=base, path=source, content_class=type(found), context=context
            )
            if fresh.metadata != found.metadata:
                raise NeedsFullRun(f"{source}: its header reads differently")
            body = fresh._content
        old = found._content or ""
        if any(link in text for text in (old, body or "") for link in MOVING_LINKS):
            raise NeedsFullRun(f"{source} moves a file with {{attach}}")
        if _links(found, old) != _links(found, body or ""):
            # A {static} link to a file outside STATIC_PATHS has Pelican copy it;
            # a link gone leaves the file unlinked: what is written changes.
            raise NeedsFullRun(f"{source} links other files than before")
        found._content = body
        current[source] = (stamp, body)
    return current


def _links(content, body: str) -> set[tuple[str, str]]:
    """The {filename}, {static} (...) links of a body, as Pelican finds them."""
    pattern = content._get_intrasite_link_regex()
    return {(match["what"], match["value"]) for match in pattern.finditer(body)}


def _make_generators(pelican, folder: Path):
    """Pelican.run's first step: the context and the generators. Their templates
    are compiled once for every build with this cache folder (it is named after
    the theme, the plugins and the settings): Jinja keeps the compiled code in
    TEMPLATES_FOLDER, by template and source."""
    context = pelican.settings.copy()
    # Shared among all the generators and content objects, by source path
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = pelican.settings["SITEURL"]
    generators = [
        cls(
            context=context,
            settings=pelican.settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        for cls in pelican._get_generator_classes()
    ]
    compiled = FileSystemBytecodeCache(str(_folder(folder / TEMPLATES_FOLDER)))
    stamps: dict = {}
    for generator in generators:
        if hasattr(generator, "env"):
            generator.env.bytecode_cache = compiled
        _stamp_once(generator, stamps)
        _stamp_once(getattr(generator, "readers", None), stamps)
    return context, generators


def _stamp_once(cacher, stamps: dict) -> None:
    """Pelican stamps (md5) each source for its caches three times a run: when the
    generator, then the readers look for its entry, and when the readers store what
    they read. Within one run, a file's first stamp serves all three."""
    stamp = getattr(cacher, "_filestamp_func", None)
    if stamp is None:
        return

    def stamp_once(filename):
        if filename not in stamps:
            stamps[filename] = stamp(filename)
        return stamps[filename]

    cacher._filestamp_func = stamp_once


def _folder(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


def _read_all(pelican, folder: Path, digest: str, keep: bool):
    """Pelican.run's second step; with `keep`, the snapshot of what it read."""
    context, generators = _make_generators(pelican, folder)
    made = (dict(context), [(content_names(g), set(vars(g))) for g in generators])
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    _drop_utf8_copies(generators, context)
    _settle_urls(context)
    if keep:
        new = folder / (SNAPSHOT_FILE + NEW)
        save_snapshot(new, digest, generators, context, pelican.settings, made)
        save_bodies(folder / (BODIES_FILE + NEW), digest, {})
    _give_back_freed_memory()
    return context, generators


def _drop_utf8_copies(generators, context) -> None:
    """Let go of the UTF-8 copy Pelican's content cache left in every body.

    Pelican pickles what its readers returned into its cache once every source is
    read; the pickler keeps a UTF-8 copy inside each non-ASCII string it writes,
    for as long as the string lives: every Vietnamese body twice, through the whole
    run. The readers' cache is not read again in a run: it goes, and each body is
    replaced by a copy of its own text."""
    for generator in generators:
        readers = getattr(generator, "readers", None)
        if readers is not None and hasattr(readers, "_cache"):
            readers._cache = {}
    for content in context["generated_content"].values():
        body = getattr(content, "_content", None)
        if body and not body.isascii():
            content._content = body.encode().decode()


def _give_back_freed_memory() -> None:
    """Hand the memory freed once the content is read back to the system (glibc
    keeps it otherwise, and the process's size with it)."""
    with suppress(OSError, AttributeError):  # another C library: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _from_snapshot(pelican, folder: Path, digest: str, edited: list[str]):
    """The generators with the snapshot's content and the current bodies."""
    context, generators = _make_generators(pelican, folder)
    if not load_snapshot(folder / SNAPSHOT_FILE, generators, context, pelican.settings):
        raise NeedsFullRun("the snapshot was made by other generators")
    kept = load_bodies(folder / BODIES_FILE, digest)
    bodies = apply_bodies(context, pelican.settings, kept, edited)
    save_bodies(folder / (BODIES_FILE + NEW), digest, bodies)
    gc.freeze()  # they live until the run ends: no collection need walk them again
    return context, generators


def _settle_urls(context) -> None:
    """Give each article and page its address once, when every source is read.

    Pelican works an article's `url` out from its metadata and the settings each
    time it is asked: on every page that lists or links the article (its category,
    tags, archives, neighbours), 100,000 times in a run. Once every generator has
    read its sources, nothing changes it (the one plugin on all_generators_finalized,
    the search index, only reads it): it is kept as Pelican's own override_url, in
    the snapshot too. Static files are left alone ({attach} moves them as pages are
    written), and so is save_as (Pelican lets a page with override_save_as
    overwrite another's file).
    """
    for content in context["generated_content"].values():
        if isinstance(content, Static) or not isinstance(content, Content):
            continue
        if not hasattr(content, "override_url"):
            content.override_url = content.url


def run(pelican, folder: Path, digest, edited=None, previous=None, keep=True):
    """Pelican's run; from the snapshot in `folder` when `edited` (the content
    files whose body alone changed since the last build, whose output is
    `previous`) is given and the snapshot was made from `digest`, else from every
    source. With `keep`, a run from every source leaves a snapshot."""
    settings = pelican.settings
    generators = None
    if edited is not None and snapshot_digest(folder / SNAPSHOT_FILE) == digest:
        loading = settings["LOAD_CONTENT_CACHE"]
        settings["LOAD_CONTENT_CACHE"] = False  # nothing is read from it
        settings["BODY_EDITS"] = {"sources": list(edited), "previous_output": previous}
        try:
            context, generators = _from_snapshot(pelican, folder, digest, edited)
            logger.info(
                "snapshot_run: the content of the last build, with %d body(ies) "
                "read again",
                len(edited),
            )
        except NeedsFullRun as reason:
            logger.info("snapshot_run: every source is read (%s)", reason)
            del settings["BODY_EDITS"]
            settings["LOAD_CONTENT_CACHE"] = loading
            generators = None
    if generators is None:
        context, generators = _read_all(pelican, folder, digest, keep)

    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    writer = pelican._get_writer()
    for generator in generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)
    signals.finalized.send(pelican)
