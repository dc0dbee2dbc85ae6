"""One Pelican run per language; links every page to its twin in the other one."""

from .bilingual import register

__all__ = ["register"]
