"""Language twins: URL joining, category pairing, fallback to the other home."""

from plugins.bilingual.versions import language_versions, majority_pairs, site_url


def test_site_url_never_keeps_dot_dot():
    assert site_url("", "en/../tin-tuc/x/") == "/tin-tuc/x/"
    assert site_url("https://example.org/", "/en/") == "https://example.org/en/"
    assert site_url("https://example.org", "") == "https://example.org/"


def test_majority_pairs_prefers_frequent_then_alphabetical():
    pairs = [
        ("kinh-te", "economy"),
        ("kinh-te", "business"),
        ("kinh-te", "economy"),
        ("doi-song", "society"),
        ("doi-song", "life"),
    ]
    assert majority_pairs(pairs) == {"kinh-te": "economy", "doi-song": "life"}


def test_missing_twin_falls_back_to_home():
    versions = language_versions(
        current_lang="vi",
        languages=["vi", "en"],
        own_path="tin-tuc/a/",
        twin_paths={},
        home_paths={"vi": "", "en": "en/"},
        siteurl="https://x.org",
    )
    assert [(v.lang, v.url, v.exists, v.current) for v in versions] == [
        ("vi", "https://x.org/tin-tuc/a/", True, True),
        ("en", "https://x.org/en/", False, False),
    ]
