"""Pelican glue: in every feed, an entry whose body is longer than FEED_MAX_CONTENT
characters keeps its summary only (readers follow the link for the rest).

A feed holds the last 50 articles, whole: one very long article would make it
megabytes heavy for every reader that polls it.
"""

from markupsafe import Markup
from pelican import signals

DEFAULT_MAX = 100_000


def shorten_long_entries(context, feed):
    limit = context.get("FEED_MAX_CONTENT", DEFAULT_MAX)
    if not limit:
        return
    for item in feed.items:
        content = item.get("content") or ""
        if len(content) <= limit:
            continue
        item["content"] = None
        if not item.get("description"):
            text = Markup(content).striptags()
            item["description"] = text[: text.rfind(" ", 0, 600)] + " …"


def register():
    signals.feed_generated.connect(shorten_long_entries)
