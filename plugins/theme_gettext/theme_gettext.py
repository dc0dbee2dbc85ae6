"""Pelican glue: installs the run language's catalog into every Jinja environment."""

import logging
from functools import cache
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from .catalogs import catalog_path, compile_catalog

logger = logging.getLogger(__name__)


@cache
def _translation(po_path: Path):
    return compile_catalog(po_path)


def remembering(gettext):
    """Jinja's gettext, remembering each message used without variables: most of a
    page's strings, the same on every page."""
    known = {}

    @pass_context
    def remembered(context, message, **variables):
        if variables:
            return gettext(context, message, **variables)
        key = (message, context.eval_ctx.autoescape)
        if key not in known:
            known[key] = gettext(context, message)
        return known[key]

    return remembered


def install_translations(generator):
    lang = generator.settings["DEFAULT_LANG"]
    domain = generator.settings.get("GETTEXT_DOMAIN", "messages")
    po_path = catalog_path(Path(generator.theme) / "translations", lang, domain)
    if not po_path.exists():
        logger.error("theme_gettext: no catalog for language %r at %s", lang, po_path)
        return
    env = generator.env
    env.install_gettext_translations(_translation(po_path), newstyle=True)
    env.globals["gettext"] = remembering(env.globals["gettext"])


def register():
    signals.generator_init.connect(install_translations)
