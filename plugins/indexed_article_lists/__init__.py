"""Tag, category and author article lists that answer `in` at once."""

from .indexed_article_lists import register

__all__ = ["register"]
