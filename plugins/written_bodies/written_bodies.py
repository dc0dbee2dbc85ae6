"""Pelican glue: forget an article's linked body once its page is written.

Pelican keeps the body of every content object with its links resolved (the
`content` property, memoized per object and site URL) until the run ends: a run
ends up holding every body twice, as read and as linked. Once a page showing a
content object as such is written, its linked body is dropped; a later reader (a
feed) works it out again.
"""

from pelican import signals
from pelican.contents import Content

# The names Pelican's generators give the content object a page shows.
SHOWN_AS_SUCH = ("article", "page")


def forget_bodies(path, context=None):
    """After `path` is written: drop the linked body of each content object its
    render was given as such (an article's own page, a page's)."""
    for name in SHOWN_AS_SUCH:
        value = (context or {}).get(name)
        if isinstance(value, Content):
            key = (value, value.get_siteurl())
            type(value).get_content.cache.pop(key, None)
            type(value).get_summary.cache.pop(key, None)


def register():
    signals.content_written.connect(forget_bodies)
