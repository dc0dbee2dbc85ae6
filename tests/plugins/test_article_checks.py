"""The pure source checks: slugs as Pelican makes them, metadata header parsing."""

from conftest import ROOT
from pelican.settings import read_settings

from sitebuild.checks.articles import (
    SLUG_SUBSTITUTIONS,
    check_articles,
    check_bodies,
    parse_date,
    read_source,
    slugify,
)

SLUGS = {
    "Kết quả sau 10 năm triển khai Chiến lược phát triển thông tin đối ngoại": (
        "ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi-ngoai"
    ),
    "Đảng bộ tỉnh: Đại hội lần thứ XVI (2020-2025)": (
        "dang-bo-tinh-dai-hoi-lan-thu-xvi-2020-2025"
    ),
    "Hà Nội -- mùa thu   năm 2022!": "ha-noi-mua-thu-nam-2022",
    "  Ông Đặng Trần Chung & “ngoặc kép” ": "ong-dang-tran-chung-ngoac-kep",
    "Đảng đoàn": "dang-doan",
    "<em>Thời sự</em> – “Kon Tum”": "thoi-su-kon-tum",
    "Ðà Lạt ½ x²": "da-lat-12-x2",
    "!!!": "",
}


def test_slugs_drop_accents_map_d_to_d_and_join_words_with_hyphens():
    assert {title: slugify(title) for title in SLUGS} == SLUGS


def test_slugs_are_made_with_the_sites_own_substitutions(monkeypatch):
    """The site's settings keep Pelican's: the checks name the addresses the build
    writes. Other substitutions, when given, are the ones used."""
    monkeypatch.setenv("SITEURL", "https://example.org")  # production settings
    for settings in (
        "pelicanconf.py",
        "publishconf.py",
        "membersconf.py",
        "memberspublishconf.py",
    ):
        site = read_settings(str(ROOT / settings))
        assert site["SLUG_REGEX_SUBSTITUTIONS"] == SLUG_SUBSTITUTIONS, settings
        for kind in ("CATEGORY", "TAG"):
            assert site.get(f"{kind}_REGEX_SUBSTITUTIONS") is None, (settings, kind)
    own = [*SLUG_SUBSTITUTIONS[:-1], (r"[-\s]+", "_")]
    assert slugify("Đảng đoàn", own) == "dang_doan"


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


def test_checks_of_edited_bodies_are_those_a_file_has_on_its_own(tmp_path):
    """After body edits alone, the edited files are checked as check_articles would
    check them, without the checks across files (headers did not change)."""
    content = tmp_path / "content"
    (content / "2020").mkdir(parents=True)
    (content / "images").mkdir()
    header = "Title: Hội nghị\nDate: 2020-12-01 09:16\nCategory: Tin\n\n"
    good = content / "2020" / "a.md"
    good.write_text(header + "Nội dung.\n", encoding="utf-8")
    bad = content / "2020" / "b.md"
    bad.write_text(
        header.replace("Hội nghị", "Hội thảo")
        + "TODO viết tiếp\n![Ảnh](images/khong-co.jpg)\n[Bài]({filename}/2020/c.md)\n",
        encoding="utf-8",
    )
    found = check_bodies(content, ["2020/a.md", "2020/b.md"], tmp_path)
    assert [str(problem) for problem in found] == [
        "content/2020/b.md:5: still a TODO: write it",
        "content/2020/b.md:6: image 'images/khong-co.jpg' is not linked with "
        "{static}: write ![...]({static}/images/...) and put the file in "
        "content/images/",
        "content/2020/b.md:7: link {filename}/2020/c.md points to no file under "
        "content/",
    ]
    assert found == check_articles(content, tmp_path)


def test_an_english_original_needs_no_vietnamese_article_and_a_slug_of_its_own(
    tmp_path,
):
    """`Original: yes`: written in English first (an import from NukeViet gives such
    articles); the checks that a translation has its original do not apply."""
    articles = {
        "vi.md": "Title: Hội nghị\nDate: 2021-01-01 08:00\nCategory: Tin\n\nA.\n",
        "only.en.md": "Title: Only in English\nDate: 2021-01-02 08:00\n"
        "Category: News\nOriginal: yes\n\nB.\n",
        "clash.en.md": "Title: Hội nghị\nDate: 2021-01-03 08:00\nCategory: News\n"
        "Original: yes\n\nC.\n",
        "both.en.md": "Title: Both\nDate: 2021-01-04 08:00\nCategory: News\n"
        "Original: yes\nTranslation_of: hoi-nghi\n\nD.\n",
        "maybe.en.md": "Title: Maybe\nDate: 2021-01-05 08:00\nCategory: News\n"
        "Original: true\n\nE.\n",
        "vi-original.md": "Title: Gốc\nDate: 2021-01-06 08:00\nCategory: Tin\n"
        "Original: yes\n\nF.\n",
        "orphan.en.md": "Title: Orphan\nDate: 2021-01-07 08:00\nCategory: News\n\nG.\n",
    }
    for name, text in articles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    problems = {(p.path, p.message) for p in check_articles(tmp_path)}
    named = {path.split("/")[-1]: message for path, message in problems}
    assert "only.en.md" not in named
    assert "slug 'hoi-nghi' is also the slug of" in named["clash.en.md"]
    assert "an original is no translation" in named["both.en.md"]
    assert named["maybe.en.md"] == "original 'true': write \"Original: yes\""
    assert (
        named["vi-original.md"]
        == "a Vietnamese article is an original: remove Original"
    )
    assert "no Vietnamese article has that slug" in named["orphan.en.md"]
    assert len(problems) == 5
