"""Pelican's content cache, in a folder named after everything a reader's output
depends on.

Pelican caches what its readers return (HTML and metadata of each file) and checks
only the file itself: it never notices that the settings, a plugin, the theme or
Markdown changed. So each language run gets a folder of its own, named by a hash of
its settings, the settings files, the plugins' and the theme's code and the versions
of Python, Pelican and Markdown: change any of them and the run starts from an empty
cache. Files are stamped by their content (md5), not their time.

A run works on a private copy of its folder and puts the files back only once it has
finished, each by an atomic rename: a run that crashed or was stopped, or another
build running at the same time, never leaves a half-written cache behind.
"""

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

# What Pelican needs to cache at the reader's level, and to trust only contents.
CACHE_SETTINGS = {
    "CACHE_CONTENT": True,
    "LOAD_CONTENT_CACHE": True,
    "CONTENT_CACHING_LAYER": "reader",
    "CHECK_MODIFIED_METHOD": "md5",
    "GZIP_CACHE": False,  # compressing costs more time than the disk space is worth
}
# Settings that change with every run and never change what a reader returns.
RUN_PATHS = ("OUTPUT_PATH", "CACHE_PATH")
PACKAGES = ("pelican", "markdown")
# A folder's content folder, so that caches of removed content folders are dropped.
SOURCE_FILE = "PATH"
# Theme files a build only copies: no reader sees them.
THEME_ASSETS = "static"


def _named(value) -> str:
    """A stable name for a value JSON cannot hold (a function: where it is defined)."""
    name = getattr(value, "__qualname__", None)
    if name is None:
        return repr(value)
    return f"{getattr(value, '__module__', '')}.{name}"


def settings_fingerprint(settings: dict) -> bytes:
    """The run's settings as stable bytes, without the paths of this one run."""
    kept = {key: value for key, value in settings.items() if key not in RUN_PATHS}
    return json.dumps(kept, sort_keys=True, default=_named).encode()


PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def code_files(settings_file: Path, theme: Path) -> list:
    """Every file whose change may change what a reader returns, sorted: the .py
    files beside the settings file (publishconf.py imports pelicanconf.py), the
    plugins' code, the theme but its static assets."""
    files = list(settings_file.parent.glob("*.py"))
    files += [p for p in PLUGINS.rglob("*.py") if "__pycache__" not in p.parts]
    files += [
        p
        for p in theme.rglob("*")
        if p.is_file() and p.relative_to(theme).parts[0] != THEME_ASSETS
    ]
    return sorted(files)


def versions() -> str:
    """Python and the packages whose code reads the sources."""
    found = [f"{name}={metadata.version(name)}" for name in PACKAGES]
    return " ".join([f"python={sys.version}", *found])


def cache_key(settings: dict, files: Iterable[Path]) -> str:
    """A hash of the settings, the files' paths and bytes, and the versions."""
    digest = hashlib.sha256(settings_fingerprint(settings))
    for path in files:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes())
    digest.update(versions().encode())
    return digest.hexdigest()


def source_id(settings: dict, settings_file: Path, members: bool) -> str:
    """What builds whose caches replace each other share: the content folder, the
    language, the settings file and the area (public or members)."""
    lang = settings["DEFAULT_LANG"]
    area = "members" if members else "public"
    text = f"{settings['PATH']}\0{lang}\0{settings_file.resolve()}\0{area}"
    return f"{lang}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def cache_folder(root: Path, settings: dict, settings_file: Path, members: bool):
    """Where this run's cache lives under `root`: a folder named by its key."""
    files = code_files(settings_file.resolve(), Path(settings["THEME"]))
    prefix = source_id(settings, settings_file, members)
    return root / f"{prefix}-{cache_key(settings, files)[:24]}"


def stale_folders(folder: Path) -> list[Path]:
    """Other versions of `folder`'s cache, and caches of content folders now gone."""
    prefix = folder.name.rsplit("-", 1)[0] + "-"
    stale = []
    for other in folder.parent.iterdir():
        if other == folder or not other.is_dir() or other.name.startswith("."):
            continue
        source = other / SOURCE_FILE
        gone = source.is_file() and not Path(source.read_text("utf-8")).is_dir()
        if other.name.startswith(prefix) or gone:
            stale.append(other)
    return stale


@contextmanager
def private_copy(folder: Path, content: str):
    """Yield a copy of `folder` for one run; put its files back if the run ends well."""
    work = folder.parent / f".{folder.name}.run-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    if folder.is_dir():
        shutil.copytree(folder, work)
    else:
        work.mkdir(parents=True)
    try:
        yield work
        folder.mkdir(parents=True, exist_ok=True)
        (work / SOURCE_FILE).write_text(content, encoding="utf-8")
        for file in work.iterdir():
            if file.is_dir():  # a folder of files (compiled templates)
                shutil.rmtree(folder / file.name, ignore_errors=True)
            os.replace(file, folder / file.name)
        for other in stale_folders(folder):
            shutil.rmtree(other, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
