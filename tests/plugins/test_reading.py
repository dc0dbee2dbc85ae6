"""A language run converts its own files whole and the other language's headers only."""

from conftest import FIXTURES
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, configure_settings

import pelicanconf
from plugins.bilingual.reading import RunLanguageMarkdownReader

ARTICLES = FIXTURES / "news" / "content" / "2020"


def reader_for(lang):
    settings = dict(DEFAULT_CONFIG)
    settings.update(
        {k: v for k, v in vars(pelicanconf).items() if k.isupper()}, DEFAULT_LANG=lang
    )
    return RunLanguageMarkdownReader(configure_settings(settings))


def test_other_language_files_are_read_for_their_header_only(tmp_path):
    vi_run, en_run = reader_for("vi"), reader_for("en")
    vi_file, en_file = str(ARTICLES / "bai-08.md"), str(ARTICLES / "bai-08.en.md")
    content, metadata = vi_run.read(vi_file)
    assert "Nội dung thử nghiệm của bài 8" in content
    content, metadata = vi_run.read(en_file)
    assert content == ""
    assert metadata["title"] == "Article eight about daily life"
    assert metadata["translation_of"] == "bai-so-tam-ve-doi-song"
    assert "summary" not in metadata  # never shown by another language's run
    assert en_run.read(vi_file)[0] == ""
    assert "Test content of article 8" in en_run.read(en_file)[0]
    # A Lang: line decides, whatever the file's name says.
    written = tmp_path / "english-without-suffix.md"
    written.write_text("Title: T\nLang: en\n\nBody text.\n", encoding="utf-8")
    assert vi_run.read(str(written))[0] == ""
    assert en_run.read(str(written))[0] == "<p>Body text.</p>"


# Each file leaves state a reused converter must forget: footnotes, abbreviations,
# reference links, raw HTML; the next file uses the same names without defining them.
STATEFUL = (
    "Title: Một\nDate: 2020-01-01 08:00\n\n"
    "Văn bản[^1] với UBND và [liên kết][ref].\n\n<div>khối HTML</div>\n\n"
    "[^1]: Chú thích.\n\n*[UBND]: Ủy ban nhân dân\n\n[ref]: https://example.org/\n",
    "Title: Hai\nDate: 2020-01-02 08:00\nTags: a, b\nSummary: Tóm tắt *hai*.\n\n"
    'UBND[^1] và [liên kết][ref], "ngoặc" -- gạch.\n\n'
    "| a | b |\n| - | - |\n| 1 | 2 |\n",
    "Không có tiêu đề, chỉ có nội dung.\n",
)


def files_to_read(folder):
    files = sorted(ARTICLES.parent.rglob("*.md"))
    for number, text in enumerate(STATEFUL):
        files.append(folder / f"bai-{number}.md")
        files[-1].write_text(text, encoding="utf-8")
    return [str(path) for path in files]


def test_one_reused_converter_reads_like_a_new_one_per_file(tmp_path):
    files = files_to_read(tmp_path)
    for lang in ("vi", "en"):
        reused = reader_for(lang)
        for path in files + files:  # twice: every file follows every other one
            assert reused.read(path) == reader_for(lang).read(path), path


def test_a_whole_file_reads_as_pelicans_reader_reads_it(tmp_path):
    vi_run = reader_for("vi")
    for path in files_to_read(tmp_path):
        if not path.endswith(".en.md"):
            expected = MarkdownReader.read(reader_for("vi"), path)
            assert vi_run.read(path) == expected, path


def test_a_header_reads_as_pelicans_reader_reads_it_but_the_summary(tmp_path):
    en_run = reader_for("en")
    for path in files_to_read(tmp_path) + [str(p) for p in ARTICLES.glob("*.md")]:
        if not path.endswith(".en.md"):
            _content, expected = MarkdownReader.read(reader_for("en"), path)
            expected.pop("summary", None)
            assert en_run.read(path) == ("", expected), path
