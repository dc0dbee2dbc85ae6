"""Pelican's period archives, with each period's articles found by a set lookup.

For every year (month, day) archive Pelican lists the period's articles by asking,
for each article of the site, whether it is `in` the period's list, for each
period. Here Pelican builds the archives with no articles to ask about, and each
archive's articles are then the site's articles (in their order) whose identity
is in the period's set.
"""


def with_articles_by_set(build_period_archives):
    """A generator's bound `_build_period_archives`, answering the same."""

    def build(sorted_articles, articles, settings):
        archives = build_period_archives(sorted_articles, [], settings)
        for periods in archives.values():
            for archive in periods:
                within = set(map(id, archive["dates"]))
                archive["articles"] = [a for a in articles if id(a) in within]
        return archives

    return build
