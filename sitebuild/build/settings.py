"""The settings of a build and of each language's run.

A settings file is Pelican's (pelicanconf.py, publishconf.py, membersconf.py,
memberspublishconf.py: each the shared settings plus its own). A language's run
takes them with its language's table of SITE_LANGUAGES on top, its folders, and
Pelican's content cache in a folder of its own (sitebuild/state/content_cache.py).
"""

import os
from pathlib import Path

from ..checks.trees import MEMBERS, PUBLIC, placement_problems
from ..state import content_cache


def read(settings_file: Path, override: dict | None = None) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=override)


def language_settings(request, lang: str, output: Path, base: dict) -> dict:
    """The Pelican settings of one language's run (`base`: the file's own)."""
    override = dict(base["SITE_LANGUAGES"][lang])
    theme = base["THEME"]
    override.update(
        DEFAULT_LANG=lang,
        PATH=str(request.content.resolve()),
        DATA_PATH=str(request.data.resolve()),
        OUTPUT_PATH=str(output.resolve()),
        DELETE_OUTPUT_DIRECTORY=False,
        THEME=theme if os.path.isabs(theme) else str((request.root / theme).resolve()),
        # Image variants, encoded once and kept whatever the settings (their
        # names hold a digest of the image and of the settings that made them).
        IMAGE_CACHE_PATH=str(cache_root(request).parent / "images"),
        **content_cache.CACHE_SETTINGS,
    )
    settings = read(request.settings_file, override)
    settings["CACHE_PATH"] = str(
        content_cache.cache_folder(
            cache_root(request), settings, request.settings_file, request.members
        )
    )
    return settings


def cache_root(request) -> Path:
    """Where the content caches of builds with these settings live."""
    return (request.root / ".cache" / "content").resolve()


def area_problems(request, settings: dict) -> list[str]:
    """Why this build must not run: a settings file of the other area, outputs
    nested, or restricted material asked of the public site. (Whether the output
    holds the other tree somewhere inside is a walk of all of it: the build looks
    while the runs run.)"""
    if bool(settings.get("MEMBERS_AREA")) != request.members:
        names = {True: "the briefers' area", False: "the public site"}
        holds, wanted = names[not request.members], names[request.members]
        return [
            f"{request.settings_file.name} holds the settings of {holds}, not {wanted}"
        ]
    other = settings["PUBLIC_OUTPUT" if request.members else "MEMBERS_OUTPUT"]
    problems = placement_problems(
        request.output, MEMBERS if request.members else PUBLIC, request.root / other
    )
    if not request.members:
        for name in ("LIBRARY", "SEARCH"):
            if (settings.get(name) or {}).get("include_restricted"):
                problems.append(
                    f"{name}['include_restricted'] is set: restricted documents are "
                    "built only into the briefers' area (invoke build --members)"
                )
    return problems
