"""A language run converts its own files whole and the other language's headers only."""

from bilingual.reading import RunLanguageMarkdownReader
from conftest import FIXTURES
from pelican.settings import DEFAULT_CONFIG, configure_settings

import pelicanconf

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
    assert metadata["summary"] == "<p>Summary of article 8.</p>"
    assert en_run.read(vi_file)[0] == ""
    assert "Test content of article 8" in en_run.read(en_file)[0]
    # A Lang: line decides, whatever the file's name says.
    written = tmp_path / "english-without-suffix.md"
    written.write_text("Title: T\nLang: en\n\nBody text.\n", encoding="utf-8")
    assert vi_run.read(str(written))[0] == ""
    assert en_run.read(str(written))[0] == "<p>Body text.</p>"
