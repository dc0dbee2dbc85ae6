"""Content-hashed names for the theme's CSS and JS, so hosts may cache them forever.

`theme/css/site.css` becomes `theme/css/site.3f2a9c1d.css` and every reference to it
in the built site is rewritten: site paths (`/theme/css/site.css`, with or without
SITEURL) everywhere, and quoted relative paths (`importScripts("search-core.js")`)
inside the theme's own files. An asset that names another (a worker loading its
library) is hashed after the one it names, so its hash covers its final bytes.
"""

import hashlib
import os
import posixpath
from pathlib import Path

HASHED_SUFFIXES = (".css", ".js")
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".txt", ".webmanifest")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _spellings(referrer: str, asset: str) -> list[str]:
    """How the file `referrer` may name `asset` (both site-relative paths)."""
    relative = posixpath.relpath(asset, posixpath.dirname(referrer))
    return [f"/{asset}"] + [f"{quote}{relative}{quote}" for quote in "\"'"]


def _names(referrer: str, text: str, assets) -> set[str]:
    return {a for a in assets if any(s in text for s in _spellings(referrer, a))}


def fingerprint(output: Path, static_dir: str = "theme") -> dict[str, str]:
    """Rename every CSS/JS under output/static_dir; return {old path: new path}."""
    root = output / static_dir
    pending = {
        f.relative_to(output).as_posix(): f
        for f in sorted(root.rglob("*"))
        if f.suffix in HASHED_SUFFIXES and f.is_file()
    }
    renamed: dict[str, str] = {}
    while pending:
        texts = {
            name: file.read_text(encoding="utf-8") for name, file in pending.items()
        }
        ready = [
            name
            for name, text in texts.items()
            if not _names(name, text, set(pending) - {name})
        ] or sorted(pending)  # a cycle: hash them as they are
        for name in ready:
            file = pending.pop(name)
            new = file.with_name(
                f"{file.stem}.{_digest(file.read_bytes())}{file.suffix}"
            )
            file.rename(new)
            renamed[name] = new.relative_to(output).as_posix()
        for name, file in pending.items():
            _rewrite(file, name, renamed)
    for file in sorted(output.rglob("*")):
        if file.suffix in TEXT_SUFFIXES and file.is_file():
            _rewrite(file, file.relative_to(output).as_posix(), renamed)
    return renamed


def _rewrite(file: Path, name: str, renamed: dict[str, str]) -> None:
    text = file.read_text(encoding="utf-8")
    new_text = text
    # Longest first: "a/site.css" must not be rewritten inside "a/print-site.css".
    for old in sorted(renamed, key=len, reverse=True):
        for before, after in zip(
            _spellings(name, old), _spellings(name, renamed[old]), strict=True
        ):
            new_text = new_text.replace(before, after)
    if new_text != text:  # a new file: the old one may be a link to the live site's
        temporary = file.with_name(f".{file.name}.tmp")
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, file)
