"""sitemap.xml with hreflang alternates that are right in every language."""

from .multilingual_sitemap import register

__all__ = ["register"]
