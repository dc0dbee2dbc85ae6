"""Production settings of the briefers' area: membersconf.py plus publishconf.py's
production overrides (SITEURL from the environment)."""

import os
import sys

sys.path.append(os.curdir)
from membersconf import *  # noqa: E402, F403
from publishconf import (  # noqa: E402, F401
    DELETE_OUTPUT_DIRECTORY,
    FEED_DOMAIN,
    FINGERPRINT_ASSETS,
    RELATIVE_URLS,
    SITEURL,
)
