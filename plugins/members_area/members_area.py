"""Pelican glue of the briefers' (members') build: what it must not write.

Loaded only by `invoke build --members` (PLUGINS in membersconf.py). That
build writes the library with its restricted documents, their files, a search index
and the area's own pages, all under MEMBERS_PREFIX; the header's links lead to the
public site, whose content files (images) therefore stay where they are.
"""

import logging
import os

from pelican import signals

logger = logging.getLogger(__name__)


def drop_content_files(generator):
    """Content files (images) are the public site's: the members' tree links them."""
    generator.staticfiles[:] = []


def check_written(path, context):
    """A page outside MEMBERS_PREFIX would be served without a password: an error."""
    prefix = context.get("MEMBERS_PREFIX", "")
    relative = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
    if not prefix or not relative.startswith(prefix):
        logger.error(
            "members_area: %s was written outside %r, where no password protects it",
            relative,
            prefix,
        )


def register():
    signals.static_generator_finalized.connect(drop_content_files)
    signals.content_written.connect(check_written)
