"""ArticleList: `in` by identity, as a list of articles answers it, without a scan."""

from plugins.indexed_article_lists.article_list import ArticleList


class Article:  # like Pelican's: equal only to itself
    def __init__(self, title):
        self.title = title


def test_in_is_identity_like_a_list_of_articles():
    first, second, outsider = Article("a"), Article("a"), Article("b")
    listed = ArticleList([first, second])
    assert first in listed and second in listed
    assert outsider not in listed
    assert Article("a") not in listed  # same title, another article
    assert listed == [first, second] and isinstance(listed, list)


def test_a_list_changed_after_it_was_made_still_answers_right():
    first, later = Article("a"), Article("b")
    listed = ArticleList([first])
    listed.append(later)
    assert later in listed and first in listed
    listed.remove(first)
    assert first not in listed


class Item:  # what process_translations reads of an article
    def __init__(self, number, slug, lang, translation):
        self.source_path = f"{number}.md"
        self.slug, self.lang = slug, lang
        self.in_default_lang = lang == "vi"
        self.metadata = {"translation": translation} if translation else {}


def items(seed: int) -> list[Item]:
    import random

    pick = random.Random(seed)
    made = []
    for number in range(400):
        slug = f"bai-{pick.randrange(150)}"
        lang = pick.choice(["vi", "vi", "en", "fr"])
        translation = pick.choice([None, None, "true", "false", "False"])
        made.append(Item(number, slug, lang, translation))
    return made


class Warnings:  # stands in for pelican.utils' logger (whose filter drops repeats)
    def __init__(self):
        self.said = []

    def warning(self, message, *args):
        self.said.append(message % args)


def test_translations_are_found_as_pelican_finds_them(monkeypatch):
    from pelican import utils

    from plugins.indexed_article_lists.translations import process_translations

    warnings = Warnings()
    monkeypatch.setattr(utils, "logger", warnings)
    for seed in range(5):
        for translation_id in ("slug", ["slug", "lang"], None):
            ours, theirs = items(seed), items(seed)
            found = process_translations(ours, translation_id)
            our_warnings, warnings.said = warnings.said, []
            expected = utils.process_translations(theirs, translation_id)
            assert our_warnings == warnings.said
            warnings.said = []
            for mine, pelican in zip(found, expected, strict=True):
                assert [i.source_path for i in mine] == [i.source_path for i in pelican]
            for mine, pelican in zip(ours, theirs, strict=True):
                assert [i.source_path for i in getattr(mine, "translations", [])] == [
                    i.source_path for i in getattr(pelican, "translations", [])
                ]
            if translation_id == "slug":
                assert any("original (not translated)" in w for w in our_warnings)


def test_the_site_finds_translations_by_set():
    from conftest import ROOT
    from pelican import Pelican, generators
    from pelican.settings import read_settings

    from plugins.indexed_article_lists.translations import process_translations

    saved = generators.process_translations
    try:
        settings = read_settings(
            str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")}
        )
        Pelican(settings)
        assert generators.process_translations is process_translations
    finally:
        generators.process_translations = saved


def test_period_archives_list_the_articles_pelican_lists():
    import random
    from datetime import datetime
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from plugins.indexed_article_lists.period_archives import with_articles_by_set

    pick = random.Random(7)
    articles = [
        SimpleNamespace(date=datetime(pick.randrange(2015, 2021), pick.randrange(1, 13),
                                      pick.randrange(1, 29)), n=n)
        for n in range(300)
    ]  # fmt: skip
    sorted_articles = sorted(articles, key=lambda a: a.date, reverse=True)
    settings = {
        f"{period}_ARCHIVE_{kind}": f"{period.lower()}/{{date:%Y-%m-%d}}/"
        for period in ("YEAR", "MONTH", "DAY")
        for kind in ("SAVE_AS", "URL")
    }

    def pelicans(sorted_articles, articles, settings):
        return ArticlesGenerator._build_period_archives(
            None, sorted_articles, articles, settings
        )

    def shown(archives):
        return {
            granularity: [
                {**archive, "articles": [a.n for a in archive["articles"]],
                 "dates": [a.n for a in archive["dates"]]}
                for archive in periods
            ]
            for granularity, periods in archives.items()
        }  # fmt: skip

    expected = shown(pelicans(sorted_articles, articles, settings))
    found = shown(with_articles_by_set(pelicans)(sorted_articles, articles, settings))
    assert found == expected
    assert sum(len(a["articles"]) for a in found["year"]) == len(articles)
