"""Records to what templates show: public only, fallbacks, facets, sidebar counts."""

from pathlib import Path

import pytest

from plugins.document_library.config import library_settings
from plugins.document_library.presentation import (
    human_size,
    library_view,
    split_ids,
    whole_number,
)
from plugins.document_library.records import load_library

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "library" / "data"


@pytest.fixture(scope="module")
def library():
    library, problems = load_library(DATA)
    assert problems == []
    return library


def view(library, lang="vi", new_documents=None, mentions=()):
    settings = {"DEFAULT_LANG": lang, "SITE_LANGUAGES": {"vi": {}, "en": {}}}
    if new_documents is not None:
        settings["LIBRARY"] = {"new_documents": new_documents}
    return library_view(library, library_settings(settings), lang, mentions)


@pytest.mark.parametrize(
    ("size", "lang", "text"),
    [
        (0, "vi", "0 B"),
        (1023, "en", "1023 B"),
        (1536, "en", "1.5 KB"),
        (1536, "vi", "1,5 KB"),
        (250 * 1024, "en", "250 KB"),
        (3 * 1024 * 1024 + 1, "vi", "3,0 MB"),
        (1023 * 1024, "en", "1023 KB"),  # a size is never grouped
        (int(9.96 * 2**20), "vi", "10,0 MB"),
    ],
)
def test_human_size(size, lang, text):
    assert human_size(size, lang) == text


def test_whole_numbers_are_grouped_as_each_language_writes_them():
    assert [whole_number(n, "vi") for n in (56, 1234, 1234567)] == [
        "56",
        "1.234",
        "1.234.567",
    ]
    assert [whole_number(n, "en") for n in (56, 1234, 1234567)] == [
        "56",
        "1,234",
        "1,234,567",
    ]


def test_split_ids():
    assert split_ids(" a, b ,,a ") == ["a", "b", "a"]
    assert split_ids(None) == []


def test_only_public_documents_and_links_to_them(library):
    shown = view(library)
    ids = [document.id for document in shown.documents]
    assert "cv-zeta-noi-bo" not in ids and "qd-kinross-mat" not in ids
    guidance = shown.by_id("hd-05-btg")
    assert [link.id for link in guidance.related] == ["kh-12-ubnd"]
    assert [link.id for link in shown.by_id("hd-01-btg").replaced_by] == ["hd-05-btg"]
    assert [facet.value for facet in shown.kinds] == [
        "huong-dan",
        "ke-hoach",
        "de-cuong",
        "tai-lieu",
    ]
    assert [facet.value for facet in shown.years] == [
        "2022",
        "2021",
        "2019",
        "chua-ro",
    ]
    assert shown.named(["cv-zeta-noi-bo", "kh-12-ubnd", "kh-12-ubnd"]) == [
        shown.by_id("kh-12-ubnd")
    ]


def test_english_falls_back_to_the_vietnamese_title(library):
    plan = view(library, "en").by_id("kh-12-ubnd")
    assert (plan.title, plan.title_lang) == (
        "Kế hoạch phát triển thông tin cơ sở",
        "vi",
    )
    assert plan.summary_lang == "vi"
    assert plan.kind_name == "Plan"
    assert plan.url == "en/documents/kh-12-ubnd/"
    assert plan.attachments[0].url == "van-ban/tep/kh-12.pdf"


def test_new_documents_count_comes_from_the_settings(library):
    shown = view(library, new_documents=2)
    assert [d.id for d in shown.new_documents] == ["kh-12-ubnd", "dc-tai-lieu-01"]
    assert view(library, new_documents=0).new_documents == ()


def test_articles_naming_a_document(library):
    first, second = object(), object()
    shown = view(library, mentions=[(first, ["hd-05-btg"]), (second, ["hd-05-btg"])])
    assert shown.by_id("hd-05-btg").articles == (first, second)
    assert shown.by_id("kh-12-ubnd").articles == ()


def test_every_listing_s_facets_add_up_to_what_it_lists(library):
    shown = view(library)
    total = len(shown.documents)
    assert shown.years[-1].undated and shown.years[-1].count == 1
    assert sum(facet.count for facet in shown.years) == total
    assert sum(facet.count for facet in shown.kinds) == total
    pages = {
        (page.key, tuple(sorted(page.values.items()))): page for page in shown.pages
    }
    for page in shown.pages:
        listed = len(page.documents)
        all_kinds, *kinds = page.kind_links
        all_years, *years = page.year_links
        # Each choice's links count within the page's other choice: they add up.
        assert all_kinds.count == sum(link.count for link in kinds)
        assert all_years.count == sum(link.count for link in years)
        (kind,) = [link for link in page.kind_links if link.current]
        (year,) = [link for link in page.year_links if link.current]
        assert kind.count == year.count == listed
        assert listed > 0
    guidance_2021 = pages[("kind_year", (("kind", "huong-dan"), ("year", 2021)))]
    assert [d.id for d in guidance_2021.documents] == ["hd-05-btg"]
    assert (
        guidance_2021.kind.value == "huong-dan" and guidance_2021.year.value == "2021"
    )
    current = [link for link in guidance_2021.year_links if link.current]
    assert [link.url for link in current] == ["van-ban/loai/huong-dan/nam/2021/"]
    # From a kind, the years link to that kind in each year; "all years": the kind.
    kind_page = pages[("kind", (("kind", "huong-dan"),))]
    assert [link.url for link in kind_page.year_links] == [
        "van-ban/loai/huong-dan/",
        "van-ban/loai/huong-dan/nam/2021/",
        "van-ban/loai/huong-dan/nam/2019/",
    ]
    undated = pages[("year", (("year", None),))]
    assert [d.id for d in undated.documents] == ["tl-so-tay"]
    assert view(library, "en").pages[-1].values == {"kind": "tai-lieu", "year": None}


def test_the_undated_year_has_its_address_in_each_language():
    from plugins.document_library.config import library_settings

    config = library_settings({"SITE_LANGUAGES": {"vi": {}, "en": {}}})
    assert config.url("vi", "year", year=None) == "van-ban/nam/chua-ro/"
    assert config.twins("vi", "kind_year", kind="de-cuong", year=None) == {
        "en": "en/documents/kind/de-cuong/year/not-stated/"
    }
