"""What a language run reads (the sources' table) and what it wrote (its record),
as the last successful build left them: what the build plan compares with.

A run reads the settings, our code, the installed packages, the theme, every data
file and every content file: whole for a file of its own language, the header only
for another language's Markdown (plugins/bilingual). Its digest covers exactly
that, so editing the body of a Vietnamese article concerns the Vietnamese run only.

After each successful build, the record of a run keeps its digest and the names of
the files it wrote with their size and modification time; one table of the sources
(their size, modification time and digests), shared by the runs, lets the next
build read only the files that changed. A run is left out when its digest is the
recorded one and every file it wrote is still in the output as it was.
"""

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from plugins.bilingual.headers import file_language, header_of, written_language

from ..files import atomic_write, make_folder

FORMAT = 4
MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
# A source's entry: [size, mtime_ns, language it says or None, header, whole file,
# ctime_ns, inode]; a file other than Markdown has no header: its whole file's
# digest stands for it. A file is read again unless size, both times and inode are
# as recorded: rsync -a, cp -p and tar put an edited file's old mtime back, never
# its ctime (which only the system sets).
SIZE, MTIME, WRITTEN, HEADER, WHOLE, CTIME, INODE = range(7)
CODE = Path(__file__).resolve().parents[1]  # the build's own code (sitebuild/)
RECORD_FILE = "last-build.json"
DATA_LABEL = "data/"  # the sources of the data folder, by their key
SOURCES_FILE = "sources.json"
RACY_NS = 2_000_000_000  # a file changed this recently may change unseen (scan)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def source_entry(path: Path, found: os.stat_result) -> list:
    """What a run may read of one source file: its header and its whole text."""
    data = path.read_bytes()
    whole = _digest(data)
    stamp = [found.st_ctime_ns, found.st_ino]
    if path.suffix.lower() not in MARKDOWN:
        return [found.st_size, found.st_mtime_ns, None, whole, whole, *stamp]
    try:  # as Pelican opens it: BOM dropped, newlines made "\n"
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return [found.st_size, found.st_mtime_ns, None, whole, whole, *stamp]
    header = header_of(text)
    return [
        found.st_size,
        found.st_mtime_ns,
        written_language(header),
        _digest(header.encode()),
        whole,
        *stamp,
    ]


def scan(folders: dict[str, Path], known: dict) -> dict[str, list]:
    """An entry for every file under `folders` (named "label/relative/path"); a
    file whose size and modification time are those of its `known` entry keeps it.

    A file changed shortly before the scan may change again within the same tick
    of the file system's clock (a second, on some), keeping its time and size: its
    entry gets no time, so the next scan reads it again.
    """
    recent = time.time_ns() - RACY_NS
    entries = {}
    for label, folder in sorted(folders.items()):
        for name, path in _files(folder):
            key = f"{label}/{name}"
            found = os.stat(path)
            entry = known.get(key)
            if not (
                entry
                and entry[SIZE] == found.st_size
                and entry[MTIME] == found.st_mtime_ns
                and entry[CTIME] == found.st_ctime_ns
                and entry[INODE] == found.st_ino
            ):
                entry = source_entry(Path(path), found)
                if max(found.st_mtime_ns, found.st_ctime_ns) >= recent:
                    entry[MTIME] = None
            entries[key] = entry
    return entries


def _files(folder) -> Iterator[tuple[str, str]]:
    """(name relative to `folder`, with "/", full path) of every file under it, in
    name order."""
    top = os.fspath(folder)
    start = len(os.path.join(top, ""))  # what os.walk puts before a folder's name
    for directory, subfolders, files in os.walk(top):
        subfolders.sort()
        relative = directory[start:].replace(os.sep, "/")
        prefix = f"{relative}/" if relative else ""
        for name in sorted(files):
            yield prefix + name, os.path.join(directory, name)


def changed(before: dict[str, list], after: dict[str, list]) -> list[str]:
    """The sources added, removed or edited between two scans, sorted."""
    return sorted(
        key
        for key in before.keys() | after.keys()
        if key not in before
        or key not in after
        or before[key][WHOLE] != after[key][WHOLE]
    )


def edited_bodies(
    before: dict[str, list], after: dict[str, list], settings: dict, label: str
) -> list[str]:
    """The run's own files under `label` whose text changed between two scans, as
    paths in that folder. (Whether their headers changed is the pages' digest's
    to tell.)"""
    lang = settings["DEFAULT_LANG"]
    prefix = f"{label}/"
    return sorted(
        key[len(prefix) :]
        for key, entry in after.items()
        if key.startswith(prefix)
        and key in before
        and before[key][WHOLE] != entry[WHOLE]
        and file_language(key, entry[WRITTEN], settings) == lang
    )


def packages() -> str:
    """Python and every installed distribution, with their versions."""
    found = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
    )
    return "\n".join([sys.version, *found])


def run_digest(
    settings: dict,
    code: str,
    sources: dict[str, list],
    bodies: bool = True,
    data: bool = True,
) -> str:
    """Everything the run of settings["DEFAULT_LANG"] reads: `code` (its settings,
    code and packages, as one text), and each source, whole or by its header.

    With `bodies` False, the run's own Markdown counts by its header too: what every
    page but an article's own is rendered from. With `data` False, the data folder
    is left out: what Pelican's own generators read."""
    lang = settings["DEFAULT_LANG"]
    digest = hashlib.sha256(code.encode())
    for key, entry in sorted(sources.items()):
        if not data and key.startswith(DATA_LABEL):
            continue
        own = bodies and file_language(key, entry[WRITTEN], settings) == lang
        digest.update(f"\0{key}\0{entry[WHOLE] if own else entry[HEADER]}".encode())
    return digest.hexdigest()


def code_digest(folders) -> str:
    """The build's own code and the theme's static files (the content cache's name
    covers the settings, the plugins and the templates)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"\0{path}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class RunRecord:
    """What the last successful build of one run read and wrote."""

    output: str  # the output folder it was built into (real path)
    digest: str
    files: dict[str, list]  # name in the output -> [size, mtime_ns]
    pages_digest: str = ""  # run_digest(bodies=False) of the same sources
    content_digest: str = ""  # run_digest(data=False) of the same sources

    def intact(self, output: Path) -> bool:
        """Whether every file the run wrote is still in `output` as it was."""
        if os.path.realpath(output) != self.output:
            return False
        for name, state in self.files.items():
            try:
                found = os.stat(os.path.join(self.output, name))
            except OSError:
                return False
            if [found.st_size, found.st_mtime_ns] != state:
                return False
        return True


def load(path: Path) -> RunRecord | None:
    try:
        with open(path, encoding="utf-8") as handle:
            stored = json.load(handle)
        if stored.pop("format") != FORMAT:
            return None
        return RunRecord(**stored)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def save(path: Path, record: RunRecord) -> None:
    """Write `record` (atomically)."""
    _write_json(path, {"format": FORMAT, **vars(record)})


def sources_path(cache_folder: Path) -> Path:
    """Where the table of the sources is kept: in one run's cache folder (the
    table serves every run; it is read again whole when that folder is replaced)."""
    return cache_folder / SOURCES_FILE


def load_sources(path: Path) -> dict[str, list]:
    try:
        with open(path, encoding="utf-8") as handle:
            stored = json.load(handle)
        return stored["sources"] if stored.get("format") == FORMAT else {}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save_sources(path: Path, sources: dict[str, list]) -> None:
    _write_json(path, {"format": FORMAT, "sources": sources})


def _write_json(path: Path, value) -> None:
    atomic_write(path, json.dumps(value, separators=(",", ":")))  # C encoder


def record_path(cache_folder: Path) -> Path:
    """Where the record of the run whose content cache is `cache_folder` lives: in
    it, so that it goes with it when the settings or the code change."""
    return cache_folder / RECORD_FILE


def written_states(folder: Path) -> dict[str, list]:
    """Every file under `folder` (its name relative to it) -> [size, mtime_ns]:
    a file moved or linked elsewhere keeps both."""
    states = {}
    for name, path in _files(folder):
        found = os.stat(path)
        states[name] = [found.st_size, found.st_mtime_ns]
    return states


def page_folders(files: dict) -> list[str]:
    """The folders of the pages (HTML files) among a run's files, parents first."""
    folders = {os.path.dirname(name) for name in files if name.endswith(".html")}
    return sorted(folders - {""})


def make_folders(folder: Path, names: list[str]) -> None:
    """Make each named folder in `folder` (the ones already there are left)."""
    made: set[str] = set()
    for name in names:
        make_folder(os.path.join(folder, name), made)
