"""Pelican glue: the run language's search index (manifest and files) and search page.

Articles come from the context (the bilingual plugin has kept the run's language);
documents from `library_documents` when a library plugin put them there (only the
public ones). Nothing here imports another plugin.
"""

import hashlib
import itertools
import logging
import os
import pickle
from dataclasses import replace

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from .background import BackgroundJob
from .config import search_settings
from .index_builder import (
    PreviousIndex,
    build_index,
    manifest_bytes,
    types_of,
    years_of,
)
from .records import ARTICLE, DOCUMENT, SearchRecord, html_to_text

logger = logging.getLogger(__name__)

PENDING: list[BackgroundJob] = []  # indexes being built, waited for at the end
BOX_CONTEXT_KEY = "search_box"  # what base.html's search form needs
DOCUMENTS_CONTEXT_KEY = "library_documents"
# In the run's CACHE_PATH (a folder Pelican's content cache empties whenever the
# settings, code or theme change): what the previous build made of each record.
ANALYSES_FILE = "search-{lang}.pickle"
ANALYSES_FORMAT = 3


def article_record(article, text: bool = True) -> SearchRecord:
    """An article as plain text: typogrify's entities and tags gone (without its
    lead and body when `text` is False: what the search page's filters need).

    Lead and body are read as they were before Pelican resolved their links: that
    changes attributes only, never the text, and the resolved copies are Pelican's
    to make (the index is built in a forked process: copies made there are lost)."""
    summary = article.metadata.get("summary") or "" if text else ""
    category = getattr(article, "category", None)
    tags = getattr(article, "tags", None) or ()
    keywords = ((category.name,) if category else ()) + tuple(t.name for t in tags)
    return SearchRecord(
        type=ARTICLE,
        url=article.url,
        title=html_to_text(article.title),
        date=article.date.strftime("%Y-%m-%d"),
        lead=html_to_text(summary),
        body=html_to_text(article._content) if text else "",
        keywords=keywords,
    )


def article_inputs(article) -> tuple:
    """What article_record reads of an article: equal inputs, equal record. The
    body counts before Pelican resolves its links, which change only attributes,
    never the text."""
    body = getattr(article, "_content", None) or ""
    category = getattr(article, "category", None)
    return (
        article.source_path,
        article.url,
        article.title,
        article.date.isoformat(),
        article.metadata.get("summary"),
        category.name if category else None,
        tuple(t.name for t in getattr(article, "tags", None) or ()),
        hashlib.blake2b(body.encode(), digest_size=16).digest(),
    )


class Analyses:
    """The previous build's article records and record analyses, by their inputs;
    kept only when the run has a CACHE_PATH (the site's builds have one).

    The file is a stream of small pickles (a header, then chunks), written and
    read one chunk at a time: pickling the whole state at once would hold a
    second copy of it, in pickle form, until the last byte is written."""

    def __init__(self, cache_path: str | None, lang: str):
        self.path = (
            os.path.join(cache_path, ANALYSES_FILE.format(lang=lang))
            if cache_path
            else None
        )
        self.records: dict[tuple, SearchRecord] = {}
        self.analyses: dict[SearchRecord, tuple] = {}  # index_builder's Analysis
        self.previous: PreviousIndex | None = None
        if self.path:
            try:
                self._load()
            except (OSError, pickle.PickleError, EOFError, LookupError, ValueError):
                self.records, self.analyses, self.previous = {}, {}, None
                # no earlier build (or an unreadable file): analyse everything

    def _load(self) -> None:
        with open(self.path, "rb") as handle:
            header = pickle.load(handle)
            if header.get("format") != ANALYSES_FORMAT:
                return
            order = []
            for chunk in _chunks(handle):  # (record, analysis) in number order
                for stored in chunk:
                    record, analysis = _unpacked(stored)
                    order.append(record)
                    self.analyses[record] = analysis
            for chunk in _chunks(handle):  # (inputs, the record's number)
                self.records.update((inputs, order[n]) for inputs, n in chunk)
            entries = {}
            for chunk in _chunks(handle):  # (term, encoded entry)
                entries.update((term, entry.decode()) for term, entry in chunk)
            if header["averages"] is not None:
                self.previous = PreviousIndex(order, header["averages"], entries)

    def save(self, records: dict, previous: PreviousIndex | None) -> None:
        """Keep `records` (inputs -> record), the analyses and `previous`."""
        if not self.path:
            return
        order = previous.order if previous else list(self.analyses)
        numbers = {id(record): n for n, record in enumerate(order)}
        temporary = f"{self.path}.tmp-{os.getpid()}"
        with open(temporary, "wb") as handle:
            averages = previous.averages if previous else None
            _dump({"format": ANALYSES_FORMAT, "averages": averages}, handle)
            _dump_chunks((_packed(r, self.analyses[r]) for r in order), handle)
            _dump_chunks(
                ((inputs, numbers[id(r)]) for inputs, r in records.items()), handle
            )
            entries = previous.entries.items() if previous else ()
            _dump_chunks(((term, entry.encode()) for term, entry in entries), handle)
        os.replace(temporary, self.path)


_CHUNK = 1000  # items per pickle in the analyses file
_END = None  # after a section's last chunk
# Long texts are stored as UTF-8 bytes that the pickler writes as they are: given
# a str, it would keep its UTF-8 form inside the str for as long as the str lives.
_TEXTS = ("title", "lead", "body")


def _packed(record: SearchRecord, analysis: tuple) -> tuple:
    texts = tuple(getattr(record, name).encode() for name in _TEXTS)
    without = replace(record, **dict.fromkeys(_TEXTS, ""))
    return without, texts, analysis


def _unpacked(stored: tuple) -> tuple[SearchRecord, tuple]:
    record, texts, analysis = stored
    decoded = {name: text.decode() for name, text in zip(_TEXTS, texts, strict=True)}
    return replace(record, **decoded), analysis


def _dump(value, handle) -> None:
    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _dump_chunks(items, handle) -> None:
    while chunk := list(itertools.islice(items, _CHUNK)):
        _dump(chunk, handle)
    _dump(_END, handle)


def _chunks(handle):
    while (chunk := pickle.load(handle)) is not _END:
        yield chunk


def _iso(value) -> str | None:
    if value is None:
        return None
    iso = getattr(value, "iso", None)
    return iso() if callable(iso) else (iso or None)


def document_record(document, lang: str, include_restricted: bool = False):
    """A library document as the library shows it in `lang`; None if it must not
    be found (restricted, unless this is the members' index).

    The library puts its documents in the context as objects with: url, title,
    title_lang, summary, kind_name, issuer, fields, tags, issued (.iso), code and
    restricted. No import of the library: this is the whole contract.
    """
    if getattr(document, "restricted", True) and not include_restricted:
        return None
    keywords = (
        document.issuer or "",
        document.kind_name or "",
        *(document.fields or ()),
        *(document.tags or ()),
    )
    return SearchRecord(
        type=DOCUMENT,
        url=document.url,
        title=html_to_text(document.title),
        date=_iso(document.issued),
        lead=html_to_text(document.summary or ""),
        keywords=tuple(word for word in keywords if word),
        code=document.code or None,
        lang=document.title_lang if document.title_lang != lang else None,
    )


class SearchGenerator(Generator):
    """Writes <page>index/ (manifest and files) and the search page, per language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = search_settings(self.settings)  # bad settings stop the run
        self.lang = self.settings["DEFAULT_LANG"]
        self.language = self.config.languages[self.lang]

    def generate_context(self):
        # Every page's header form; templates of other generators render later.
        self.context[BOX_CONTEXT_KEY] = {
            "url": self.language.page,
            "manifest": self.language.manifest,
        }

    def records(
        self, text: bool = True, known: dict | None = None, kept: dict | None = None
    ) -> list[SearchRecord]:
        """The records of the run's articles and documents. With `known` (inputs ->
        record, from an earlier build), unchanged articles are not read again;
        `kept` receives the inputs and records of this run's articles."""
        articles = self.context.get("articles", [])
        records = []
        for article in articles:
            inputs = article_inputs(article) if known is not None else None
            record = known.get(inputs) if known is not None else None
            if record is None:
                record = article_record(article, text)
            if kept is not None:
                kept[inputs] = record
            records.append(record)
        documents = self.context.get(DOCUMENTS_CONTEXT_KEY)
        if documents is not None:
            for document in documents:
                record = document_record(
                    document, self.lang, self.config.include_restricted
                )
                if record is not None:
                    records.append(record)
        return records

    def write_index(self) -> str:
        """Build and write the index files and manifest; say what was written."""

        caching = self.settings.get("CACHE_CONTENT")
        cache = Analyses(caching and self.settings.get("CACHE_PATH"), self.lang)
        kept: dict = {}
        records = self.records(known=cache.records, kept=kept)
        cache.records = {}
        built_index: list = []
        folder = sanitised_join(self.output_path, self.language.index_folder)
        os.makedirs(folder, exist_ok=True)
        written = []

        def write(name: str, content: bytes) -> None:
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(content)
            written.append(len(content))

        built = build_index(
            records,
            self.lang,
            analyzer=self.language.analyzer,
            term_file_bytes=self.config.term_file_bytes,
            docs_per_file=self.config.docs_per_file,
            excerpt_length=self.config.excerpt_length,
            body_pairs_min=self.config.body_pairs_min,
            write=write,
            analyses=cache.analyses,
            previous=cache.previous,
            keep=built_index,
        )
        cache.previous = None
        cache.save(kept, built_index[0] if built_index else None)
        with open(os.path.join(folder, "manifest.json"), "wb") as handle:
            handle.write(manifest_bytes(built.manifest))
        return (
            f"vietnamese_search: {len(records)} records in {len(written)} files "
            f"({sum(written)} bytes) in {self.language.index_folder}"
        )

    def start_index(self) -> None:
        """Build the index in a forked process, while this one writes the pages;
        the run waits for it when it ends (finalized) and reports its failure."""
        PENDING.append(BackgroundJob(self.write_index))

    def generate_output(self, writer):
        records = self.records(text=False)
        twins = {
            lang: language.page
            for lang, language in self.config.languages.items()
            if lang != self.lang
        }
        writer.write_file(
            f"{self.language.page}index.html",
            self.get_template(self.config.template),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            language_twins=twins,
            search_page={
                "url": self.language.page,
                "manifest": self.language.manifest,
                "library": self.language.library,
                "years": years_of(records),
                "types": types_of(records),
            },
        )


def start_indexes(generators):
    """Once every generator has its content (before any page is written)."""
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            generator.start_index()


def wait_for_indexes(_pelican=None):
    """Wait for every index still being built; an index that failed is an error."""
    while PENDING:
        outcome = PENDING.pop(0).wait()
        if outcome.ok:
            logger.info("%s", outcome.message)
        else:
            logger.error(
                "vietnamese_search: the search index failed:\n%s", outcome.message
            )


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_indexes)
    signals.finalized.connect(wait_for_indexes)
