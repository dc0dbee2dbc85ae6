"""Pelican glue: the library's pages, feed and attachments, in the run's language.

Each language run loads the library again (the records' parsed YAML is kept in the
run's cache folder by the bytes of each file: thousands of records parse in
seconds), shows only its public
documents (the briefers' build: restricted ones too, marked), and writes its own
pages through the writer so that the sitemap and the language switch see them.
Attachments are copied once, by the main language's run: both runs write into the
same folder at the same time.
"""

import logging
import pickle
import shutil
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join, set_date_tzinfo

from .config import library_settings
from .presentation import feed_documents, library_view, split_ids
from .records import load_library

logger = logging.getLogger(__name__)

CONTEXT_KEY = "document_library"
DOCUMENTS_KEY = "library_documents"
SIDEBAR_TEMPLATE = "partials/library_sidebar.html"
PARSED_FILE = "library-parsed.pickle"  # in CACHE_PATH


class _Parsed(dict):
    """What record files parsed into at the last build; remembers what this one
    read, so that records removed since are forgotten."""

    def __init__(self, earlier: dict):
        super().__init__(earlier)
        self.read: dict = {}

    def get(self, key, default=None):
        value = super().get(key, default)
        if value is not None:
            self.read[key] = value
        return value

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.read[key] = value


@dataclass(frozen=True)
class FeedEntry:
    """A document as Pelican's feed writer reads an article."""

    title: str
    url: str
    date: datetime
    summary: str | None
    content: str
    author: str | None
    category: str
    tags: tuple[str, ...]

    def get_content(self, siteurl):
        return self.content


def _mentions(articles):
    """(article, ids) for each article naming documents, in the articles' order."""
    for article in articles:
        value = article.metadata.get("documents")
        if value is None:  # a translation names what its original names
            originals = getattr(article, "translations", ())
            value = next(
                (
                    t.metadata["documents"]
                    for t in originals
                    if "documents" in t.metadata
                ),
                None,
            )
        ids = split_ids(value)
        if ids:
            yield article, ids


class LibraryGenerator(Generator):
    """Library, kind and year listings, a page per document, the feed, the files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = library_settings(self.settings)  # bad settings stop the run
        self.lang = self.settings["DEFAULT_LANG"]
        self.library = None
        self.view = None

    def generate_context(self):
        data_dir = Path(self.settings.get("DATA_PATH", "data"))
        cache = Path(self.settings["CACHE_PATH"]) / PARSED_FILE
        try:
            with open(cache, "rb") as handle:
                earlier = pickle.load(handle)
        except Exception:  # none yet, or unreadable: every record is parsed
            earlier = {}
        parsed = _Parsed(earlier if isinstance(earlier, dict) else {})
        self.library, problems = load_library(data_dir, Path.cwd(), parsed)
        if parsed.read.keys() != earlier.keys():
            cache.parent.mkdir(parents=True, exist_ok=True)
            with open(cache, "wb") as handle:  # a cache: a torn file is not read
                pickle.dump(parsed.read, handle, pickle.HIGHEST_PROTOCOL)
        for problem in problems:
            logger.error("document_library: %s", problem)
        articles = self.context.get("articles", [])
        self.view = library_view(
            self.library, self.config, self.lang, list(_mentions(articles))
        )
        hidden = self.context.get("hidden_articles", [])
        self.view.article_documents = {
            article.source_path: self.view.named(ids)
            for article, ids in _mentions([*articles, *hidden])
        }
        # Every page (articles too, rendered later) shows the sidebar blocks.
        self.context[CONTEXT_KEY] = self.view
        # What other plugins (search) may read: the documents as shown in this
        # language; each says whether it is restricted.
        self.context[DOCUMENTS_KEY] = self.view.documents

    def generate_output(self, writer):
        config, lang, view = self.config, self.lang, self.view
        write = partial(
            writer.write_file,
            context=self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
        )
        listing = self.get_template("library")
        for page in view.pages:
            write(
                config.save_as(lang, page.key, **page.values),
                listing,
                listing_page=page,
                language_twins=config.twins(lang, page.key, **page.values),
            )
        document_template = self.get_template("document")
        for document in view.documents:
            write(
                config.save_as(lang, "document", id=document.id),
                document_template,
                document=document,
                language_twins=config.twins(lang, "document", id=document.id),
            )
        self._write_feed(writer)
        if lang == self.settings.get("SITE_MAIN_LANG", lang):
            self._copy_attachments()

    def _write_feed(self, writer):
        """The documents by the day they were put on the site (`posted`); without
        any, no feed (and no link to one)."""
        if self.view.feed_url is None:
            return
        macros = self.get_template("partials/library_macros").make_module(
            dict(self.context)
        )
        timezone = self.settings.get("TIMEZONE")
        entries = []
        for document in feed_documents(self.view.documents):
            entries.append(
                FeedEntry(
                    title=str(macros.plain_title(document)),
                    url=document.url,
                    date=set_date_tzinfo(document.posted, timezone),
                    summary=str(escape(document.summary)) if document.summary else None,
                    content=str(macros.feed_content(document)),
                    author=document.issuer,
                    category=document.kind_name,
                    tags=document.tags,
                )
            )
        writer.write_feed(
            entries,
            self.context,
            path=self.view.feed_url,
            feed_type="atom",
            feed_title=str(macros.library_name()),
        )

    def _copy_attachments(self):
        """Copy the files of the documents shown: a restricted file leaves only for
        the briefers' build."""
        shown = {document.id for document in self.view.documents}
        copied = 0
        for document in self.library.documents:
            if document.id not in shown:
                continue
            for attachment in document.files:
                name = self.config.file_save_as(attachment.path)
                target = Path(sanitised_join(self.output_path, name))
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(attachment.source_path, target)
                copied += 1
        logger.info("document_library: copied %d attachments", copied)


@pass_context
def library_sidebar(context):
    """The sidebar's library blocks. They show only what is the same on every page
    of a run, so the first page renders them and the others reuse that HTML."""
    view = context.get(CONTEXT_KEY)
    if view is None:
        return ""
    if view.sidebar_html is None:
        template = context.environment.get_template(SIDEBAR_TEMPLATE)
        view.sidebar_html = Markup(template.render(context.get_all()))
    return view.sidebar_html


def install_sidebar(generator):
    """`library_sidebar()` in templates."""
    generator.env.globals["library_sidebar"] = library_sidebar


def get_generators(pelican):
    return LibraryGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(install_sidebar)
