"""Feed entries of long articles carry their summary, not their whole body."""

from .feed_summaries import register

__all__ = ["register"]
