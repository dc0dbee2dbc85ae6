"""Publishing: build into a new release folder, check it, precompress it, and only
then point the target (a symlink) at it. The previous release stays for rollback.

The briefers' area is published the same way to a target of its own (its releases
are marked as such, so neither kind of target can receive the other), checked for
links, and left uncompressed: nginx serves it as it is (it fills in the member's name).
"""

import gzip
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import brotli

from plugins.document_library.config import library_settings  # a plugin's pure core
from plugins.document_library.records import load_library

from .build import BuildFailed, BuildRequest, build, site_settings
from .build.settings import area_problems
from .checks.output import check_output, find_traces, tree_problems
from .checks.trees import NAMES, PUBLIC, served_elsewhere

logger = logging.getLogger(__name__)

COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
MIN_COMPRESSED_SIZE = 256  # below that, compression costs more than it saves
KEEP_RELEASES = 3
KIND_FILE = "KIND"  # in the releases folder: "public" or "members"


def releases_dir(target: Path) -> Path:
    return target.parent / f".{target.name}.releases"


def _claim(releases: Path, kind: str) -> list[str]:
    """Mark the releases folder with its kind; refuse one of the other kind."""
    marker = releases / KIND_FILE
    if releases.is_dir():
        # releases made before the briefers' area existed are the public site's
        found = marker.read_text().strip() if marker.is_file() else PUBLIC
        if found != kind:
            return [
                f"{releases} holds releases of {NAMES.get(found, found)}: publish "
                f"{NAMES[kind]} to a target of its own"
            ]
    releases.mkdir(parents=True, exist_ok=True)
    if not marker.is_file():
        marker.write_text(kind + "\n")
    return []


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
    release_request = BuildRequest(
        request.content, request.data, release, request.settings_file, request.members
    )
    settings = site_settings(request)
    # before anything is written beside the target (it may be inside the other tree)
    problems = area_problems(release_request, settings) or _claim(
        releases, request.kind
    )
    if problems:
        raise BuildFailed(problems)
    build(release_request)
    prefix = settings["MEMBERS_PREFIX"]
    elsewhere = served_elsewhere(request.kind, prefix)
    # Nothing is read through a link: the tree first, then its pages.
    problems = tree_problems(release, not request.members, prefix) or check_output(
        release, siteurl, elsewhere
    )
    if not request.members:
        problems += find_traces(release, restricted_needles(request.data, settings))
    if problems:
        shutil.rmtree(release, ignore_errors=True)
        raise BuildFailed(problems)
    if not request.members:
        precompress(release)
    switch(target, release)
    _prune(releases, keep={release.name})
    return release


def restricted_needles(data: Path, settings: dict | None = None) -> dict[str, str]:
    """What would betray a restricted document: its address (its id as it appears),
    code, titles, file names."""
    library, _problems = load_library(data)
    config = library_settings(
        settings or {"DEFAULT_LANG": "vi", "SITE_LANGUAGES": {"vi": {}, "en": {}}}
    )
    needles = {}
    for document in library.documents:
        if document.is_public:
            continue
        what = f"a trace of restricted document {document.id}"
        for lang in config.languages:
            needles[config.url(lang, "document", id=document.id)] = what
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
