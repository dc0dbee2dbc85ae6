"""Search that understands Vietnamese: prebuilt lunr shards, queried in the browser."""

from .search_index import register

__all__ = ["register"]
