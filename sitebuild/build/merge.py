"""From the runs' folders to the output: files carried over from the last build,
the runs' folders merged into one staging folder, and that folder swapped in.

The last build's output is read here only, and only for files a run did not write
because they are as that build wrote them: every file of a run left out
(UNCHANGED), the pages a BODIES run skipped, hard-linked (a copy where links are
not possible: nothing writes into a file once it is in a folder); and the pages a
DATA run skipped, written anew with their run-wide regions replaced. A run-wide
region is text the theme marks `<!--region:NAME-->...<!--/region:NAME-->`, the same
on every page of a run (the library's sidebar).
"""

import glob
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from ..files import link_or_copy, make_folder

# The program that removes old output trees (named on its command line).
REMOVE_TREES = "\n".join(
    [
        "import shutil, sys",
        "for tree in sys.argv[1:]:",
        "    shutil.rmtree(tree, ignore_errors=True)",
    ]
)


REGION = re.compile(
    r"<!--region:(?P<name>[a-z-]+)-->(?P<text>.*?)<!--/region:(?P=name)-->", re.DOTALL
)


# The same, on a page's bytes: pages carried over are patched without decoding.
REGION_BYTES = re.compile(REGION.pattern.encode(), re.DOTALL)


class MissingRegion(ValueError):
    """A page to patch holds a region no page of its run was rendered with."""


def carry_over(
    previous: Path,
    names: Iterable[str],
    folder: Path,
    regions: dict | None = None,
    made_folders: Iterable[str] = (),
) -> int:
    """Put each named file of the last build's output into `folder`, its run-wide
    regions replaced by `regions` when given; how many. `made_folders`: folders
    (in `folder`) known to exist already."""
    made = {os.path.join(folder, name) for name in made_folders}
    encoded = {
        name.encode(): text.encode("utf-8") for name, text in (regions or {}).items()
    }
    count = 0
    for name in names:
        target = os.path.join(folder, name)
        parent = os.path.dirname(target)
        make_folder(parent, made)
        source = os.path.join(previous, name)
        if regions is None:
            link_or_copy(source, target)
        else:
            with open(source, "rb") as handle:
                page = handle.read()
            patched = REGION_BYTES.sub(lambda found: _region(found, encoded), page)
            if patched == page:
                link_or_copy(source, target)
            else:
                with open(target, "wb") as handle:
                    handle.write(patched)
        count += 1
    return count


def _region(found: re.Match, regions: dict[bytes, bytes]) -> bytes:
    name = found["name"]
    if name not in regions:
        raise MissingRegion(f"no page of the run showed the region {name.decode()!r}")
    return b"<!--region:%s-->%s<!--/region:%s-->" % (name, regions[name], name)


def merge(source: Path, target: Path, lang: str, name: str = "") -> list[str]:
    """Move everything in `source` into `target`; a file already there is a clash
    (two runs wrote it)."""
    clashes = []
    for entry in os.scandir(source):
        destination = target / entry.name
        relative = f"{name}{entry.name}"
        if not os.path.lexists(destination):
            os.rename(entry.path, destination)
        elif entry.is_dir(follow_symlinks=False) and destination.is_dir():
            clashes += merge(Path(entry.path), destination, lang, f"{relative}/")
        else:
            clashes.append(f"[{lang}] {relative} was written by another run too")
    return clashes


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` by `staging`; the old tree is removed only once replaced,
    by a process of its own that the build does not wait for, with any old tree an
    interrupted build left behind."""
    previous = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        os.replace(output, previous)
    os.replace(staging, output)
    remove_in_background(leftovers(output, "old"))


def leftovers(output: Path, kind: str, keep: Path | None = None) -> list[Path]:
    """The `.output.new-*` ("new") or `.output.old-*` ("old") trees beside
    `output`, but those named like `keep`."""
    found = sorted(output.parent.glob(f".{glob.escape(output.name)}.{kind}-*"))
    return [tree for tree in found if not (keep and tree.name.startswith(keep.name))]


def remove_in_background(trees: list[Path]) -> None:
    """Remove old output trees in a process of their own (a large tree takes
    seconds), which the build does not wait for."""
    if trees:
        subprocess.Popen(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", REMOVE_TREES, *map(str, trees)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped with the build's terminal
        )
