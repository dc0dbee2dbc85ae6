"""Pure: each article's related articles, by the tags they share.

Related are the articles sharing the most tags with it; among those sharing as
many, the closest in date. A tag on thousands of articles ("Kon Tum") must not
make every article compare itself with all of them: for each of its tags, only
the `window` articles of that tag nearest in date are candidates, which keeps a
build linear in the number of articles (each candidate is then scored on every
tag it shares).
"""

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Tagged:
    """What relating needs of an article."""

    key: Hashable
    tags: frozenset[str]
    date: datetime


def related(
    items: Sequence[Tagged], count: int = 4, window: int = 24
) -> dict[Hashable, list[Hashable]]:
    """Up to `count` related keys for every item that has any, best first."""
    by_tag: dict[str, list[Tagged]] = {}
    for item in items:
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item)
    for listed in by_tag.values():
        listed.sort(key=lambda item: (item.date, str(item.key)))
    dates = {tag: [item.date for item in listed] for tag, listed in by_tag.items()}
    found: dict[Hashable, list[Hashable]] = {}
    for item in items:
        candidates: dict[Hashable, Tagged] = {}
        for tag in item.tags:
            listed = by_tag[tag]
            at = bisect_left(dates[tag], item.date)
            start = max(0, at - window // 2)
            for other in listed[start : start + window + 1]:
                if other.key != item.key:
                    candidates[other.key] = other
        ranked = sorted(
            candidates.values(),
            key=lambda other: (
                -len(item.tags & other.tags),
                abs((other.date - item.date).total_seconds()),
                -other.date.timestamp(),
                str(other.key),
            ),
        )
        if ranked:
            found[item.key] = [other.key for other in ranked[:count]]
    return found
