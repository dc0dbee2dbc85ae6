"""Pelican glue: a writer that takes unchanged pages from the previous output.

Every page the writer would render gets a key (page_keys.py). When the previous
build wrote the same file with the same key, and the file there is still the one
that build wrote (same size and modification time), it is linked into the new
output (a hard link; a copy where links are not possible) instead of rendering
the template and writing the text. Everything else (signals, the sitemap,
overwrite checks) runs as for a rendered page.

A linked file is the previous output's file: nothing may write into it in place.
The writer removes a file before writing it again, and the build's other writers
make new files (the runner's asset fingerprints replace the files they change).

PAGE_REUSE = {"previous_output": path, "keys_file": path, "inputs": digest} turns
it on; the runner sets them for each language's run (the keys live in the run's
content cache folder, which is emptied whenever settings, code or theme change;
`inputs` is the digest page_keys.py describes). The run's keys are written to
"new_keys_file" when given (the runner gives it the name `keys_file` once the
build succeeded), else to `keys_file`. Without it the writer renders every page,
as Pelican's does.

BODY_EDITS = {"sources": [content paths], ...}, set for a run in which nothing it
reads changed since the last build but the bodies of these files (sitebuild's
snapshot run), narrows this further: a page none of whose content objects is one
of them would get the key it had, so the writer does not even open it; once the
run ends, every page of the last build that was not written is linked as it was
(the set of pages is the same: it follows from what did not change).
"""

import json
import logging
import os
import shutil

from pelican import signals
from pelican.contents import Content
from pelican.writers import Writer

from .page_keys import page_key

logger = logging.getLogger(__name__)

FORMAT = 4
# Where a content object keeps its body (before links are resolved).
BODY_ATTRIBUTE = "_content"


def _bodies(given: dict) -> list[tuple[str, str]]:
    """(name, body) of each content object among the values a page's render is
    given on top of the shared context (the generator's keyword arguments)."""
    return [
        (name, str(getattr(value, BODY_ATTRIBUTE, None) or ""))
        for name, value in sorted(given.items())
        if isinstance(value, Content)
    ]


def _link_or_copy(source: str, target: str) -> bool:
    """Hard-link `source` as `target`, else copy it; whether it was linked."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
        return False
    return True


def _file_state(path: str) -> list[int] | None:
    """What says a file is still the one a build wrote: its size and mtime."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns]


class _Reused(str):
    """What a reused page's template returns: no text, the file to link."""

    source: str


class PageRecord:
    """The keys of the previous run's pages, and those of this run."""

    def __init__(self, settings: dict):
        options = settings.get("PAGE_REUSE") or {}
        self.previous_output = options.get("previous_output")
        self.keys_file = options.get("keys_file")
        self.new_keys_file = options.get("new_keys_file") or self.keys_file
        self.inputs = options.get("inputs")
        self.previous_inputs = None  # those of the previous pages
        self.previous = self._load() if self.previous_output else {}
        self.written: dict[str, str] = {}  # page -> key
        self.linked: dict[str, list] = {}  # page linked -> its file's state
        self.reused = self.rendered = self.skipped = 0
        self._edits: tuple = (None, None)  # BODY_EDITS seen, its full paths

    def edited_sources(self, settings: dict) -> frozenset | None:
        """The full paths of the files whose bodies alone changed (BODY_EDITS;
        read when asked: the run may learn only after it starts that it cannot
        start from the last build's content). None, so that every page is written,
        unless the previous pages are known, from the same inputs."""
        edits = settings.get("BODY_EDITS")
        if not (self.previous and self.previous_inputs == self.inputs):
            edits = None
        if edits is not self._edits[0]:
            base = settings["PATH"]
            paths = edits and frozenset(os.path.join(base, p) for p in edits["sources"])
            self._edits = (edits, paths or None)
        return self._edits[1]

    def _load(self) -> dict:
        try:
            with open(self.keys_file, encoding="utf-8") as handle:
                stored = json.load(handle)
        except (OSError, ValueError, TypeError):
            return {}
        if stored.get("format") != FORMAT:
            return {}
        if stored.get("output") != os.path.realpath(self.previous_output):
            return {}
        self.previous_inputs = stored.get("inputs")
        return stored.get("pages", {})

    def previous_file(self, name: str, key: str) -> str | None:
        """The previous build's file `name`, if it had this key and is intact."""
        entry = self.previous.get(name)
        if not entry or entry[0] != key:
            return None
        path = os.path.join(self.previous_output, name)
        if _file_state(path) != entry[1:]:
            return None  # changed since (or a failed build's keys): render again
        return path

    def link_unwritten(self, output_path: str) -> int:
        """Link every page of the previous build this run did not write, with its
        key; their count. (The runner checked, before the run, that every file the
        previous build wrote is still as it was.)"""
        folders = set()
        linked = 0
        for name, (key, *state) in self.previous.items():
            if name in self.written:
                continue
            target = os.path.join(output_path, name)
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            self.written[name] = key
            if _link_or_copy(os.path.join(self.previous_output, name), target):
                self.linked[name] = state  # the same file: the same state
            linked += 1
        return linked

    def save(self, output_path: str) -> None:
        """Keep each page's key and the state of its file in `output_path` (the
        next build's previous output, once this one is swapped in)."""
        if not (self.keys_file and self.previous_output):
            return
        pages = {}
        for name, key in self.written.items():
            state = self.linked.get(name) or _file_state(
                os.path.join(output_path, name)
            )
            if state is not None:
                pages[name] = [key, *state]
        stored = {
            "format": FORMAT,
            "output": os.path.realpath(self.previous_output),
            "inputs": self.inputs,
            "pages": pages,
        }
        temporary = f"{self.new_keys_file}.tmp-{os.getpid()}"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(stored, separators=(",", ":")))  # C encoder
        os.replace(temporary, self.new_keys_file)


class _ReusingTemplate:
    """Stands in for a Jinja template in Writer.write_file: renders, or returns
    the previous output's text of a page whose key did not change."""

    def __init__(self, template, record: PageRecord, bodies: list):
        self._template, self._record, self._bodies = template, record, bodies

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, localcontext: dict) -> str:
        record, name = self._record, localcontext["output_file"]
        key = page_key(record.inputs, self._template.name, name, self._bodies)
        previous = record.previous_file(name, key)
        record.written[name] = key
        if previous is None:
            record.rendered += 1
            return self._template.render(localcontext)
        record.reused += 1
        reused = _Reused()
        reused.source = previous
        return reused


class _PageFile:
    """The file Pelican's writer writes a page into: a reused page is linked."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, text: str) -> None:
        path = self._handle.name
        if not isinstance(text, _Reused) or path == os.devnull:
            self._handle.write(text)
            return
        self._handle.close()
        os.unlink(path)
        _link_or_copy(text.source, path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


class ReusingWriter(Writer):
    """Pelican's writer, with templates that may hand back a page unchanged."""

    record: PageRecord | None = None

    _writing_page = False

    def _open_w(self, filename, encoding, override=False):
        # Never into a linked file (it is the previous output's too): a new one.
        # The staging folder starts empty, so only a file this run wrote may be one.
        written = filename in self._written_files
        if written and filename not in self._overridden_files and _linked(filename):
            os.unlink(filename)
        handle = super()._open_w(filename, encoding, override)
        if not self._writing_page:  # a feed: written as Pelican writes it
            return handle
        return _PageFile(handle)

    def write_file(self, name, template, context, *args, **kwargs):
        record = ReusingWriter.record
        keyed = record is not None and hasattr(template, "render")
        edits = record.edited_sources(self.settings) if keyed else None
        if edits is not None and not _shows(kwargs, edits):
            record.skipped += 1  # its file is linked once the run ends
            return None
        if keyed:
            template = _ReusingTemplate(template, record, _bodies(kwargs))
        self._writing_page = True
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self._writing_page = False


def _shows(given: dict, sources: frozenset) -> bool:
    """Whether a page is given one of the edited content objects as such."""
    return any(
        isinstance(value, Content) and value.source_path in sources
        for value in given.values()
    )


def _linked(path: str) -> bool:
    try:
        return os.lstat(path).st_nlink > 1
    except OSError:
        return False


def start(pelican):
    configured = pelican.settings.get("PAGE_REUSE") or {}
    on = configured.get("inputs") and configured.get("keys_file")
    ReusingWriter.record = PageRecord(pelican.settings) if on else None


def writer_class(pelican):
    return ReusingWriter


def finish(pelican):
    record = ReusingWriter.record
    if record is None:
        return
    if record.edited_sources(pelican.settings) is not None:
        record.reused += record.link_unwritten(pelican.output_path)
    record.save(pelican.output_path)
    logger.info(
        "page_reuse: %d page(s) rendered, %d taken unchanged from the previous output",
        record.rendered,
        record.reused,
    )
    ReusingWriter.record = None


def register():
    signals.initialized.connect(start)
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(finish)
