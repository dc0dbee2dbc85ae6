"""The whole build: check the sources, one Pelican run per language, swap output.

Each language is built by its own Pelican run in its own process (both cores work,
and no plugin state can leak from one run into the other), into a folder of its
own, while the sources are checked in a third. What each run does follows from
what changed since the last build (plan.py); the folders are merged into a fresh
staging folder beside the output, and only a build without any problem replaces
the output, so readers never see a half-built site. One build runs at a time.

A members' request builds the briefers' area instead (membersconf.py): a tree of
its own that must hold nothing outside MEMBERS_PREFIX and never sit inside the
public tree, nor the public tree inside it.
"""

import fcntl
import logging
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..checks import check_data, check_edited, check_sources
from ..checks.source_tree import source_tree_problems
from ..checks.trees import (
    MEMBERS,
    PUBLIC,
    held_tree_problems,
    mark_tree,
    outside_prefix,
)
from ..state import inputs, snapshot
from . import merge
from .plan import BODIES, DATA, FULL, UNCHANGED, plan_runs
from .run import run_language
from .settings import area_problems, cache_root
from .settings import read as read_settings

logger = logging.getLogger(__name__)

# Beside the content caches: held by the build that runs (build_lock).
LOCK_FILE = "build.lock"
_EXECUTORS: list[ProcessPoolExecutor] = []  # of this build's own processes
# Processes that carry over the pages of a DATA run (each is read and written).
CARRY_PROCESSES = max(1, min(4, os.cpu_count() or 1))
# What a run leaves in its cache folder for the next build, written under a new
# name and given its own once the build succeeded (so it always describes the
# last successful build, which the next one is compared with).
KEPT_FILES = (snapshot.SNAPSHOT_FILE, snapshot.BODIES_FILE, snapshot.LIBRARY_FILE)


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
    members: bool = False  # the briefers' area (membersconf.py) or the public site

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


def site_settings(request: BuildRequest) -> dict:
    """The settings file's own settings (before any language's table)."""
    return read_settings(request.settings_file)


def build(request: BuildRequest) -> None:
    """Check, build every language into a staging folder, then swap it in; one
    build at a time (build_lock)."""
    with build_lock(request):
        try:
            _build(request)
        finally:  # every worker has ended: its executor is let go before exit
            while _EXECUTORS:
                _EXECUTORS.pop().shutdown(wait=True)


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
    settings = site_settings(request)
    # Before anything reads a source: a link would be followed (checks/source_tree).
    problems = area_problems(request, settings) or source_tree_problems(
        request.sources, Path.cwd()
    )
    if problems:
        raise BuildFailed(problems)
    output = request.output
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.new-{os.getpid()}"
    # What an interrupted build left (this one holds the lock: none is running).
    merge.remove_in_background(merge.leftovers(output, "new", keep=staging))
    plan = plan_runs(request, settings, staging)
    runs = plan.runs
    for folder in [staging] + [run.folder for run in runs]:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    folders: list[Future] = []
    try:
        fork = multiprocessing.get_context("fork")
        started = {
            run.lang: _in_own_process(fork, run_language, run)
            for run in runs
            if run.mode != UNCHANGED
        }
        # The folders of a BODIES run's pages are made while it starts (thousands of
        # folders take a second of the file system's time).
        folders += [
            _in_own_process(
                fork,
                inputs.make_folders,
                run.folder,
                inputs.page_folders(run.record.files),
            )
            for run in runs
            if run.mode in (BODIES, DATA)
        ]
        edited = plan.edited()
        display = Path.cwd()
        if edited is not None:
            checks = _in_own_process(
                fork, check_edited, request.content, edited, display
            )
        elif plan.data_only():
            checks = _in_own_process(fork, check_data, request.sources, display)
        else:
            checks = _in_own_process(fork, check_sources, request.sources, display)
        for run in runs:
            if run.mode == UNCHANGED:
                merge.carry_over(output, run.record.files, run.folder)
                logger.info(
                    "[%s] nothing it reads changed since the last build: "
                    "its %d files are taken from it",
                    run.lang,
                    len(run.record.files),
                )
        held = held_tree_problems(output, request.kind)
        problems = checks.result()
        results = {lang: future.result() for lang, future in started.items()}
        for future in folders:
            future.result()
        errors = [error for result in results.values() for error in result.errors]
        if held or problems or errors:  # the sources' own problems say the most
            raise BuildFailed(held or problems or errors)
        carried = []
        for run in runs:
            if run.mode in (BODIES, DATA):  # the pages it did not write
                result = results[run.lang]
                made = inputs.page_folders(run.record.files)
                if run.mode == BODIES:  # linked: quick
                    merge.carry_over(output, result.skipped, run.folder, None, made)
                    continue
                # patched: each page read and written again, on every core
                carried += [
                    (
                        run.lang,
                        _in_own_process(
                            fork,
                            merge.carry_over,
                            output,
                            result.skipped[share::CARRY_PROCESSES],
                            run.folder,
                            result.regions,
                            made,
                        ),
                    )
                    for share in range(CARRY_PROCESSES)
                ]
        for lang, future in carried:
            try:
                future.result()
            except merge.MissingRegion as error:
                raise BuildFailed([f"[{lang}] {error}: build again"]) from None
        written = {}
        for run in runs:
            written[run.lang] = (
                run.record.files
                if run.mode == UNCHANGED
                else inputs.written_states(run.folder)
            )
        clashes = [
            clash
            for run in runs
            for clash in merge.merge(run.folder, staging, run.lang)
        ]
        if clashes:
            raise BuildFailed(clashes)
        _check_area(request, settings, staging)
        mark_tree(staging, request.kind)
        merge.swap_in(staging, output)
    except BaseException:
        for run in runs:  # what the runs left for the next build is not kept
            _discard_kept(run.cache, kept=True)
        raise
    finally:
        for future in folders:  # done making folders before they are removed
            with suppress(Exception):
                future.result()
        for folder in [staging] + [run.folder for run in runs]:
            shutil.rmtree(folder, ignore_errors=True)
    _keep_state(request, plan, written)


def _check_area(request: BuildRequest, settings: dict, staging: Path) -> None:
    """The members' tree holds its prefix only; the public one nothing there."""
    prefix = settings["MEMBERS_PREFIX"]
    if request.members:
        outside = outside_prefix(staging, prefix)
        if outside:
            raise BuildFailed(outside)
    elif (staging / prefix.strip("/")).exists():
        raise BuildFailed(
            [
                f"{prefix} was written by the public site: it is the briefers' "
                "area's address (a slug or a linked file there would stand in for "
                "its sign-in)"
            ]
        )


def _keep_state(request: BuildRequest, plan, written: dict):
    """What the next build compares itself with: the sources as they are now, and
    each run's record and snapshot; none of them when a source changed while the
    runs read it (they may have read either version)."""
    after = inputs.scan(request.sources, plan.sources)
    inputs.save_sources(plan.table_file, after)
    edited = inputs.changed(plan.sources, after)
    if edited:
        logger.warning(
            "%d source file(s) changed while the site was built (%s): the next "
            "build reads every source again",
            len(edited),
            ", ".join(edited[:3]),
        )
    for run in plan.runs:
        if edited:
            _discard_kept(run.cache, kept=False)
        elif run.mode != UNCHANGED:
            _commit_kept(run.cache)
        if edited:
            run.record_file.unlink(missing_ok=True)
            continue
        record = inputs.RunRecord(  # the files' states: moved, not changed
            os.path.realpath(request.output),
            run.digest,
            written[run.lang],
            run.pages_digest,
            run.content_digest,
        )
        inputs.save(run.record_file, record)


def _commit_kept(cache: Path) -> None:
    """After a successful build: what its run left for the next build is the one
    to use (KEPT_FILES)."""
    for name in KEPT_FILES:
        new = cache / (name + snapshot.NEW)
        if new.exists():
            os.replace(new, cache / name)


def _discard_kept(cache: Path, kept: bool) -> None:
    """After a failed build: what its run left is not used. Without `kept` (the
    sources changed while the runs read them), the last build's goes too."""
    for name in KEPT_FILES:
        (cache / (name + snapshot.NEW)).unlink(missing_ok=True)
        if not kept:
            (cache / name).unlink(missing_ok=True)


def _in_own_process(context, function, *args) -> Future:
    """`function(*args)` in a process of its own, which ends (and gives its memory
    back) as soon as the function returns, not when every run is done."""
    executor = ProcessPoolExecutor(1, mp_context=context)
    future = executor.submit(function, *args)
    executor.shutdown(wait=False)  # the worker leaves once this call is done
    # Shut down again, waiting, when the build ends: an executor left to the
    # interpreter's exit can write to its closed wake-up pipe there (Python 3.11.2,
    # Debian 12's, prints "Bad file descriptor" after a refused build).
    _EXECUTORS.append(executor)
    return future


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


__all__ = [
    "BODIES",
    "DATA",
    "FULL",
    "UNCHANGED",
    "BuildFailed",
    "BuildRequest",
    "build",
    "main",
    "site_settings",
]
