"""Content-hashed names for the theme's CSS and JS, so hosts may cache them forever.

`theme/css/site.css` becomes `theme/css/site.3f2a9c1d.css` and every reference to it
in the built site is rewritten. An asset that names another (a script loading a
worker) is hashed after the one it names, so its hash covers the final bytes.
"""

import hashlib
from pathlib import Path

HASHED_SUFFIXES = (".css", ".js")
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".txt", ".webmanifest")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


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
            if not any(other in text for other in pending if other != name)
        ] or sorted(pending)  # a cycle: hash them as they are
        for name in ready:
            file = pending.pop(name)
            data = file.read_bytes()
            new = file.with_name(f"{file.stem}.{_digest(data)}{file.suffix}")
            file.rename(new)
            renamed[name] = new.relative_to(output).as_posix()
        for file in pending.values():
            _rewrite(file, renamed)
    for file in sorted(output.rglob("*")):
        if file.suffix in TEXT_SUFFIXES and file.is_file():
            _rewrite(file, renamed)
    return renamed


def _rewrite(file: Path, renamed: dict[str, str]) -> None:
    text = file.read_text(encoding="utf-8")
    new_text = text
    # Longest first: "site.css" must not match inside "print-site.css" rewrites.
    for old in sorted(renamed, key=len, reverse=True):
        new_text = new_text.replace(f"/{old}", f"/{renamed[old]}")
    if new_text != text:
        file.write_text(new_text, encoding="utf-8")
