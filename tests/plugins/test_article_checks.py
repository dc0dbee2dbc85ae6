"""The pure source checks: slugs as Pelican makes them, metadata header parsing."""

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from sitebuild.articles import parse_date, read_source, slugify

TITLES = [
    "Kết quả sau 10 năm triển khai Chiến lược phát triển thông tin đối ngoại",
    "Đảng bộ tỉnh: Đại hội lần thứ XVI (2020-2025)",
    "Hà Nội -- mùa thu   năm 2022!",
    "  Ông Đặng Trần Chung & “ngoặc kép” ",
]


def test_slugify_is_pelicans_and_maps_d_to_d():
    for title in TITLES:
        assert slugify(title) == pelican_slugify(
            title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
        )
    assert slugify("Đảng đoàn") == "dang-doan"


def test_header_with_continuation_and_body_lines(tmp_path):
    path = tmp_path / "a.en.md"
    path.write_text(
        "Title: A long\n    title\nDate: 2020-12-01 09:16\n\nFirst.\n", encoding="utf-8"
    )
    source = read_source(path, "a.en.md")
    assert source.meta["title"] == "A long title"
    assert source.lang == "en"
    assert source.line("date") == 3
    assert source.body[0] == (4, "")
    assert source.body[1] == (5, "First.")


def test_parse_date_rejects_impossible_dates():
    assert parse_date("2020-12-01 09:16").minute == 16
    assert parse_date("2020-02-29") is not None
    assert parse_date("2021-02-29 08:00") is None
    assert parse_date("01/12/2020") is None
