"""Runs the whole build: check sources, one Pelican run per language, swap output.

Each language is built by its own Pelican run in its own process (both cores work,
and no plugin state can leak from one run into the other), into a folder of its own.
The folders are merged into a fresh staging folder beside the output; only a build
without any error replaces the output, so readers never see a half-built site. A run
whose inputs did not change since the last build is not run: the files it wrote
then are linked instead (sitebuild/unchanged_runs.py).

A members' request builds the briefers' area instead: the same runs with the
members' settings layered on top (MEMBERS_OVERRIDES in pelicanconf.py), into a tree
of its own that must hold nothing outside MEMBERS_PREFIX and never sit inside the
public tree, nor the public tree inside it.
"""

import fcntl
import glob
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from plugins.document_library.records import load_library  # a plugin's pure core

from . import content_cache, snapshot_run, unchanged_runs
from .articles import check_articles, check_bodies
from .assets import fingerprint
from .source_tree import source_tree_problems
from .trees import (
    MEMBERS,
    PUBLIC,
    held_tree_problems,
    mark_tree,
    outside_prefix,
    placement_problems,
)

logger = logging.getLogger(__name__)

# Pelican reports a few real errors only as warnings; they fail our build.
FATAL_WARNINGS = ("Unable to find", "would be written outside output path")
# In a run's content cache folder: the key of every page it wrote (plugins/page_reuse).
PAGE_KEYS_FILE = "pages.json"
# Beside the content caches: held by the build that runs (build_lock).
LOCK_FILE = "build.lock"
# What a run leaves in its cache folder for the next build, written under a new
# name and given its own once the build succeeded (so it always describes the
# last successful build, which the next one is compared with).
KEPT_FILES = (PAGE_KEYS_FILE, snapshot_run.SNAPSHOT_FILE, snapshot_run.BODIES_FILE)


class BuildFailed(Exception):
    """The build found problems; the output was left as it was."""

    def __init__(self, problems: list):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class BuildRequest:
    """What to build, from where, into where, with which settings file."""

    content: Path
    data: Path
    output: Path
    settings_file: Path
    members: bool = False  # the briefers' area instead of the public site

    @property
    def root(self) -> Path:
        return self.settings_file.parent

    @property
    def kind(self) -> str:
        return MEMBERS if self.members else PUBLIC

    @property
    def sources(self) -> dict[str, Path]:
        """The folders a build reads, by the label their files are known by."""
        return {"content": self.content, "data": self.data}


def check_sources(request: BuildRequest) -> list:
    """Every problem of the articles and the library, without building anything;
    nothing is read while a source is a link or a special file."""
    unsafe = source_tree_problems(request.sources, Path.cwd())
    if unsafe:
        return unsafe
    library, problems = load_library(request.data, display_root=Path.cwd())
    document_ids = {document.id for document in library.documents}
    # A document with problems is left out of the library; articles may still name it.
    document_ids |= {path.stem for path in (request.data / "documents").glob("*.yaml")}
    return check_articles(request.content, Path.cwd(), document_ids) + problems


def check_edited(request: BuildRequest, edited: list[str]) -> list:
    """The problems an edit of these files' bodies may bring, when all that changed
    since the last build (which passed check_sources) are their bodies."""
    return check_bodies(request.content, edited, Path.cwd())


class _ProblemCollector(logging.Handler):
    """Keeps Pelican's errors (and fatal warnings) of one run."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR or message.startswith(FATAL_WARNINGS):
            self.messages.append(message)


def language_settings(request: BuildRequest, lang: str, output: Path) -> dict:
    """The Pelican settings of one language's run; its content cache is in a folder
    of its own (sitebuild/content_cache.py)."""
    from pelican.settings import read_settings

    base = read_settings(str(request.settings_file))
    override = dict(base["SITE_LANGUAGES"][lang])
    if request.members:
        override.update(members_overrides(base, lang))
    override.update(
        DEFAULT_LANG=lang,
        PATH=str(request.content.resolve()),
        DATA_PATH=str(request.data.resolve()),
        OUTPUT_PATH=str(output.resolve()),
        DELETE_OUTPUT_DIRECTORY=False,
        THEME=str((request.root / base["THEME"]).resolve())
        if not os.path.isabs(base["THEME"])
        else base["THEME"],
        # Image variants, encoded once and kept whatever the settings (their
        # names hold a digest of the image and of the settings that made them).
        IMAGE_CACHE_PATH=str(cache_root(request).parent / "images"),
        **content_cache.CACHE_SETTINGS,
    )
    settings = read_settings(str(request.settings_file), override=override)
    settings["CACHE_PATH"] = str(
        content_cache.cache_folder(
            cache_root(request), settings, request.settings_file, request.members
        )
    )
    return settings


def cache_root(request: BuildRequest) -> Path:
    """Where the content caches of builds with these settings live."""
    return (request.root / ".cache" / "content").resolve()


def build_language(
    request: BuildRequest,
    lang: str,
    output: Path,
    pages_digest: str,
    edited: list[str] | None = None,
    keep: bool = True,
) -> list[str]:
    """Build one language into `output`; return the errors Pelican reported.

    `pages_digest` covers what every page but an article's own is rendered from
    (the run's inputs with its own articles by their header): page reuse's key,
    and the snapshot's (sitebuild/snapshot_run.py). `edited`: the content files
    whose text alone changed since the last build, when that is all that did.
    With `keep`, the run leaves its page keys and snapshot for the next build."""
    from pelican import Pelican

    collector = _ProblemCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        settings = language_settings(request, lang, output)
        with content_cache.private_copy(
            Path(settings["CACHE_PATH"]), settings["PATH"]
        ) as cache:
            previous = str(request.output.resolve())
            reuse = {  # pages whose inputs did not change (plugins/page_reuse)
                "previous_output": previous,
                "keys_file": str(cache / PAGE_KEYS_FILE),
                "new_keys_file": str(cache / (PAGE_KEYS_FILE + snapshot_run.NEW)),
                "inputs": pages_digest,
            }
            pelican = Pelican(
                {**settings, "CACHE_PATH": str(cache), "PAGE_REUSE": reuse}
            )
            snapshot_run.run(pelican, cache, pages_digest, edited, previous, keep)
    except Exception:  # a crash is one more problem to report, not a traceback dump
        collector.messages.append(_last_frames(traceback.format_exc()))
    finally:
        root.removeHandler(collector)
    return [f"[{lang}] {message}" for message in collector.messages]


def members_overrides(base: dict, lang: str) -> dict:
    """What a members' run of `lang` changes: the area's settings over the shared
    and the language's ones; each language's table sees the same (for plugins)."""
    by_language = base["MEMBERS_LANGUAGE_OVERRIDES"]
    languages = {
        name: {**table, **base["MEMBERS_OVERRIDES"], **by_language.get(name, {})}
        for name, table in base["SITE_LANGUAGES"].items()
    }
    return {**languages[lang], "SITE_LANGUAGES": languages}


def site_settings(request: BuildRequest) -> dict:
    """The shared settings (before any language's overrides), with the members'
    ones for a members' request."""
    from pelican.settings import read_settings

    base = read_settings(str(request.settings_file))
    if not request.members:
        return base
    return read_settings(
        str(request.settings_file), override=dict(base["MEMBERS_OVERRIDES"])
    )


def area_problems(request: BuildRequest, settings: dict) -> list[str]:
    """Why this build must not run: outputs nested, or restricted material asked
    of the public site. (Whether the output holds the other tree somewhere inside
    is a walk of all of it: the build looks while the runs run.)"""
    configured = {
        PUBLIC: settings.get("OUTPUT_PATH", "output"),
        MEMBERS: settings["MEMBERS_OUTPUT"],
    }
    other = MEMBERS if request.kind == PUBLIC else PUBLIC
    other_output = request.root / configured[other]
    problems = placement_problems(request.output, request.kind, other_output)
    if not request.members:
        for name in ("LIBRARY", "SEARCH"):
            if (settings.get(name) or {}).get("include_restricted"):
                problems.append(
                    f"{name}['include_restricted'] is set: restricted documents are "
                    "built only into the briefers' area (invoke build --members)"
                )
    return problems


@dataclass(frozen=True)
class LanguageRun:
    """One language's run in a build: where it writes, and what it reads."""

    lang: str
    folder: Path  # merged into the staging folder once every run has ended
    record_file: Path
    digest: str
    pages_digest: str  # the same, with its own articles by their header only
    # The last build's record of this run, when the run can be left out:
    unchanged: unchanged_runs.RunRecord | None
    # When all that changed since the last build are the bodies of some of the
    # run's own files: those files (in the content folder).
    edited: list[str] | None = None
    # Then also the folders of the last build's pages: the same pages again. They
    # are made in a process of their own while the run starts (17,000 folders take
    # a second of the file system's time, which would otherwise come at its end).
    page_folders: list[str] | None = None

    @property
    def cache(self) -> Path:
        return self.record_file.parent


def plan_runs(request: BuildRequest, languages, staging: Path, reuse: bool):
    """Each language's run, and (the file the sources' table is kept in, the table)."""
    settings = {lang: language_settings(request, lang, staging) for lang in languages}
    first = settings[languages[0]]
    table = unchanged_runs.sources_path(Path(first["CACHE_PATH"]))
    known = unchanged_runs.load_sources(table)  # as the last successful build ended
    sources = unchanged_runs.scan(request.sources, known)
    packages = unchanged_runs.packages()
    codes: dict[str, str] = {}  # by theme: our code and the theme's files
    runs = []
    for lang, run_settings in settings.items():
        theme = run_settings["THEME"]
        if theme not in codes:
            codes[theme] = unchanged_runs.code_digest(
                [unchanged_runs.CODE, Path(theme)]
            )
        named = f"{Path(run_settings['CACHE_PATH']).name}\0{codes[theme]}\0{packages}"
        digest = unchanged_runs.run_digest(run_settings, named, sources)
        pages = unchanged_runs.run_digest(run_settings, named, sources, bodies=False)
        path = unchanged_runs.record_path(Path(run_settings["CACHE_PATH"]))
        record = unchanged_runs.load(path) if reuse else None
        usable = (
            record is not None
            and (record.digest == digest or record.pages_digest == pages)
            and record.intact(request.output)
        )
        unchanged = record if usable and record.digest == digest else None
        edited = folders = None
        if usable and unchanged is None:  # only bodies of its own files changed
            edited = unchanged_runs.edited_bodies(
                known, sources, run_settings, "content"
            )
            edited = edited or None  # none found: the table is not the record's
            folders = unchanged_runs.page_folders(record.files) if edited else None
        folder = staging.with_name(f"{staging.name}-{lang}")
        runs.append(
            LanguageRun(lang, folder, path, digest, pages, unchanged, edited, folders)
        )
    return runs, (table, sources)


def build(request: BuildRequest) -> None:
    """Check, build every language into a staging folder, then swap it in; one
    build at a time (build_lock)."""
    with build_lock(request):
        _build(request)


@contextmanager
def build_lock(request: BuildRequest):
    """Hold the lock of builds with these settings, or fail saying who holds it.

    Two builds at once (`make serve` rebuilding while an editor runs `make html`)
    would share the content cache and the state kept for the next build. A POSIX
    record lock: the runs' worker processes do not inherit it, and it goes with
    the process that took it, however that process ends."""
    path = cache_root(request).parent / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildFailed(
                [
                    f"another build of this site is running ({holder}): wait for "
                    "it to end, then build again"
                ]
            ) from None
        handle.seek(0)
        handle.truncate()
        started = time.strftime("%H:%M:%S")
        handle.write(f"process {os.getpid()}, started at {started}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def _build(request: BuildRequest) -> None:
    """Check, build every language into a staging folder, then swap it in.

    The sources are checked while the languages build (the check is one more
    process's work beside them, not a wait before them); a problem found there
    discards the staging folder all the same.
    """
    settings = site_settings(request)
    # Before anything reads a source: a link would be followed (sitebuild/source_tree).
    problems = area_problems(request, settings) or source_tree_problems(
        request.sources, Path.cwd()
    )
    if problems:
        raise BuildFailed(problems)
    output = request.output
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.new-{os.getpid()}"
    # What an interrupted build left (this one holds the lock: none is running);
    # a leftover with this process's number is replaced below, not removed.
    _remove_in_background(
        [
            tree
            for tree in sorted(output.parent.glob(f".{glob.escape(output.name)}.new-*"))
            if not tree.name.startswith(staging.name)
        ]
    )
    # Production builds rewrite files after the runs (asset fingerprints).
    reuse = not settings.get("FINGERPRINT_ASSETS")
    runs, sources_table = plan_runs(
        request, list(settings["SITE_LANGUAGES"]), staging, reuse
    )
    for folder in [staging] + [run.folder for run in runs]:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    skeletons: list[Future] = []
    try:
        context = multiprocessing.get_context("fork")
        started = [
            _in_own_process(
                context,
                build_language,
                request,
                run.lang,
                run.folder,
                run.pages_digest,
                run.edited,
                reuse,
            )
            for run in runs
            if run.unchanged is None
        ]
        skeletons += [
            _in_own_process(
                context, unchanged_runs.make_folders, run.folder, run.page_folders
            )
            for run in runs
            if run.unchanged is None and run.page_folders
        ]
        bodies = _only_bodies_edited(runs)
        if bodies is None:
            checks = _in_own_process(context, check_sources, request)
        else:
            checks = _in_own_process(context, check_edited, request, bodies)
        for run in runs:
            if run.unchanged is not None:
                files = run.unchanged.files
                unchanged_runs.link_files(output, files, run.folder)
                logger.info(
                    "[%s] nothing it reads changed since the last build: "
                    "its %d files are taken from it",
                    run.lang,
                    len(files),
                )
        held = held_tree_problems(output, request.kind)
        problems = checks.result()
        errors = [message for run in started for message in run.result()]
        for skeleton in skeletons:
            skeleton.result()
        if held:
            raise BuildFailed(held)
        if problems:  # the sources' own problems say more than what they broke
            raise BuildFailed(problems)
        if errors:
            raise BuildFailed(errors)
        written = {
            run.lang: run.unchanged.files
            if run.unchanged is not None
            else unchanged_runs.written_states(run.folder)
            for run in runs
        }
        clashes = [
            clash for run in runs for clash in _merge(run.folder, staging, run.lang)
        ]
        if clashes:
            raise BuildFailed(clashes)
        if request.members:
            outside = outside_prefix(staging, settings["MEMBERS_PREFIX"])
            if outside:
                raise BuildFailed(outside)
        elif (staging / settings["MEMBERS_PREFIX"].strip("/")).exists():
            raise BuildFailed(
                [
                    f"{settings['MEMBERS_PREFIX']} was written by the public site: it "
                    "is the briefers' area's address (a slug or a linked file "
                    "there would stand in for its sign-in)"
                ]
            )
        if settings.get("FINGERPRINT_ASSETS"):
            fingerprint(staging, settings["THEME_STATIC_DIR"])
        mark_tree(staging, request.kind)
        _swap_in(staging, output)
    except BaseException:
        for run in runs:  # what the runs left for the next build is not kept
            _discard_kept(run.cache, kept=True)
        raise
    finally:
        for skeleton in skeletons:  # done making folders before they are removed
            with suppress(Exception):
                skeleton.result()
        for folder in [staging] + [run.folder for run in runs]:
            shutil.rmtree(folder, ignore_errors=True)
    table_file, sources = sources_table
    after = unchanged_runs.scan(request.sources, sources)
    unchanged_runs.save_sources(table_file, after)
    edited = unchanged_runs.changed(sources, after)
    if edited:  # the runs may have read either version: keep no record of them
        logger.warning(
            "%d source file(s) changed while the site was built (%s): the next "
            "build renders every page again",
            len(edited),
            ", ".join(edited[:3]),
        )
    for run in runs:
        if edited:
            _discard_kept(run.cache, kept=False)
        elif run.unchanged is None:
            _commit_kept(run.cache)
        if edited or not reuse:
            run.record_file.unlink(missing_ok=True)
            continue
        record = unchanged_runs.RunRecord(  # the files' states: moved, not changed
            os.path.realpath(output), run.digest, written[run.lang], run.pages_digest
        )
        unchanged_runs.save(run.record_file, record)


def _only_bodies_edited(runs: list[LanguageRun]) -> list[str] | None:
    """The files every run that runs sees as body edits, when that is all that
    changed since the last build (the others are left out); else None."""
    edited = set()
    for run in runs:
        if run.unchanged is not None:
            continue
        if run.edited is None:
            return None
        edited.update(run.edited)
    return sorted(edited)


def _commit_kept(cache: Path) -> None:
    """After a successful build: what its run left for the next build is the one
    to use (KEPT_FILES)."""
    for name in KEPT_FILES:
        new = cache / (name + snapshot_run.NEW)
        if new.exists():
            os.replace(new, cache / name)


def _discard_kept(cache: Path, kept: bool) -> None:
    """After a failed build: what its run left is not used. Without `kept` (the
    sources changed while the runs read them), the last build's goes too."""
    for name in KEPT_FILES:
        (cache / (name + snapshot_run.NEW)).unlink(missing_ok=True)
        if not kept:
            (cache / name).unlink(missing_ok=True)


def _merge(source: Path, target: Path, lang: str, name: str = "") -> list[str]:
    """Move everything in `source` into `target`; a file already there is a clash
    (two runs wrote it)."""
    clashes = []
    for entry in os.scandir(source):
        destination = target / entry.name
        relative = f"{name}{entry.name}"
        if not os.path.lexists(destination):
            os.rename(entry.path, destination)
        elif entry.is_dir(follow_symlinks=False) and destination.is_dir():
            clashes += _merge(Path(entry.path), destination, lang, f"{relative}/")
        else:
            clashes.append(f"[{lang}] {relative} was written by another run too")
    return clashes


# The program that removes old output trees (named on its command line).
REMOVE_TREES = "\n".join(
    [
        "import shutil, sys",
        "for tree in sys.argv[1:]:",
        "    shutil.rmtree(tree, ignore_errors=True)",
    ]
)


def _in_own_process(context, function, *args) -> Future:
    """`function(*args)` in a process of its own, which ends (and gives its memory
    back) as soon as the function returns, not when every run is done."""
    executor = ProcessPoolExecutor(1, mp_context=context)
    future = executor.submit(function, *args)
    executor.shutdown(wait=False)  # the worker leaves once this call is done
    return future


def _swap_in(staging: Path, output: Path) -> None:
    """Replace `output` by `staging`; the old tree is removed only once replaced,
    by a process of its own that the build does not wait for (27,000 files take
    two seconds), with any old tree an interrupted build left behind."""
    previous = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        os.replace(output, previous)
    os.replace(staging, output)
    _remove_in_background(
        sorted(output.parent.glob(f".{glob.escape(output.name)}.old-*"))
    )


def _remove_in_background(trees: list[Path]) -> None:
    """Remove old output trees in a process of their own (27,000 files take two
    seconds), which the build does not wait for."""
    if trees:
        subprocess.Popen(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", REMOVE_TREES, *map(str, trees)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped with the build's terminal
        )


def main(request: BuildRequest) -> int:
    """Command-line entry: build, print every problem, return the exit status."""
    try:
        build(request)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(
            f"Build failed: {len(failure.problems)} problem(s); "
            f"{request.output} was left as it was.",
            file=sys.stderr,
        )
        return 1
    return 0


def _last_frames(formatted: str, frames: int = 4) -> str:
    """The end of a traceback: where it broke, not how Pelican got there."""
    lines = formatted.strip().splitlines()
    return "\n".join(lines[-(2 * frames + 1) :])
