"""Theme strings through gettext, catalogs compiled from .po when the build starts."""

from .theme_gettext import register

__all__ = ["register"]
