"""Python-Markdown's smarty, without its second pass over text it cannot change."""

from .quick_smarty import register

__all__ = ["register"]
