"""Tag, category and author article lists, and translations, found without a scan."""

from .indexed_article_lists import register

__all__ = ["register"]
