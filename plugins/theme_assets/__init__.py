"""Content-hashed names of the theme's CSS and JS, given to templates as they render."""

from .theme_assets import register

__all__ = ["register"]
