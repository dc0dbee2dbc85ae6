"""Pelican glue: templates name theme files through the `theme_asset` filter,
`{{ 'css/site.css' | theme_asset }}`, which gives their address; with
FINGERPRINT_ASSETS (production), their content-hashed name (names.py), under which
the run that copies the theme's files renames them once it has.

Every run works the names out from the theme's own files, before it renders a
page: nothing is rewritten after the build.
"""

import os
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from sitebuild.files import atomic_write

from .names import fingerprinted

ASSETS_KEY = "THEME_ASSETS"  # in the settings: old name -> Asset (with FINGERPRINT)


def work_out_names(pelican):
    settings = pelican.settings
    if settings.get("FINGERPRINT_ASSETS"):
        static = Path(settings["THEME"]) / "static"
        settings[ASSETS_KEY] = fingerprinted(static)


@pass_context
def theme_asset(context, name: str) -> str:
    """The address of a file of the theme's static folder."""
    assets = context.get(ASSETS_KEY) or {}
    asset = assets.get(name)
    shown = asset.name if asset else name
    return f"{context['SITEURL']}/{context['THEME_STATIC_DIR']}/{shown}"


def install_filter(generator):
    generator.env.filters["theme_asset"] = theme_asset


def rename_copied(pelican):
    """In the run that copied the theme's files: each under its new name."""
    settings = pelican.settings
    assets = settings.get(ASSETS_KEY)
    folder = Path(pelican.output_path) / settings["THEME_STATIC_DIR"]
    if not assets or not settings.get("THEME_STATIC_PATHS") or not folder.is_dir():
        return
    for old, asset in assets.items():
        source, target = folder / old, folder / asset.name
        if not source.is_file():
            continue
        if asset.text is None:
            os.replace(source, target)
        else:
            atomic_write(target, asset.text)
            source.unlink()


def register():
    signals.initialized.connect(work_out_names)
    signals.generator_init.connect(install_filter)
    signals.finalized.connect(rename_copied)
