"""Pelican glue: installs the run language's catalog into every Jinja environment."""

import logging
from functools import cache
from pathlib import Path

from pelican import signals

from .catalogs import catalog_path, compile_catalog

logger = logging.getLogger(__name__)


@cache
def _translation(po_path: Path):
    return compile_catalog(po_path)


def install_translations(generator):
    lang = generator.settings["DEFAULT_LANG"]
    domain = generator.settings.get("GETTEXT_DOMAIN", "messages")
    po_path = catalog_path(Path(generator.theme) / "translations", lang, domain)
    if not po_path.exists():
        logger.error("theme_gettext: no catalog for language %r at %s", lang, po_path)
        return
    generator.env.install_gettext_translations(_translation(po_path), newstyle=True)


def register():
    signals.generator_init.connect(install_translations)
