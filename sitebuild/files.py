"""Writing a file so that no reader ever sees half of it, carrying a file over
from one tree to another, and making a tree's folders: one helper each, for the
whole project."""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_open(path: Path, mode: int | None = None, keep_group: bool = False):
    """A binary file that becomes `path` in one rename when the block ends well
    (and is removed when it does not). `mode`: its permissions; `keep_group`: the
    group of the file it replaces (a members file nginx reads through its group)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        if mode is not None:
            os.fchmod(handle, mode)
        if keep_group and path.exists():
            with contextlib.suppress(PermissionError):
                os.fchown(handle, -1, path.stat().st_gid)
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes | str, **options) -> None:
    """Replace `path` by `data` (text is written as UTF-8) in one rename."""
    with atomic_open(path, **options) as file:
        file.write(data.encode("utf-8") if isinstance(data, str) else data)


def link_or_copy(source: str | Path, target: str | Path) -> bool:
    """Hard-link `source` as `target`, else copy it; whether it was linked. A
    linked file is shared by both trees: nothing may write into it in place."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
        return False
    return True


def make_folder(path: str, made: set[str]) -> None:
    """Make the folder `path` and its missing parents, unless `made` (the folders
    known to exist) holds it; add it to `made`. A rebuild makes thousands of page
    folders: one mkdir each, where os.makedirs looks at the parent first."""
    if path in made:
        return
    try:
        os.mkdir(path)
    except FileNotFoundError:
        make_folder(os.path.dirname(path), made)
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise
    made.add(path)
