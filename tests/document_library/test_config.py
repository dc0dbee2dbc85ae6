"""LIBRARY settings: defaults, per-language URLs, and every problem named up front."""

import pytest

from plugins.document_library.config import LibrarySettingsError, library_settings

LANGUAGES = {"vi": {}, "en": {}}


def settings(library=None) -> dict:
    base = {"DEFAULT_LANG": "vi", "SITE_LANGUAGES": LANGUAGES}
    return base if library is None else {**base, "LIBRARY": library}


def test_defaults_give_both_languages_their_urls():
    config = library_settings(settings())
    assert config.url("vi", "document", id="hd-59") == "van-ban/hd-59/"
    assert config.save_as("en", "kind", kind="ke-hoach") == (
        "en/documents/kind/ke-hoach/index.html"
    )
    assert config.save_as("vi", "feed") == "feeds/van-ban.atom.xml"
    assert config.twins("vi", "year", year=2022) == {"en": "en/documents/year/2022/"}
    assert config.file_url("2022/phụ lục.pdf") == (
        "van-ban/tep/2022/ph%E1%BB%A5%20l%E1%BB%A5c.pdf"
    )
    assert config.file_save_as("2022/phụ lục.pdf") == "van-ban/tep/2022/phụ lục.pdf"


def test_one_value_overrides_its_default_only():
    config = library_settings(
        settings({"urls": {"en": {"library": "en/library/"}}, "new_documents": 3})
    )
    assert config.url("en", "library") == "en/library/"
    assert config.url("en", "document", id="x") == "en/documents/x/"
    assert config.new_documents == 3
    assert library_settings(settings()).new_documents == 7


def test_every_problem_is_reported_at_once_with_the_plugin_name():
    bad = {
        "url": {},
        "urls": {"en": {"document": "en/documents/{slug}/", "year": "/en/{year}/"}},
        "new_documents": -1,
        "files_url": "van-ban/tep/",
    }
    with pytest.raises(LibrarySettingsError) as failure:
        library_settings(settings(bad))
    lines = str(failure.value).splitlines()
    assert all(line.startswith("document_library: ") for line in lines)
    text = str(failure.value)
    assert "unknown key 'url' (did you mean 'urls'?)" in text
    assert "LIBRARY['urls']['en']['document'] 'en/documents/{slug}/'" in text
    assert "placeholders {id}" in text
    assert "'/en/{year}/' must be site-relative" in text
    assert "LIBRARY['new_documents'] must be a whole number" in text
    assert "LIBRARY['files_url'] 'van-ban/tep/'" in text


def test_two_languages_cannot_share_a_url():
    same = {"urls": {"en": {"library": "van-ban/"}}}
    with pytest.raises(LibrarySettingsError, match="each language needs its own"):
        library_settings(settings(same))


def test_a_language_without_urls_is_an_error():
    with pytest.raises(LibrarySettingsError, match=r"\['fr'\] must be a dict"):
        library_settings({"DEFAULT_LANG": "vi", "SITE_LANGUAGES": {"vi": {}, "fr": {}}})
