"""Article photos and body images as responsive WebP and fallback variants."""

from .responsive_images import register

__all__ = ["register"]
