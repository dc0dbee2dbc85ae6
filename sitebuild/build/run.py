"""One language's Pelican run, in a process of its own, step by step.

The steps are Pelican 4.12's `Pelican.run`, without the counts it prints and
without emptying the output folder (each run writes into an empty folder of its
own). A FULL run reads every source; once every generator has, it keeps their
content for the next build (sitebuild/state/snapshot.py). A BODIES or DATA run
starts from that content instead (the plugins' generators, which read the data
folder and not the sources, read again), and writes only the pages that may have
changed: BODIES, the pages given an edited article (BodyEditWriter); DATA, the
pages that show more of the library than its run-wide regions, but a document's
page or a listing that shows the same as at the last build (the last build's
library is kept as digests), and those of articles naming a changed document
(DataEditWriter). It names the other pages
to the build, which carries them over from the last build's output, the regions
replaced after a DATA run (sitebuild/build/merge.py).

Once every source is read, a full run also lets go of what Pelican keeps for
nothing until the run ends: its readers' cache, and the UTF-8 copy that pickling
that cache left inside every body. Each file is stamped for Pelican's caches once
per run, not three times. Every run keeps the theme's templates compiled in its
cache folder (TEMPLATES_FOLDER).
"""

import ctypes
import dataclasses
import gc
import hashlib
import json
import logging
import os
import traceback
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import Pelican, signals
from pelican.contents import Content, Static
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.readers import Readers
from pelican.writers import Writer

from .. import pelican_private
from ..state import content_cache, snapshot
from .merge import REGION
from .plan import BODIES, DATA

logger = logging.getLogger(__name__)

TEMPLATES_FOLDER = "templates"  # the theme's templates, compiled
# What a body may hold that makes Pelican write files elsewhere ({attach} moves a
# static file next to the article that links it): such a body needs a full run.
MOVING_LINKS = ("{attach}", "|attach|")
# Pelican reports a few real errors only as warnings; they fail the build.
FATAL_WARNINGS = ("Unable to find", "would be written outside output path")
# Where the library's view is in the context (plugins/document_library), for a DATA
# run to tell which documents changed.
LIBRARY_CONTEXT = "document_library"
# Pelican's generators read the sources: what the snapshot keeps. The others (the
# plugins') read the data folder and the settings, and read again in every run.
SOURCE_GENERATORS = (
    ArticlesGenerator,
    PagesGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)


@dataclass
class RunResult:
    """What a run hands back to the build."""

    errors: list[str] = field(default_factory=list)
    # Pages it did not write (paths in its folder): the last build's are the same,
    # once their run-wide regions are given `regions` (a DATA run's).
    skipped: list[str] = field(default_factory=list)
    regions: dict[str, str] = field(default_factory=dict)


class NeedsFullRun(Exception):
    """The snapshot cannot stand for this run's content."""


class _ProblemCollector(logging.Handler):
    """Keeps Pelican's errors (and fatal warnings) of one run."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR or message.startswith(FATAL_WARNINGS):
            self.messages.append(message)


def run_language(run, keep: bool = True) -> RunResult:
    """Build `run` (a LanguageRun) into its folder. With `keep`, a full run leaves
    its snapshot for the next build (under its NEW name)."""
    collector = _ProblemCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    result = RunResult()
    try:
        settings = run.settings
        with content_cache.private_copy(run.cache, settings["PATH"]) as cache:
            pelican = Pelican({**settings, "CACHE_PATH": str(cache)})
            writer = _steps(pelican, cache, run, keep)
            result.skipped = getattr(writer, "skipped", [])
            result.regions = getattr(writer, "regions", {})
    except Exception:  # a crash is one more problem to report, not a traceback dump
        collector.messages.append(_last_frames(traceback.format_exc()))
    finally:
        root.removeHandler(collector)
    result.errors = [f"[{run.lang}] {message}" for message in collector.messages]
    return result


def _last_frames(formatted: str, frames: int = 4) -> str:
    """The end of a traceback: where it broke, not how Pelican got there."""
    lines = formatted.strip().splitlines()
    return "\n".join(lines[-(2 * frames + 1) :])


def _steps(pelican, folder: Path, run, keep) -> Writer:
    """Pelican's run, from the snapshot in `folder` when the run's mode allows
    (BODIES, DATA) and the snapshot stands for the run's sources, else from every
    source. The writer it wrote with."""
    settings = pelican.settings
    generators = writer = None
    key = run.snapshot_key
    kept = snapshot.snapshot_digest(folder / snapshot.SNAPSHOT_FILE)
    if run.mode in (BODIES, DATA) and kept == key:
        loading = settings["LOAD_CONTENT_CACHE"]
        settings["LOAD_CONTENT_CACHE"] = False  # nothing is read from it
        try:
            context, generators, changed = _from_snapshot(
                pelican, folder, key, run.edited
            )
            writer = _edit_writer(pelican, run, changed)
            logger.info(
                "run: the content of the last build, with %d body(ies) read again",
                len(run.edited),
            )
        except NeedsFullRun as reason:
            logger.info("run: every source is read (%s)", reason)
            settings["LOAD_CONTENT_CACHE"] = loading
            generators = None
    if generators is None:
        context, generators = _read_all(pelican, folder, key, keep)
        writer = Writer(pelican.output_path, settings=settings)

    snapshot.save_json(
        folder / (snapshot.LIBRARY_FILE + snapshot.NEW),
        library_state(context.get(LIBRARY_CONTEXT)),
    )
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    for generator in generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)
    signals.finalized.send(pelican)
    return writer


def _edit_writer(pelican, run, changed) -> Writer:
    settings = pelican.settings
    if run.mode == BODIES:
        base = settings["PATH"]
        edited = frozenset(os.path.join(base, path) for path in run.edited)
        return BodyEditWriter(pelican.output_path, settings, edited)
    return DataEditWriter(pelican.output_path, settings, changed)


class _Skipped(str):
    """What a skipped page's template renders: nothing is written."""


class _SkippingTemplate:
    """Stands in for a Jinja template in Writer.write_file: renders nothing for a
    page `skip` names (each page of a paginated list is asked), else the page."""

    def __init__(self, template, writer, skip=lambda localcontext: True):
        self._template, self._writer, self._skip = template, writer, skip

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, localcontext) -> str:
        self._writer._skipping = self._skip(localcontext)
        if self._writer._skipping:
            return _Skipped()
        return self._template.render(localcontext)


def _a_later_page(localcontext) -> bool:
    """Whether a page of a paginated list is not its first."""
    page = localcontext.get("articles_page")
    return page is not None and page.number > 1


class _Sink:
    """Where Writer.write_file writes a skipped page: nowhere."""

    def write(self, text) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class EditWriter(Writer):
    """Pelican's writer in a run after edits: a page it must write is rendered;
    any other page is as the last build wrote it (but, after a DATA edit, its
    run-wide regions), so it is not rendered, and its name is kept for the build to
    carry over. Everything else runs as for a written page (its folder, the
    overwrite checks, the `content_written` signal the sitemap listens to); feeds
    are written."""

    def __init__(self, output_path, settings):
        super().__init__(output_path, settings=settings)
        self.skipped: list[str] = []
        self.regions: dict[str, str] = {}
        self._skipping = self._writing_page = False

    def must_write(self, template, given: dict) -> bool:
        raise NotImplementedError

    def later_pages_free(self, template, given: dict) -> bool:
        """Whether the pages of this list after the first need not be written."""
        return False

    def write_file(self, name, template, context, *args, **kwargs):
        self._writing_page = True
        if hasattr(template, "render"):
            if not self.must_write(template, kwargs):
                template = _SkippingTemplate(template, self)
            elif self.later_pages_free(template, kwargs):
                template = _SkippingTemplate(template, self, _a_later_page)
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self._skipping = self._writing_page = False

    def _open_w(self, filename, encoding, override=False):
        if not self._skipping:
            handle = super()._open_w(filename, encoding, override)
            return _RegionReader(handle, self.regions) if self._writing_page else handle
        self._written_files.add(filename)  # a second write is an error all the same
        self.skipped.append(os.path.relpath(filename, self.output_path))
        return _Sink()


class BodyEditWriter(EditWriter):
    """After edits to the bodies of `edited` (full source paths): a page given one
    of them (an article's, a page's) is written."""

    def __init__(self, output_path, settings, edited: frozenset[str]):
        super().__init__(output_path, settings)
        self.edited = edited

    def must_write(self, template, given: dict) -> bool:
        return any(
            isinstance(value, Content) and value.source_path in self.edited
            for value in given.values()
        )


class DataEditWriter(EditWriter):
    """After edits to the data folder: a page is written unless it shows the library
    only through the run-wide regions (its template is one of DATA_FREE_TEMPLATES,
    or it is a page after the first of a list in DATA_FREE_LATER_PAGES, and it is
    given no article naming a changed document), or it is a document's page
    (DATA_DOCUMENT_TEMPLATE) or a listing of the library (DATA_LISTING_TEMPLATE)
    that shows the same as at the last build. `changed`: what changed in the
    library; None when unknown (every library page, every article naming a document
    is written)."""

    def __init__(self, output_path, settings, changed: "LibraryChanges | None"):
        super().__init__(output_path, settings)
        self.free = frozenset(settings.get("DATA_FREE_TEMPLATES") or ())
        self.later_free = frozenset(settings.get("DATA_FREE_LATER_PAGES") or ())
        self.document_template = settings.get("DATA_DOCUMENT_TEMPLATE")
        self.listing_template = settings.get("DATA_LISTING_TEMPLATE")
        self.changed = changed

    def must_write(self, template, given: dict) -> bool:
        name = (getattr(template, "name", None) or "").removesuffix(".html")
        if self.changed is not None:
            if name == self.document_template:
                document = given.get("document")
                return document is None or document.id in self.changed.documents
            if name == self.listing_template:
                page = given.get("listing_page")
                return page is None or listing_key(page) in self.changed.listings
        if name not in self.free:
            return True
        return any(self._names_changed(value) for value in given.values())

    def later_pages_free(self, template, given: dict) -> bool:
        name = (getattr(template, "name", None) or "").removesuffix(".html")
        return name in self.later_free and not any(
            self._names_changed(value) for value in given.values()
        )

    def _names_changed(self, value) -> bool:
        """Whether a content object (or its translation) names a changed document."""
        if not isinstance(value, Content):
            return False
        for content in (value, *getattr(value, "translations", ())):
            named = content.metadata.get("documents")
            if not named:
                continue
            if self.changed is None:
                return True
            if isinstance(named, str):
                named = named.split(",")
            if any(str(item).strip() in self.changed.documents for item in named):
                return True
        return False


@dataclass(frozen=True)
class LibraryChanges:
    """What a data edit changed in a run's library, against the last build."""

    documents: frozenset  # the ids of the documents whose view changed
    listings: frozenset  # the listing_key() of the listings that show otherwise


def listing_key(page) -> str:
    """A listing of the library by what it lists: "kind_year:{...}"."""
    return f"{page.key}:{json.dumps(page.values, sort_keys=True, default=str)}"


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def library_state(view) -> dict | None:
    """What a run's library shows, as digests: its feed's address, each document's
    view (its articles by address and title), and each listing (its documents'
    digests, its facets and their counts)."""
    if view is None:
        return None
    documents = {
        document.id: _digest(
            dataclasses.replace(
                document, articles=tuple((a.url, a.title) for a in document.articles)
            )
        )
        for document in view.documents
    }
    listings = {
        listing_key(page): _digest(
            dataclasses.replace(
                page,
                documents=tuple(
                    (document.id, documents[document.id]) for document in page.documents
                ),
            )
        )
        for page in view.pages
    }
    return {"feed": view.feed_url, "documents": documents, "listings": listings}


def library_changes(old: dict | None, new: dict | None) -> LibraryChanges | None:
    """What differs between two library states; None when either is unknown or
    their feeds differ (every library page changes then)."""
    if old is None or new is None or old["feed"] != new["feed"]:
        return None
    if "listings" not in old:
        return None

    def differing(before: dict, after: dict) -> frozenset:
        return frozenset(
            key
            for key in before.keys() | after.keys()
            if before.get(key) != after.get(key)
        )

    documents = differing(old["documents"], new["documents"])
    return LibraryChanges(documents, differing(old["listings"], new["listings"]))


class _RegionReader:
    """A written page's file, which also keeps each run-wide region it holds (the
    same on every page of a run) for the pages the build will patch."""

    def __init__(self, handle, regions: dict[str, str]):
        self._handle, self._regions = handle, regions

    def write(self, text) -> None:
        for match in REGION.finditer(text):
            self._regions.setdefault(match["name"], match["text"])
        self._handle.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


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
        stamp = snapshot.file_digest(path)
        if source in kept and source not in edited and kept[source][0] == stamp:
            body = kept[source][1]
        else:
            readers = readers or Readers(settings)  # no cache: these files changed
            fresh = readers.read_file(
                base_path=base, path=source, content_class=type(found), context=context
            )
            if fresh.metadata != found.metadata:
                raise NeedsFullRun(f"{source}: its header reads differently")
            body = pelican_private.body(fresh)
        old = pelican_private.body(found) or ""
        if any(link in text for text in (old, body or "") for link in MOVING_LINKS):
            raise NeedsFullRun(f"{source} moves a file with {{attach}}")
        if _links(found, old) != _links(found, body or ""):
            # A {static} link to a file outside STATIC_PATHS has Pelican copy it;
            # a link gone leaves the file unlinked: what is written changes.
            raise NeedsFullRun(f"{source} links other files than before")
        pelican_private.set_body(found, body)
        current[source] = (stamp, body)
    return current


def _links(content, body: str) -> set[tuple[str, str]]:
    """The {filename}, {static} (...) links of a body, as Pelican finds them."""
    pattern = pelican_private.intrasite_link_regex(content)
    return {(match["what"], match["value"]) for match in pattern.finditer(body)}


def _make_generators(pelican, folder: Path):
    """Pelican.run's first step: the context and the generators. Their templates
    are compiled once for every build with this cache folder (it is named after
    the theme, the plugins and the settings)."""
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
        for cls in pelican_private.generator_classes(pelican)
    ]
    templates = folder / TEMPLATES_FOLDER
    templates.mkdir(exist_ok=True)
    compiled = FileSystemBytecodeCache(str(templates))
    stamps: dict = {}
    for generator in generators:
        if hasattr(generator, "env"):
            generator.env.bytecode_cache = compiled
        pelican_private.stamp_once(generator, stamps)
        pelican_private.stamp_once(getattr(generator, "readers", None), stamps)
    return context, generators


def _read_all(pelican, folder: Path, digest: str, keep: bool):
    """Pelican.run's second step; with `keep`, the snapshot of what it read."""
    context, generators = _make_generators(pelican, folder)
    made = (
        dict(context),
        [(snapshot.content_names(g), set(vars(g))) for g in generators],
    )
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    _drop_utf8_copies(generators, context)
    _settle_urls(context)
    if keep:
        new = folder / (snapshot.SNAPSHOT_FILE + snapshot.NEW)
        snapshot.save_snapshot(new, digest, generators, context, pelican.settings, made)
        snapshot.save_bodies(folder / (snapshot.BODIES_FILE + snapshot.NEW), digest, {})
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
        pelican_private.drop_readers_cache(getattr(generator, "readers", None))
    for content in context["generated_content"].values():
        body = pelican_private.body(content)
        if body and not body.isascii():
            pelican_private.set_body(content, body.encode().decode())


def _give_back_freed_memory() -> None:
    """Hand the memory freed once the content is read back to the system (glibc
    keeps it otherwise, and the process's size with it)."""
    with suppress(OSError, AttributeError):  # another C library: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _from_snapshot(pelican, folder: Path, key: str, edited):
    """The generators with the snapshot's content and the current bodies; the
    plugins' generators read the data again."""
    context, generators = _make_generators(pelican, folder)
    path = folder / snapshot.SNAPSHOT_FILE
    if not snapshot.load_snapshot(path, generators, context, pelican.settings):
        raise NeedsFullRun("the snapshot was made by other generators")
    bodies = folder / snapshot.BODIES_FILE
    kept = snapshot.load_bodies(bodies, key)
    current = apply_bodies(context, pelican.settings, kept, edited)
    if not edited and any(
        link in (pelican_private.body(content) or "")
        for content in context["generated_content"].values()
        for link in MOVING_LINKS
    ):  # files move as pages are written: the pages must be written
        raise NeedsFullRun("a body moves a file with {attach}")
    for generator in generators:
        if not isinstance(generator, SOURCE_GENERATORS) and hasattr(
            generator, "generate_context"
        ):
            generator.generate_context()
    new = folder / (snapshot.BODIES_FILE + snapshot.NEW)
    snapshot.save_bodies(new, key, current)
    gc.freeze()  # they live until the run ends: no collection need walk them again
    state = library_state(context.get(LIBRARY_CONTEXT))
    old = snapshot.load_json(folder / snapshot.LIBRARY_FILE)
    changes = library_changes(old, state)
    if changes is None:
        logger.info("run: the library is not comparable with the last build's")
    else:
        logger.info(
            "run: %d document(s) and %d listing(s) of the library changed",
            len(changes.documents),
            len(changes.listings),
        )
    return context, generators, changes


def _settle_urls(context) -> None:
    """Give each article and page its address once, when every source is read.

    Pelican works an article's `url` out from its metadata and the settings each
    time it is asked: on every page that lists or links the article, many times
    in a run. Once every generator has read its sources, nothing changes it: it is
    kept as Pelican's own override_url, in the snapshot too. Static files are left
    alone ({attach} moves them as pages are written), and so is save_as (Pelican
    lets a page with override_save_as overwrite another's file).
    """
    for content in context["generated_content"].values():
        if isinstance(content, Static) or not isinstance(content, Content):
            continue
        if not hasattr(content, "override_url"):
            content.override_url = content.url
