"""Pelican glue: the run language's search index (manifest and files) and search page.

Articles come from the context (the bilingual plugin has kept the run's language);
documents from `library_documents` when a library plugin put them there (only the
public ones). Nothing here imports another plugin.
"""

import hashlib
import logging
import sys
import tempfile

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from .analyses_file import known_inputs
from .background import BackgroundJob, Handover
from .config import search_settings
from .index_builder import types_of, years_of
from .index_job import ArticleText, IndexJob, write_job
from .index_job import run as run_index_job
from .records import ARTICLE, DOCUMENT, SearchRecord, html_to_text

logger = logging.getLogger(__name__)

PENDING: list[BackgroundJob] = []  # indexes being built, waited for at the end
BOX_CONTEXT_KEY = "search_box"  # what base.html's search form needs
DOCUMENTS_CONTEXT_KEY = "library_documents"


def article_text(article, url: str) -> ArticleText:
    """An article (at `url`) as the index reads it. Lead and body as they were
    before Pelican resolved their links: that changes attributes only, never the
    text, and the resolved copies are Pelican's to make, when it writes the pages."""
    category = getattr(article, "category", None)
    tags = getattr(article, "tags", None) or ()
    return ArticleText(
        url=url,
        title=article.title,
        date=article.date.strftime("%Y-%m-%d"),
        lead=article.metadata.get("summary") or "",
        body=getattr(article, "_content", None) or "",
        keywords=((category.name,) if category else ()) + tuple(t.name for t in tags),
    )


def article_inputs(article, url: str) -> tuple:
    """What article_record reads of an article (at `url`): equal inputs, equal
    record. The body counts before Pelican resolves its links, which change only
    attributes, never the text."""
    body = getattr(article, "_content", None) or ""
    category = getattr(article, "category", None)
    return (
        article.source_path,
        url,
        article.title,
        article.date.isoformat(),
        article.metadata.get("summary"),
        category.name if category else None,
        tuple(t.name for t in getattr(article, "tags", None) or ()),
        hashlib.blake2b(body.encode(), digest_size=16).digest(),
    )


def _iso(value) -> str | None:
    if value is None:
        return None
    iso = getattr(value, "iso", None)
    return iso() if callable(iso) else (iso or None)


def findable(document, include_restricted: bool = False) -> bool:
    """Whether a library document may be found (restricted ones: in the members'
    index only)."""
    return include_restricted or not getattr(document, "restricted", True)


def document_record(document, lang: str, include_restricted: bool = False):
    """A library document as the library shows it in `lang`; None if it must not
    be found (restricted, unless this is the members' index).

    The library puts its documents in the context as objects with: url, title,
    title_lang, summary, kind_name, issuer, fields, tags, issued (.iso), code and
    restricted. No import of the library: this is the whole contract.
    """
    if not findable(document, include_restricted):
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
        kind=document.kind_name or "",
        issuer=document.issuer or "",
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

    def documents(self) -> list[SearchRecord]:
        """The records of the run's documents that may be found."""
        documents = self.context.get(DOCUMENTS_CONTEXT_KEY) or ()
        records = (
            document_record(document, self.lang, self.config.include_restricted)
            for document in documents
        )
        return [record for record in records if record is not None]

    def job(self) -> IndexJob:
        caching = self.settings.get("CACHE_CONTENT")
        return IndexJob(
            lang=self.lang,
            analyzer=self.language.analyzer,
            term_file_bytes=self.config.term_file_bytes,
            docs_per_file=self.config.docs_per_file,
            excerpt_length=self.config.excerpt_length,
            body_pairs_min=self.config.body_pairs_min,
            folder=sanitised_join(self.output_path, self.language.index_folder),
            shown_folder=self.language.index_folder,
            cache_path=(caching and self.settings.get("CACHE_PATH")) or None,
        )

    def hand_over_index(self) -> Handover:
        """In the forked process: write the index job into an unnamed file, then
        hand it to a fresh interpreter (index_job.py), which builds and writes it."""
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - open until the program reads it
        job = self.job()
        write_job(handle, job, self._articles(job), self.documents())
        handle.flush()

        def here() -> str:
            handle.seek(0)
            return run_index_job(handle)

        return Handover(
            argv=[
                sys.executable,
                "-m",
                f"{__package__}.index_job",
                str(handle.fileno()),
            ],
            keep=(handle.fileno(),),
            here=here,
        )

    def _articles(self, job: IndexJob):
        """(inputs, ArticleText) of each article; no text where the previous
        build kept the record of these inputs."""
        known = known_inputs(job.cache_path, job.lang)
        for article in self.context.get("articles", []):
            url = article.url  # Pelican works it out anew at every call
            inputs = article_inputs(article, url)
            yield inputs, None if inputs in known else article_text(article, url)

    def start_index(self) -> None:
        """Build the index beside this run, while it writes the pages; the run
        waits for it when it ends (finalized) and reports its failure."""
        PENDING.append(BackgroundJob(self.hand_over_index))

    def generate_output(self, writer):
        # The search page's filters need each record's type and date only.
        years = {article.date.year for article in self.context.get("articles", [])}
        records = [SearchRecord(ARTICLE, "", "", f"{year:04d}-01-01") for year in years]
        records += [
            SearchRecord(DOCUMENT, "", "", _iso(document.issued))
            for document in self.context.get(DOCUMENTS_CONTEXT_KEY) or ()
            if findable(document, self.config.include_restricted)
        ]
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
