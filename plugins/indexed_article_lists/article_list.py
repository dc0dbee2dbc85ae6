"""Pure: a list of articles that answers `in` from a set of their identities.

Pelican writes each tag's, category's and author's page with the articles of that
listing in date order, which it finds by asking, for every article of the site,
whether it is `in` the listing's list: a scan of the list each time, which
grows with the square of the archive; with this list it does not.
"""


def _forgets_ids(name: str):
    change = getattr(list, name)

    def changed(self, *args):
        self._ids = None
        return change(self, *args)

    changed.__name__ = name
    return changed


class ArticleList(list):
    """A list whose `in` is a set lookup by identity (articles are equal only to
    themselves); any change makes it work the set out again when next asked."""

    _ids: frozenset | None = None

    def __contains__(self, item) -> bool:
        if self._ids is None:
            self._ids = frozenset(map(id, self))
        return id(item) in self._ids


# Every list method that changes the items forgets the set.
for _name in (
    "append", "extend", "insert", "remove", "pop", "clear",
    "__setitem__", "__delitem__", "__iadd__", "__imul__",
):  # fmt: skip
    setattr(ArticleList, _name, _forgets_ids(_name))
