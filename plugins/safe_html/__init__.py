"""Only allowed HTML in bodies and summaries: the list, and the readers' cleaning."""

from .safe_html import register

__all__ = ["register"]
