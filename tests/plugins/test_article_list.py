"""ArticleList: `in` by identity, as a list of articles answers it, without a scan."""

from indexed_article_lists.article_list import ArticleList


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
