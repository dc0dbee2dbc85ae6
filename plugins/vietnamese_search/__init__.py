"""Search that understands Vietnamese: prebuilt lunr shards, queried in the browser."""


def register():
    # Imported here, not above: the index is built by a program of its own
    # (index_job.py) that needs none of Pelican.
    from .search_index import register as connect

    connect()


__all__ = ["register"]
