"""Sets `newer_in_category` and `older_in_category` on every article.

Like the old site's "Những tin mới hơn" / "Những tin cũ hơn": up to
CATEGORY_NEIGHBORS articles each side, newest first in both lists. Each article is
listed by a link made once (its URL is worked out once, not once per page showing it).
"""

from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from pelican import signals

DEFAULT_COUNT = 5


@dataclass(frozen=True)
class NeighborLink:
    """What a neighbor list shows of an article."""

    url: str
    title: str
    date: datetime


def neighbors(ordered: list, index: int, count: int) -> tuple[list, list]:
    """The `count` items before and after `index` of a newest-first list."""
    return ordered[max(0, index - count) : index], ordered[
        index + 1 : index + 1 + count
    ]


def link_neighbors(generator):
    count = generator.settings.get("CATEGORY_NEIGHBORS", DEFAULT_COUNT)
    for _category, articles in generator.categories:
        ordered = sorted(articles, key=attrgetter("date", "slug"), reverse=True)
        links = [NeighborLink(a.url, a.title, a.date) for a in ordered]
        for index, article in enumerate(ordered):
            article.newer_in_category, article.older_in_category = neighbors(
                links, index, count
            )


def register():
    signals.article_generator_finalized.connect(link_neighbors)
