"""Pages whose inputs did not change are taken from the previous output."""

from .page_reuse import register

__all__ = ["register"]
