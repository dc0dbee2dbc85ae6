"""Pelican glue: `related_articles` on each article of the run's language.

Set once every article is read (like category_neighbors' newer and older lists),
as light links: a page shows their title, date, address and photo, never their
body, so a page's key (page_reuse) still covers all it shows.
"""

from dataclasses import dataclass
from datetime import datetime

from pelican import signals

from .related import Tagged, related

DEFAULT_COUNT = 4


@dataclass(frozen=True)
class RelatedLink:
    """What a related list shows of an article."""

    url: str
    title: str
    date: datetime
    image: str | None


def link_related(generator):
    count = generator.settings.get("RELATED_ARTICLES", DEFAULT_COUNT)
    articles = list(generator.articles)
    items = [
        Tagged(
            index,
            frozenset(t.slug for t in getattr(article, "tags", ()) or ()),
            article.date,
        )
        for index, article in enumerate(articles)
    ]
    found = related(items, count)
    links = {}
    for index, article in enumerate(articles):
        keys = found.get(index, [])
        for key in keys:
            if key not in links:
                other = articles[key]
                links[key] = RelatedLink(
                    other.url,
                    other.title,
                    other.date,
                    other.metadata.get("image"),
                )
        article.related_articles = [links[key] for key in keys]


def register():
    signals.article_generator_finalized.connect(link_related)
