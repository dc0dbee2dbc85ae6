"""Pure: the two site trees (public, briefers') must never hold one another.

The public tree is served to everyone; the briefers' (members') tree only behind a
password. A members' tree written inside the public one would be public, and a build
into a folder holding the other tree would delete it: both are refused, whether the
folders are the configured ones or found on disk. A built tree is known by the marker
file the build writes at its top (TREE_MARKER), never by the names of its folders: a
tag or a slug may well be "bao-cao-vien".
"""

import os
from collections.abc import Callable
from pathlib import Path

PUBLIC = "public"
MEMBERS = "members"
NAMES = {PUBLIC: "the public site", MEMBERS: "the briefers' area"}
TREE_MARKER = ".site-tree"  # at the top of every built tree: its kind


def mark_tree(folder: Path, kind: str) -> None:
    """Say what `folder` holds, for the next build and publish to see."""
    (folder / TREE_MARKER).write_text(kind + "\n", encoding="ascii")


def kind_of(folder: Path) -> str | None:
    """PUBLIC or MEMBERS when `folder` holds a built site of that kind, else None."""
    try:
        kind = (folder / TREE_MARKER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return kind if kind in NAMES else None


def _nested(one: Path, other: Path) -> bool:
    return one == other or one in other.parents or other in one.parents


def nesting_problems(output: Path, kind: str, other_output: Path) -> list[str]:
    """Why `output` must not receive a site of `kind`; [] when it may.

    `other_output` is where the other kind of tree is configured to go.
    """
    return placement_problems(output, kind, other_output) or held_tree_problems(
        output, kind
    )


def placement_problems(output: Path, kind: str, other_output: Path) -> list[str]:
    """nesting_problems without looking inside `output`: the configured folders
    one inside the other, or `output` inside a tree of the other kind."""
    output, other_output = output.resolve(), other_output.resolve()
    other = MEMBERS if kind == PUBLIC else PUBLIC
    name = NAMES
    if _nested(output, other_output):
        return [
            f"{output} and {other_output} (where {name[other]} is built) must not "
            "be one inside the other: build them side by side"
        ]
    for folder in (output, *output.parents):
        if kind_of(folder) == other:
            where = "is" if folder == output else f"is inside {folder}, which is"
            return [f"{output} {where} {name[other]}: choose a folder outside it"]
    return []


def held_tree_problems(output: Path, kind: str) -> list[str]:
    """nesting_problems inside `output`: a tree of the other kind somewhere in it,
    which replacing `output` would delete (a walk of every folder in it)."""
    output = output.resolve()
    other = MEMBERS if kind == PUBLIC else PUBLIC
    if output.is_dir():
        for directory, _folders, files in os.walk(output):  # twice rglob's speed
            if TREE_MARKER in files and kind_of(Path(directory)) == other:
                return [
                    f"{output} holds {NAMES[other]} ({directory}); building "
                    f"{NAMES[kind]} there would replace it: choose another folder"
                ]
    return []


def outside_prefix(output: Path, members_prefix: str) -> list[str]:
    """Files of a members' tree that are not under its prefix (served openly)."""
    top = members_prefix.strip("/")
    return [
        f"{path.relative_to(output)} is outside {members_prefix}: "
        "the briefers' build must write nothing else"
        for path in sorted(output.iterdir())
        if path.name not in (top, TREE_MARKER)
    ]


def served_elsewhere(kind: str, members_prefix: str) -> Callable[[str], bool]:
    """Which site paths ("/x/y/") the other tree serves: the public site's pages
    link the briefers' area, whose pages link the public site."""
    area = "/" + members_prefix.lstrip("/")

    def elsewhere(path: str) -> bool:
        inside = path.startswith(area) or path == area.rstrip("/")
        return inside if kind == PUBLIC else not inside

    return elsewhere
