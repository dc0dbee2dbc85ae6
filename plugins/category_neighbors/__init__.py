"""Newer and older articles of the same category, for the article page."""

from .category_neighbors import register

__all__ = ["register"]
