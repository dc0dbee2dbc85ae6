"""Document library: YAML records in data/documents/ become pages, feeds, files."""

from .library_pages import register

__all__ = ["register"]
