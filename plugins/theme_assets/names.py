"""Pure: the content-hashed name of each CSS and JS file of a theme's static folder.

`css/site.css` becomes `css/site.3f2a9c1d05.css`, so that hosts may cache it for a
year. A file that names another (a worker loading its library, `importScripts(
"search-core.js")`) is given that file's new name first, and hashed as rewritten, so
its hash covers its final bytes.
"""

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

HASHED_SUFFIXES = (".css", ".js")


@dataclass(frozen=True)
class Asset:
    name: str  # its new name, relative to the static folder
    text: str | None  # its text when it names other assets (rewritten), else None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _spellings(referrer: str, asset: str) -> list[str]:
    """How the file `referrer` may name `asset` (both relative to the folder)."""
    relative = posixpath.relpath(asset, posixpath.dirname(referrer))
    return [f"{quote}{relative}{quote}" for quote in "\"'"]


def fingerprinted(static: Path) -> dict[str, Asset]:
    """Every CSS and JS file under `static` (name relative to it) -> its Asset."""
    texts = {
        path.relative_to(static).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(static.rglob("*"))
        if path.suffix in HASHED_SUFFIXES and path.is_file()
    }
    assets: dict[str, Asset] = {}
    pending = dict(texts)
    while pending:
        # the files naming no pending asset, or, in a cycle, all of them as they are
        ready = [
            name
            for name, text in pending.items()
            if not any(
                spelling in text
                for other in pending
                if other != name
                for spelling in _spellings(name, other)
            )
        ] or sorted(pending)
        for name in ready:
            text = pending.pop(name)
            rewritten = _rewrite(name, text, assets)
            stem, suffix = posixpath.splitext(name)
            new = f"{stem}.{_digest(rewritten.encode('utf-8'))}{suffix}"
            assets[name] = Asset(new, rewritten if rewritten != text else None)
    return assets


def _rewrite(name: str, text: str, assets: dict[str, Asset]) -> str:
    # Longest first: "a/site.css" must not be rewritten inside "a/print-site.css".
    for old in sorted(assets, key=len, reverse=True):
        for before, after in zip(
            _spellings(name, old), _spellings(name, assets[old].name), strict=True
        ):
            text = text.replace(before, after)
    return text
