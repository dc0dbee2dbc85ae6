"""Pelican glue: the article generator's tag, category and author lists become
ArticleLists once it has them (before any page is written), in the generator and
in the context alike."""

from collections import defaultdict

from pelican import signals

from .article_list import ArticleList


def index_lists(generator):
    tags = defaultdict(list)
    tags.update(
        (tag, ArticleList(articles)) for tag, articles in generator.tags.items()
    )
    generator.tags = tags
    generator.categories = [
        (category, ArticleList(articles)) for category, articles in generator.categories
    ]
    generator.authors = [
        (author, ArticleList(articles)) for author, articles in generator.authors
    ]
    generator.context["tags"] = list(tags.items())
    generator.context["categories"] = generator.categories
    generator.context["authors"] = generator.authors


def register():
    signals.article_generator_finalized.connect(index_lists)
