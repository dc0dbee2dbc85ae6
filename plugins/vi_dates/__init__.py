"""Date lines in Vietnamese and English, independent of the OS locale."""

from .vi_dates import register

__all__ = ["register"]
