"""Pure logic: which page in the other language is this page's twin.

No Pelican import: it works on plain values so that it can be tested alone.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def site_url(siteurl: str, path: str) -> str:
    """Join SITEURL and a site-relative path into one normalised URL (no '/x/../')."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    joined = "/".join(parts)
    if path.endswith("/") and joined:
        joined += "/"
    return f"{siteurl.rstrip('/')}/{joined}"


@dataclass(frozen=True)
class LanguageVersion:
    """One language's version of a page, as the language switch and hreflang need it."""

    lang: str
    url: str
    exists: bool  # False: url is that language's home, the page itself has no twin
    current: bool


def majority_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each left value to the right value it is paired with most often.

    Used for categories: an article's category and its translation's category form a
    pair; the most frequent pairing is the category's twin. Ties go to the
    alphabetically first twin so that two builds agree.
    """
    counts: dict[str, Counter] = {}
    for left, right in pairs:
        counts.setdefault(left, Counter())[right] += 1
    return {
        left: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for left, counter in counts.items()
    }


def language_versions(
    current_lang: str,
    languages: Iterable[str],
    own_path: str,
    twin_paths: Mapping[str, str],
    home_paths: Mapping[str, str],
    siteurl: str,
) -> list[LanguageVersion]:
    """All language versions of one page, in the order of `languages`.

    `twin_paths` holds the site-relative path of each existing translation; a
    language without one falls back to its home page, marked `exists=False`.
    """
    versions = []
    for lang in languages:
        if lang == current_lang:
            path, exists = own_path, True
        elif lang in twin_paths:
            path, exists = twin_paths[lang], True
        else:
            path, exists = home_paths[lang], False
        versions.append(
            LanguageVersion(lang, site_url(siteurl, path), exists, lang == current_lang)
        )
    return versions
