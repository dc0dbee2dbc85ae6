"""Python-Markdown's inline passes, not trying patterns where none can match."""

from .quick_inline import register

__all__ = ["register"]
