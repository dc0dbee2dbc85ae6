"""Related articles: those sharing the most tags with an article."""

from .related_articles import register

__all__ = ["register"]
