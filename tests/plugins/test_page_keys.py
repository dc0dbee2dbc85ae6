"""Page keys: the run's inputs, the page, and the bodies it is given; nothing else."""

from plugins.page_reuse.page_keys import page_key

INPUTS = "d" * 64
ARTICLE = [("article", "<p>Hội nghị tổng kết công tác thông tin đối ngoại.</p>")]


def test_equal_inputs_equal_keys_across_runs():
    assert page_key(INPUTS, "article.html", "a/index.html", ARTICLE) == page_key(
        INPUTS, "article.html", "a/index.html", list(ARTICLE)
    )


def test_the_body_it_is_given_counts():
    edited = [("article", ARTICLE[0][1].replace("tổng kết", "sơ kết"))]
    key = page_key(INPUTS, "article.html", "a/index.html", ARTICLE)
    assert page_key(INPUTS, "article.html", "a/index.html", edited) != key
    assert page_key(INPUTS, "article.html", "a/index.html", []) != key


def test_the_inputs_the_template_and_the_page_count():
    key = page_key(INPUTS, "article.html", "a/index.html", ARTICLE)
    assert page_key("e" * 64, "article.html", "a/index.html", ARTICLE) != key
    assert page_key(INPUTS, "page.html", "a/index.html", ARTICLE) != key
    assert page_key(INPUTS, "article.html", "b/index.html", ARTICLE) != key


def test_bodies_do_not_run_into_each_other():
    one = page_key(INPUTS, "t", "a", [("article", "ab"), ("page", "c")])
    two = page_key(INPUTS, "t", "a", [("article", "a"), ("page", "bc")])
    assert one != two
