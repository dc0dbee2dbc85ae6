"""Publishing: build into a new release folder, check it, precompress it, and only
then point the target (a symlink) at it. The previous release stays for rollback.
"""

import gzip
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import brotli

from .output_checks import check_output, find_traces
from .runner import BuildFailed, BuildRequest, build, load_library

logger = logging.getLogger(__name__)

COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
MIN_COMPRESSED_SIZE = 256  # below that, compression costs more than it saves
KEEP_RELEASES = 3


def releases_dir(target: Path) -> Path:
    return target.parent / f".{target.name}.releases"


def publish(request: BuildRequest, target: Path, siteurl: str) -> Path:
    """Build, check, precompress, then switch `target` to the new release."""
    target = target.absolute()
    if (target.exists() or target.is_symlink()) and not target.is_symlink():
        raise BuildFailed(
            [f"{target} exists and is not a release link made by publish: move it away"]
        )
    releases = releases_dir(target)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    release = releases / stamp
    build(BuildRequest(request.content, request.data, release, request.settings_file))
    problems = check_output(release, siteurl) + find_traces(
        release, restricted_needles(request.data)
    )
    if problems:
        shutil.rmtree(release, ignore_errors=True)
        raise BuildFailed(problems)
    precompress(release)
    switch(target, release)
    _prune(releases, keep={release.name})
    return release


def restricted_needles(data: Path) -> dict[str, str]:
    """What would betray a restricted document: its id, code, titles, file names."""
    library, _problems = load_library(data)
    needles = {}
    for document in library.documents:
        if document.is_public:
            continue
        what = f"a trace of restricted document {document.id}"
        needles[document.id] = what
        if document.code:
            needles[document.code] = what
        for title in document.title.values():
            needles[title] = what
        for attachment in document.files:
            needles[Path(attachment.path).name] = what
    return needles


def precompress(folder: Path) -> int:
    """Write .gz and .br beside every text file worth compressing; return how many."""
    count = 0
    for file in sorted(folder.rglob("*")):
        if file.suffix not in COMPRESSED_SUFFIXES or not file.is_file():
            continue
        data = file.read_bytes()
        if len(data) < MIN_COMPRESSED_SIZE:
            continue
        file.with_name(file.name + ".gz").write_bytes(
            gzip.compress(data, compresslevel=9, mtime=0)
        )
        file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=11))
        count += 1
    return count


def switch(target: Path, release: Path) -> None:
    """Point `target` at `release` in one atomic rename of a fresh symlink."""
    link = target.with_name(f".{target.name}.switch-{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(release, target.parent))
    os.replace(link, target)


def current_release(target: Path) -> Path | None:
    if not target.is_symlink():
        return None
    return (target.parent / os.readlink(target)).resolve()


def rollback(target: Path) -> Path:
    """Point `target` back at the release before the current one."""
    target = target.absolute()
    current = current_release(target)
    releases = sorted(p for p in releases_dir(target).iterdir() if p.is_dir())
    older = [p for p in releases if current is None or p.name < current.name]
    if not older:
        raise BuildFailed([f"{target}: no earlier release to roll back to"])
    switch(target, older[-1])
    return older[-1]


def _prune(releases: Path, keep: set[str]) -> None:
    """Keep the newest few releases (the current one and those to roll back to)."""
    for old in sorted(p for p in releases.iterdir() if p.is_dir())[:-KEEP_RELEASES]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
