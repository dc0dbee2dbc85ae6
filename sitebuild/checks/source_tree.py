"""Pure: the files of the source folders that must not be read at all.

Git keeps symbolic links, and Pelican follows them: `content/images/etc -> /etc`
would publish the build machine's files (and `env.txt -> /proc/self/environ` its
secrets). Every entry of content/ and data/ is looked at without following links
(os.scandir's lstat), and a link, a device or a pipe is refused by name, before
anything is read. So is a source Pelican would read without its checks (another
extension than .md), and one too large to be an article or a record.
"""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .problem import Problem

# Extensions of files Pelican has readers for: only .md is read (READERS).
UNREAD_TEXT = (".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst", ".txt")
# Far longer than any article; a much longer one takes minutes and gigabytes.
MAX_ARTICLE_BYTES = 4 * 1024 * 1024
IGNORED = (".git",)


def _entries(top: str) -> Iterator[os.DirEntry]:
    """Every entry under `top`, links not followed, in name order."""
    with os.scandir(top) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name in IGNORED:
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path)


def source_tree_problems(
    folders: dict[str, Path], display_root: Path, static_folders=("images",)
) -> list[Problem]:
    """Links, special files, unread sources and oversized articles under
    `folders` (by label: "content", "data")."""
    problems = []
    for label, folder in folders.items():
        if not folder.is_dir():
            continue
        for entry in _entries(os.fspath(folder)):
            path = Path(entry.path)
            status = entry.stat(follow_symlinks=False)
            mode = status.st_mode
            if stat.S_ISLNK(mode):
                target = os.readlink(entry.path)
                problems.append(
                    Problem(
                        _display(path, display_root),
                        None,
                        f"a symbolic link (to {target}): the site publishes only "
                        "files kept in the repository; put the file itself here",
                    )
                )
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                problems.append(
                    Problem(_display(path, display_root), None, "not a regular file")
                )
            elif label == "content" and stat.S_ISREG(mode):
                found = _content_file(path, status.st_size, folder, static_folders)
                if found:
                    problems.append(Problem(_display(path, display_root), None, found))
    return problems


def _content_file(path: Path, size: int, folder: Path, static_folders) -> str | None:
    """What is wrong with a content file, if anything."""
    relative = path.relative_to(folder)
    suffix = path.suffix.lower()
    if suffix in UNREAD_TEXT and relative.parts[0] not in static_folders:
        return (
            f"only .md files are read as articles: rename it to {path.stem}.md "
            "(or move it out of content/)"
        )
    if suffix == ".md" and size > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES // (1024 * 1024)
        return (
            f"{size:,} bytes: an article is at most {limit} MB; split it, "
            "or attach the long text as a document"
        )
    return None


def _display(path: Path, root: Path) -> str:
    """The entry's own name (a link is not followed), from `root`."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
    except ValueError:
        return str(path)
