"""Settings of the briefers' area (`invoke build --members`): the shared settings,
plus what only the area has.

The area is a tree of its own (MEMBERS_OUTPUT), served under MEMBERS_PREFIX behind
a password: the library with its restricted documents (marked), their files, a
search of public and restricted material, and the area's own pages (its home, the
sign-in page, "not found"). Nothing else: no article, listing, feed or sitemap;
its header links lead to the public site.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402, F403
from pelicanconf import LIBRARY, MEMBERS_PREFIX, PLUGINS, SEARCH, SITE_LANGUAGES  # noqa: E402

MEMBERS_AREA = True

PUBLIC_OUTPUT = "output"  # where the public site is built, for the placement checks
OUTPUT_PATH = MEMBERS_OUTPUT  # noqa: F405 - pelicanconf's

PLUGINS = [name for name in PLUGINS if name != "plugins.multilingual_sitemap"] + [
    "plugins.members_area"
]
DIRECT_TEMPLATES = ["404", "members_signin", "members_index"]
THEME_STATIC_DIR = MEMBERS_PREFIX + "theme"
LIBRARY = {
    **LIBRARY,
    "urls": {
        lang: {
            key: None if key == "feed" else MEMBERS_PREFIX + pattern
            for key, pattern in patterns.items()
        }
        for lang, patterns in LIBRARY["urls"].items()
    },
    "files_url": MEMBERS_PREFIX + LIBRARY["files_url"],
    "include_restricted": True,
}
SEARCH = {
    **SEARCH,
    "languages": {
        lang: {
            **search,
            "page": MEMBERS_PREFIX + search["page"],
            "library": MEMBERS_PREFIX + search["library"],
        }
        for lang, search in SEARCH["languages"].items()
    },
    "include_restricted": True,
}

# A language's table wins over the shared settings: what the area does not write
# goes in each. The sign-in page is the body of every "401" of the area, and what
# its sign-out address (MEMBERS_SIGN_OUT_URL, always "401" in nginx) shows.
NOT_WRITTEN = {
    name: ""
    for name in (
        "ARTICLE_SAVE_AS",
        "PAGE_SAVE_AS",
        "CATEGORY_SAVE_AS",
        "TAG_SAVE_AS",
        "YEAR_ARCHIVE_SAVE_AS",
    )
}
AREA_PAGES = {
    "vi": {
        "404_SAVE_AS": MEMBERS_PREFIX + "404.html",
        "MEMBERS_INDEX_SAVE_AS": MEMBERS_PREFIX + "index.html",
        "MEMBERS_SIGNIN_SAVE_AS": MEMBERS_PREFIX + "dang-xuat/index.html",
        "MEMBERS_SIGN_OUT_URL": MEMBERS_PREFIX + "dang-xuat/",
    },
    "en": {
        "404_SAVE_AS": MEMBERS_PREFIX + "en/404.html",
        "MEMBERS_INDEX_SAVE_AS": MEMBERS_PREFIX + "en/index.html",
        "MEMBERS_SIGNIN_SAVE_AS": MEMBERS_PREFIX + "en/sign-out/index.html",
        "MEMBERS_SIGN_OUT_URL": MEMBERS_PREFIX + "en/sign-out/",
    },
}
SITE_LANGUAGES = {
    lang: {
        **table,
        **NOT_WRITTEN,
        "FEED_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "THEME_STATIC_DIR": THEME_STATIC_DIR,
        **AREA_PAGES[lang],
    }
    for lang, table in SITE_LANGUAGES.items()
}
