"""Pelican glue: the article generator's tag, category and author lists become
ArticleLists once it has them (before any page is written), in the generator and
in the context alike; the generators sort out translations, and the articles of
each period archive, with a set lookup."""

from collections import defaultdict

from pelican import generators, signals

from .article_list import ArticleList
from .period_archives import with_articles_by_set
from .translations import process_translations


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


def find_translations_by_set(_pelican=None):
    generators.process_translations = process_translations


def find_period_articles_by_set(generator):
    generator._build_period_archives = with_articles_by_set(
        generator._build_period_archives
    )


def register():
    signals.initialized.connect(find_translations_by_set)
    signals.article_generator_init.connect(find_period_articles_by_set)
    signals.article_generator_finalized.connect(index_lists)
