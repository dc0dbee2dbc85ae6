"""NukeViet's addresses reduced to map keys, and the map file itself."""

import pytest

from nukeviet_import.old_addresses import (
    article_keys,
    document_keys,
    key_problem,
    link_key,
    location,
    map_text,
    request_key,
)


@pytest.mark.parametrize(
    ("path", "query", "key"),
    [
        ("/news/tin/bai-viet-12.html", "", "vi/news/tin/bai-viet-12"),
        ("/vi/news/tin/bai-viet-12.html", "fbclid=abc", "vi/news/tin/bai-viet-12"),
        ("/index.php/vi/news/tin/bai-viet-12.html", "", "vi/news/tin/bai-viet-12"),
        (
            "/index.php",
            "language=vi&nv=news&op=tin/bai-viet-12.html",
            "vi/news/tin/bai-viet-12",
        ),
        (
            "/index.php",
            "nv=news&op=tin/bai-viet-12&language=vi",
            "vi/news/tin/bai-viet-12",
        ),
        ("/index.php", "nv=news&op=tin/bai-viet-12.html", "vi/news/tin/bai-viet-12"),
        ("/en/news/events/an-article-3.html", "", "en/news/events/an-article-3"),
        ("/laws/detail/huong-dan-45/", "", "vi/laws/detail/huong-dan-45"),
        ("/news/", "", "vi/news"),
        (
            "/uploads/news/2020_12/%E1%BA%A2nh%201.jpg",
            "",
            "uploads/news/2020_12/Ảnh 1.jpg",
        ),
    ],
)
def test_each_form_of_an_old_address_gives_one_key(path, query, key):
    assert request_key(path, query) == key


def test_links_written_in_old_bodies():
    assert link_key("/news/tin/bai-12.html#doan-2") == "vi/news/tin/bai-12"
    assert link_key("index.php?language=vi&nv=news&op=tin/bai-12.html") == (
        "vi/news/tin/bai-12"
    )
    assert link_key("https://other.example/news/tin/bai-12.html") is None


def test_an_article_answered_under_every_category_it_was_listed_in():
    assert article_keys("vi", "news", ["tin", "anh", "tin"], "bai", 7) == [
        "vi/news/tin/bai-7",
        "vi/news/anh/bai-7",
    ]
    assert document_keys("vi", "laws", "detail", "huong-dan-45", 45) == [
        "vi/laws/detail/huong-dan-45"
    ]


@pytest.mark.parametrize(
    "address", ["//evil.example/x", "https://evil.example/", "evil.example/", "/a\\b"]
)
def test_a_new_address_is_only_ever_a_path_of_this_site(address):
    with pytest.raises(ValueError):
        location(address)


def test_the_map_quotes_what_nginx_would_read_otherwise():
    text = map_text(
        {
            'uploads/news/Báo "cáo" $x;{}.jpg': "/images/news/bao-cao.jpg",
            "vi/news/tin/bai-1": "/tin-tuc/bài $1/",
        }
    )
    assert text.splitlines()[2:] == [
        '"uploads/news/Báo \\"cáo\\" $x;{}.jpg" "/images/news/bao-cao.jpg";',
        '"vi/news/tin/bai-1" "/tin-tuc/b%C3%A0i%20%241/";',
    ]
    assert key_problem("vi/news/" + "a" * 500) is not None
    assert key_problem("vi/news/a\nb") is not None
    assert key_problem("vi/news/tin/bai-1") is None
