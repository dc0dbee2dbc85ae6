"""Page keys: what a page is rendered from, and nothing that changes between runs."""

from datetime import UTC, datetime

from page_reuse.page_keys import PageKeys


class Item:
    """Stands for a Pelican content object: attributes, a body, shared settings."""

    def __init__(self, title, body, **more):
        self.title, self._content, self.settings = title, body, {"RUN": object()}
        self.date = datetime(2020, 12, 1, 9, 16, tzinfo=UTC)
        self.__dict__.update(more)


def keys() -> PageKeys:
    return PageKeys(
        lambda value: isinstance(value, Item), ignored_keys=("localsiteurl",)
    )


def page(context, article):
    return {**context, "output_file": "a/index.html", "article": article}


def test_equal_inputs_equal_keys_across_runs():
    first, second = Item("A", "<p>a</p>"), Item("A", "<p>a</p>")
    one = keys().page_key(
        {"articles": [first]}, page({"articles": [first]}, first), "t"
    )
    two = keys().page_key(
        {"articles": [second]}, page({"articles": [second]}, second), "t"
    )
    assert one == two is not None


def test_a_body_counts_for_its_own_page_only():
    own, other = Item("A", "<p>a</p>"), Item("B", "<p>b</p>")
    context = {"articles": [own, other]}
    before = keys()
    own_key = before.page_key(context, page(context, own), "t")
    other_key = before.page_key(context, page(context, other), "t")
    own._content = "<p>a, edited</p>"
    after = keys()
    assert after.page_key(context, page(context, own), "t") != own_key
    assert after.page_key(context, page(context, other), "t") == other_key


def test_a_title_counts_for_every_page():
    own, other = Item("A", "<p>a</p>"), Item("B", "<p>b</p>")
    context = {"articles": [own, other]}
    other_key = keys().page_key(context, page(context, other), "t")
    own.title = "A, new title"
    assert keys().page_key(context, page(context, other), "t") != other_key


def test_template_and_page_values_count():
    item = Item("A", "<p>a</p>")
    context = {"articles": [item]}
    base = keys().page_key(context, page(context, item), "article")
    assert keys().page_key(context, page(context, item), "page") != base
    numbered = {**page(context, item), "number": 2}
    assert keys().page_key(context, numbered, "article") != base


def test_ignored_entries_and_cycles_do_not_count():
    first, second = Item("A", "<p>a</p>"), Item("B", "<p>b</p>")
    first.translations, second.translations = [second], [first]
    context = {"articles": [first, second], "localsiteurl": "x"}
    key = keys().page_key(context, page(context, first), "t")
    context["localsiteurl"] = "y"
    assert keys().page_key(context, page(context, first), "t") == key


def test_a_value_known_only_by_its_address_means_no_key():
    item = Item("A", "<p>a</p>", helper=iter([1]))
    context = {"articles": [item]}
    assert keys().page_key(context, page(context, item), "t") is None
