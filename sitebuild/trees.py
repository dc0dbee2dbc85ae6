"""Pure: the two site trees (public, reporters') must never hold one another.

The public tree is served to everyone; the reporters' (members') tree only behind a
password. A members' tree written inside the public one would be public, and a build
into a folder holding the other tree would delete it: both are refused, whether the
folders are the configured ones or found on disk.
"""

import os
from collections.abc import Callable
from pathlib import Path

PUBLIC = "public"
MEMBERS = "members"
NAMES = {PUBLIC: "the public site", MEMBERS: "the reporters' area"}


def kind_of(folder: Path, members_prefix: str) -> str | None:
    """PUBLIC or MEMBERS when `folder` holds a built site of that kind, else None."""
    if (folder / "robots.txt").is_file() and (folder / "index.html").is_file():
        return PUBLIC
    if (folder / members_prefix.strip("/")).is_dir():
        return MEMBERS
    return None


def _nested(one: Path, other: Path) -> bool:
    return one == other or one in other.parents or other in one.parents


def nesting_problems(
    output: Path, kind: str, other_output: Path, members_prefix: str
) -> list[str]:
    """Why `output` must not receive a site of `kind`; [] when it may.

    `other_output` is where the other kind of tree is configured to go.
    """
    return placement_problems(
        output, kind, other_output, members_prefix
    ) or held_tree_problems(output, kind, members_prefix)


def placement_problems(
    output: Path, kind: str, other_output: Path, members_prefix: str
) -> list[str]:
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
        if kind_of(folder, members_prefix) == other:
            where = "is" if folder == output else f"is inside {folder}, which is"
            return [f"{output} {where} {name[other]}: choose a folder outside it"]
    return []


def held_tree_problems(output: Path, kind: str, members_prefix: str) -> list[str]:
    """nesting_problems inside `output`: a tree of the other kind somewhere in it,
    which replacing `output` would delete (a walk of every folder in it)."""
    output = output.resolve()
    other = MEMBERS if kind == PUBLIC else PUBLIC
    if output.is_dir():
        marker = "robots.txt" if other == PUBLIC else members_prefix.strip("/")
        for directory, folders, files in os.walk(output):  # twice rglob's speed
            if marker not in files and marker not in folders:
                continue
            if kind_of(Path(directory), members_prefix) == other:
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
        "the reporters' build must write nothing else"
        for path in sorted(output.iterdir())
        if path.name != top
    ]


def served_elsewhere(kind: str, members_prefix: str) -> Callable[[str], bool]:
    """Which site paths ("/x/y/") the other tree serves: the public site's pages
    link the reporters' area, whose pages link the public site."""
    area = "/" + members_prefix.lstrip("/")

    def elsewhere(path: str) -> bool:
        inside = path.startswith(area) or path == area.rstrip("/")
        return inside if kind == PUBLIC else not inside

    return elsewhere
