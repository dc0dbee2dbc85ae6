"""Every private API of Pelican, Python-Markdown and lunr the project uses, in one
place: the build reaches them through the functions below; the plugins, which
import nothing of the build, use them where they stand, listed in PLUGINS_USE.

pyproject.toml pins the versions these were read in (pelican 4.12, Markdown 3.11,
lunr 0.8), and tests/test_private_api.py fails when an upgrade moves one of them.
"""

from collections.abc import Callable

# Where each plugin leans on a private API (file: what, why).
PLUGINS_USE = {
    "plugins/bilingual/reading.py": (
        "MarkdownReader._md and ._parse_metadata: the reader's converter and "
        "Pelican's metadata parsing, for a reader that converts headers only"
    ),
    "plugins/quick_inline/extension.py": (
        "markdown InlineProcessor.__handleInline (name-mangled): the inline pass "
        "that skips text none of its patterns can match"
    ),
    "plugins/indexed_article_lists/translations.py": (
        "pelican.generators.process_translations: replaced by a copy that finds "
        "translations by a set lookup"
    ),
    "plugins/indexed_article_lists/period_archives.py": (
        "ArticlesGenerator._build_period_archives: wrapped to find each period's "
        "articles by a set lookup"
    ),
    "plugins/iso_dates/iso_dates.py": (
        "pelican.readers.METADATA_PROCESSORS: Date and Modified read directly in "
        "their checked ISO forms"
    ),
    "plugins/vietnamese_search/search_index.py": (
        "Content._content: an article's body before its links are resolved"
    ),
    "plugins/vietnamese_search/index_builder.py": (
        "lunr Builder.search_pipeline._stack: the labels of the search pipeline"
    ),
    "plugins/written_bodies/written_bodies.py": (
        "Content.get_content.cache (pelican.utils.memoized): the resolved bodies "
        "it keeps, let go once written"
    ),
}


def generator_classes(pelican) -> list[type]:
    """Pelican._get_generator_classes: the generators of a run, plugins' included."""
    return pelican._get_generator_classes()


def body(content) -> str | None:
    """Content._content: the body as read, before its links are resolved."""
    return content._content


def set_body(content, text: str | None) -> None:
    content._content = text


def intrasite_link_regex(content):
    """Content._get_intrasite_link_regex: how Pelican finds {filename}-like links."""
    return content._get_intrasite_link_regex()


def drop_readers_cache(readers) -> None:
    """Readers._cache: what a run's readers read, which it never reads again."""
    if readers is not None and hasattr(readers, "_cache"):
        readers._cache = {}


def stamp_once(cacher, stamps: dict) -> None:
    """FileStampDataCacher._filestamp_func, stamping (md5) each source once per run.

    Pelican stamps each source for its caches three times a run: when the
    generator, then the readers look for its entry, and when the readers store what
    they read. Within one run, a file's first stamp serves all three."""
    stamp: Callable | None = getattr(cacher, "_filestamp_func", None)
    if stamp is None:
        return

    def stamp_once(filename):
        if filename not in stamps:
            stamps[filename] = stamp(filename)
        return stamps[filename]

    cacher._filestamp_func = stamp_once
