"""Pelican glue: the publisher's identity in every template's context.

`site_identity` holds the office's name in the run's language (OFFICE_NAME of its
SITE_LANGUAGES entry), the optional logo (SITE_LOGO: path under the content
folder, width and height) and the data file's filled-in fields (identity.py).
A problem of the data file fails the build.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .identity import Shown, load_identity

logger = logging.getLogger(__name__)

CONTEXT_KEY = "site_identity"


@dataclass(frozen=True)
class SiteIdentity:
    """What the masthead and the footer show of the publisher."""

    office: str | None
    logo: dict | None  # {"path", "width", "height"}
    fields: dict[str, Shown]


def _logo(settings) -> dict | None:
    logo = settings.get("SITE_LOGO")
    if not logo:
        return None
    missing = [key for key in ("path", "width", "height") if not logo.get(key)]
    if missing:
        logger.error("site_identity: SITE_LOGO lacks %s", ", ".join(missing))
        return None
    if not (Path(settings["PATH"]) / logo["path"]).is_file():
        logger.error(
            "site_identity: SITE_LOGO %s is not in the content folder", logo["path"]
        )
        return None
    return dict(logo)


class IdentityGenerator(Generator):
    """Reads the publisher's data file into the context. A generator of its own, so
    that a rebuild which starts from the last build's content (after an edit of
    the data folder) reads it again."""

    def generate_context(self):
        settings = self.settings
        identity, problems = load_identity(Path(settings.get("DATA_PATH", "data")))
        for problem in problems:
            logger.error("site_identity: %s", problem)
        self.context[CONTEXT_KEY] = SiteIdentity(
            office=settings.get("OFFICE_NAME") or None,
            logo=_logo(settings),
            fields=identity.shown(settings["DEFAULT_LANG"]),
        )

    def generate_output(self, writer):
        pass


def get_generators(pelican):
    return IdentityGenerator


def register():
    signals.get_generators.connect(get_generators)
