"""Pure: the SEARCH settings dict, merged over defaults and checked up front."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .index_builder import ANALYZERS

PREFIX = "vietnamese_search:"

DEFAULTS: dict[str, Any] = {
    # One entry per language of SITE_LANGUAGES:
    #   page: the search page's folder ("tim-kiem/"); the index goes in <page>index/
    #   library: the document library's address, linked when JavaScript is off
    #   analyzer: "vietnamese" (folding only) or "english" (folding, stop words, stems)
    "languages": {},
    # A term file holds the postings of consecutive terms, about this many bytes
    # (a frequent word's alone may be larger); a metadata file this many records.
    "term_file_bytes": 24000,
    "docs_per_file": 10,
    "excerpt_length": 280,
    # A pair of the body is indexed when it occurs this many times (1: every pair).
    "body_pairs_min": 2,
    "template": "search",
    # Restricted documents enter only the briefers' (members') index.
    "include_restricted": False,
}
LANGUAGE_KEYS = {"page", "library", "analyzer"}
COUNTS = (
    "term_file_bytes",
    "docs_per_file",
    "excerpt_length",
    "body_pairs_min",
)


class SearchSettingsError(ValueError):
    """SEARCH is wrong; the message lists every problem."""


@dataclass(frozen=True)
class LanguageSearch:
    page: str
    library: str | None
    analyzer: str

    @property
    def index_folder(self) -> str:
        return f"{self.page}index/"

    @property
    def manifest(self) -> str:
        return f"{self.index_folder}manifest.json"


@dataclass(frozen=True)
class SearchSettings:
    languages: dict[str, LanguageSearch]
    term_file_bytes: int
    docs_per_file: int
    excerpt_length: int
    body_pairs_min: int
    template: str
    include_restricted: bool


def _check_path(problems, where, value):
    if not isinstance(value, str) or not value.endswith("/") or value.startswith("/"):
        problems.append(f"{where} must be a site-relative folder like 'tim-kiem/'")


def _language(problems, lang, entry) -> LanguageSearch | None:
    where = f"SEARCH['languages'][{lang!r}]"
    if not isinstance(entry, Mapping):
        problems.append(f"{where} must be a dict")
        return None
    unknown = sorted(set(entry) - LANGUAGE_KEYS)
    if unknown:
        problems.append(f"{where} has unknown keys {unknown}")
    _check_path(problems, f"{where}['page']", entry.get("page"))
    library = entry.get("library")
    if library is not None:
        _check_path(problems, f"{where}['library']", library)
    analyzer = entry.get("analyzer", "vietnamese")
    if analyzer not in ANALYZERS:
        problems.append(f"{where}['analyzer'] must be one of {ANALYZERS}")
    return LanguageSearch(entry.get("page"), library, analyzer)


def search_settings(settings: Mapping[str, Any]) -> SearchSettings:
    """SEARCH merged over DEFAULTS; SearchSettingsError listing every problem."""
    user = settings.get("SEARCH", {})
    problems: list[str] = []
    if not isinstance(user, Mapping):
        raise SearchSettingsError(f"{PREFIX} SEARCH must be a dict")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        problems.append(f"SEARCH has unknown keys {unknown}")
    merged = {**DEFAULTS, **user}
    for key in COUNTS:
        value = merged[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(f"SEARCH['{key}'] must be a whole number, 1 or more")
    languages = {}
    if not isinstance(merged["languages"], Mapping):
        problems.append("SEARCH['languages'] must be a dict keyed by language")
    else:
        for lang, entry in merged["languages"].items():
            languages[lang] = _language(problems, lang, entry)
        wanted = settings.get("SITE_LANGUAGES") or {settings.get("DEFAULT_LANG"): {}}
        missing = sorted(set(wanted) - set(languages))
        if missing:
            problems.append(f"SEARCH['languages'] lacks {missing}")
    if not isinstance(merged["include_restricted"], bool):
        problems.append("SEARCH['include_restricted'] must be True or False")
    if problems:
        raise SearchSettingsError("\n".join(f"{PREFIX} {p}" for p in problems))
    return SearchSettings(
        languages=languages,
        **{key: merged[key] for key in (*COUNTS, "template", "include_restricted")},
    )
