"""Production settings: the shared ones plus what only a published site needs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf: set SITEURL in the environment to the site's absolute address, "
        "for example SITEURL=https://example.org"
    )
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = False
# theme/css/site.css -> theme/css/site.<hash>.css, so hosts can cache it forever
FINGERPRINT_ASSETS = True
