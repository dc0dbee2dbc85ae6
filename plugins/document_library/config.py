"""Pure: the LIBRARY settings dict, merged over defaults and checked before any page."""

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .yaml_lines import did_you_mean

PREFIX = "document_library:"

# Pages and feed of one language; each pattern names the placeholder it needs.
URL_KEYS = {
    "library": (),
    "document": ("id",),
    "kind": ("kind",),
    "year": ("year",),
    "feed": (),
}
KNOWN_KEYS = ("urls", "files_url", "new_documents", "include_restricted")

DEFAULTS: dict[str, Any] = {
    "urls": {
        "vi": {
            "library": "van-ban/",
            "document": "van-ban/{id}/",
            "kind": "van-ban/loai/{kind}/",
            "year": "van-ban/nam/{year}/",
            "feed": "feeds/van-ban.atom.xml",
        },
        "en": {
            "library": "en/documents/",
            "document": "en/documents/{id}/",
            "kind": "en/documents/kind/{kind}/",
            "year": "en/documents/year/{year}/",
            "feed": "en/feeds/documents.atom.xml",
        },
    },
    # Attachments have one URL whatever the page's language.
    "files_url": "van-ban/tep/{path}",
    # How many documents the "Văn bản mới" (new documents) block lists; the old
    # site listed seven.
    "new_documents": 7,
    # Restricted documents are shown (marked) only in the briefers' (members') build.
    "include_restricted": False,
}


class LibrarySettingsError(ValueError):
    """LIBRARY cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class LibrarySettings:
    """The checked settings: URL patterns per language, attachment URL, counts."""

    languages: tuple[str, ...]
    urls: Mapping[str, Mapping[str, str]]
    files_url: str
    new_documents: int
    include_restricted: bool = False

    def url(self, lang: str, key: str, **values) -> str:
        """The site-relative URL of a page, e.g. url("en", "kind", kind="ke-hoach")."""
        return self.urls[lang][key].format(**values)

    def has_feed(self, lang: str) -> bool:
        """A feed pattern of None means: no feed in that language."""
        return self.urls[lang]["feed"] is not None

    def save_as(self, lang: str, key: str, **values) -> str:
        """Where that page is written: a URL ending in "/" gets an index.html."""
        return _save_as(self.url(lang, key, **values))

    def twins(self, lang: str, key: str, **values) -> dict[str, str]:
        """The same page in every other language, as bilingual's language_twins."""
        return {
            other: self.url(other, key, **values)
            for other in self.languages
            if other != lang
        }

    def file_url(self, path: str) -> str:
        """The URL of an attachment (path relative to data/documents/files/)."""
        return self.files_url.format(path=quote(path))

    def file_save_as(self, path: str) -> str:
        return self.files_url.format(path=path)


def _save_as(url: str) -> str:
    return f"{url}index.html" if url.endswith("/") or not url else url


def _placeholders(pattern: str) -> set[str] | None:
    """The {names} in a str.format pattern, or None when it is not one."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}
    except ValueError:
        return None


def _check_pattern(problems, where, pattern, needed: tuple[str, ...], ends) -> None:
    if not isinstance(pattern, str) or not pattern.strip():
        problems.append(f"{where} must be a URL pattern (text), got {pattern!r}")
        return
    names = _placeholders(pattern)
    if names is None:
        problems.append(f"{where} {pattern!r} has unbalanced braces")
        return
    wanted = {f"{{{name}}}" for name in needed}
    if names != set(needed):
        problems.append(
            f"{where} {pattern!r} must use exactly the placeholders "
            f"{', '.join(sorted(wanted)) or 'none'}"
        )
    if pattern.startswith("/") or "//" in pattern or ".." in pattern.split("/"):
        problems.append(f"{where} {pattern!r} must be site-relative (no leading /)")
    if not pattern.endswith(ends):
        problems.append(f"{where} {pattern!r} must end with {' or '.join(ends)}")


def _merged(user: Mapping) -> dict[str, Any]:
    merged = {key: value for key, value in DEFAULTS.items()}
    merged["urls"] = {lang: dict(urls) for lang, urls in DEFAULTS["urls"].items()}
    for key, value in user.items():
        if key == "urls" and isinstance(value, Mapping):
            for lang, urls in value.items():
                base = merged["urls"].get(lang, {})
                merged["urls"][lang] = (
                    {**base, **urls} if isinstance(urls, Mapping) else urls
                )
        else:
            merged[key] = value
    return merged


def library_settings(settings: Mapping[str, Any]) -> LibrarySettings:
    """LIBRARY of `settings` over DEFAULTS; LibrarySettingsError lists every problem."""
    user = settings.get("LIBRARY") or {}
    if not isinstance(user, Mapping):
        raise LibrarySettingsError(f"{PREFIX} LIBRARY must be a dict, got {user!r}")
    languages = tuple(settings.get("SITE_LANGUAGES") or (settings["DEFAULT_LANG"],))
    problems: list[str] = []
    for key in user:
        if key not in KNOWN_KEYS:
            hint = did_you_mean(str(key), KNOWN_KEYS)
            problems.append(
                f"LIBRARY has an unknown key {key!r}{hint}; "
                f"known keys: {', '.join(KNOWN_KEYS)}"
            )
    merged = _merged(user)
    urls = merged["urls"]
    if not isinstance(urls, Mapping):
        problems.append(f"LIBRARY['urls'] must be a dict by language, got {urls!r}")
        urls = {}
    for lang in languages:
        patterns = urls.get(lang)
        where = f"LIBRARY['urls'][{lang!r}]"
        if not isinstance(patterns, Mapping):
            problems.append(
                f"{where} must be a dict: every site language needs its URLs"
            )
            continue
        for key in patterns:
            if key not in URL_KEYS:
                hint = did_you_mean(str(key), URL_KEYS)
                problems.append(f"{where} has an unknown key {key!r}{hint}")
        for key, needed in URL_KEYS.items():
            if key == "feed" and key in patterns and patterns[key] is None:
                continue  # no feed
            ends = (".xml",) if key == "feed" else ("/", ".html")
            _check_pattern(
                problems, f"{where}[{key!r}]", patterns.get(key), needed, ends
            )
    for key in URL_KEYS:
        # both runs write into one folder: the same path twice would be overwritten
        seen: dict[str, str] = {}
        for lang in languages:
            pattern = (urls.get(lang) or {}).get(key)
            if isinstance(pattern, str) and pattern in seen:
                problems.append(
                    f"LIBRARY['urls'][{lang!r}][{key!r}] is the same as "
                    f"[{seen[pattern]!r}]: each language needs its own URLs"
                )
            seen.setdefault(pattern, lang)
    _check_pattern(
        problems, "LIBRARY['files_url']", merged["files_url"], ("path",), ("",)
    )
    count = merged["new_documents"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        problems.append(
            f"LIBRARY['new_documents'] must be a whole number 0 or more, got {count!r}"
        )
    if not isinstance(merged["include_restricted"], bool):
        problems.append("LIBRARY['include_restricted'] must be True or False")
    if problems:
        raise LibrarySettingsError("\n".join(f"{PREFIX} {p}" for p in problems))
    return LibrarySettings(
        languages=languages,
        urls={lang: dict(urls[lang]) for lang in languages},
        files_url=merged["files_url"],
        new_documents=count,
        include_restricted=merged["include_restricted"],
    )
