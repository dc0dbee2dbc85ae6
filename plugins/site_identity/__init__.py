"""Who publishes the site: the office's name, contacts and licence line."""

from .site_identity import register

__all__ = ["register"]
