"""Pure (no Pelican): one language's search index, built from a job file.

The run writes the job (its settings, every article as it was read, every
document as a record) into an unnamed file and hands it to a fresh interpreter
(`python -m plugins.vietnamese_search.index_job JOB_FD REPORT_FD`). A fresh interpreter
holds only what the index needs; a forked copy of the run would hold, page by
page, a second copy of everything the run has read.
"""

import os
import pickle
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass

from .analyses_file import Analyses
from .index_builder import build_index, manifest_bytes
from .pickle_stream import chunks, dump, dump_chunks
from .records import ARTICLE, SearchRecord, html_to_text

_CHUNK = 500  # articles per pickle in the job file


@dataclass(frozen=True)
class IndexJob:
    """Where and how one language's index is built."""

    lang: str
    analyzer: str
    term_file_bytes: int
    docs_per_file: int
    excerpt_length: int
    body_pairs_min: int
    folder: str  # where the index files and manifest go
    shown_folder: str  # the folder as the run's report names it
    cache_path: str | None  # where the previous build's analyses are kept


@dataclass(frozen=True)
class ArticleText:
    """An article as the run read it: HTML title, lead and body, plain the rest."""

    url: str
    title: str
    date: str  # 2020-12-01
    lead: str
    body: str
    keywords: tuple[str, ...]


def article_record(article: ArticleText, text: bool = True) -> SearchRecord:
    """An article as plain text: typogrify's entities and tags gone (without its
    lead and body when `text` is False: what the search page's filters need)."""
    return SearchRecord(
        type=ARTICLE,
        url=article.url,
        title=html_to_text(article.title),
        date=article.date,
        lead=html_to_text(article.lead) if text else "",
        body=html_to_text(article.body) if text else "",
        keywords=article.keywords,
    )


def write_job(
    handle,
    job: IndexJob,
    articles: Iterable[tuple[tuple, ArticleText]],
    documents: list[SearchRecord],
) -> None:
    """The job, then (inputs, ArticleText) of every article in chunks, then the
    document records. `inputs` says what the article was made from: an article
    whose inputs the previous build saw is not read again, and its ArticleText may
    be None (analyses_file.known_inputs)."""
    dump(job, handle)
    dump_chunks(articles, handle, _CHUNK)
    dump(documents, handle)


def run(handle) -> str:
    """Build and write the index the job in `handle` asks for; say what was written."""
    job = pickle.load(handle)
    cache = Analyses(job.cache_path, job.lang, job.excerpt_length)
    known, kept, records = cache.records, {}, []
    articles = (item for chunk in chunks(handle) for item in chunk)
    for inputs, article in articles:
        record = known.get(inputs)
        if record is None:
            if article is None:  # the run took it for known: the file changed since
                raise RuntimeError(f"no text, and no record kept, for {inputs[0]}")
            record = article_record(article)
        kept[inputs] = record
        records.append(record)
    records += pickle.load(handle)
    cache.records = {}
    os.makedirs(job.folder, exist_ok=True)
    written = []

    def write(name: str, content: bytes) -> None:
        written.append(len(content))
        with open(os.path.join(job.folder, name), "wb") as output:
            output.write(content)

    built_index: list = []
    built = build_index(
        records,
        job.lang,
        analyzer=job.analyzer,
        term_file_bytes=job.term_file_bytes,
        docs_per_file=job.docs_per_file,
        excerpt_length=job.excerpt_length,
        body_pairs_min=job.body_pairs_min,
        write=write,
        analyses=cache.analyses,
        previous=cache.take_previous(),  # held by build_index alone: freed early
        keep=built_index,
    )
    cache.save(kept, built_index[0] if built_index else None)
    with open(os.path.join(job.folder, "manifest.json"), "wb") as output:
        output.write(manifest_bytes(built.manifest))
    return (
        f"vietnamese_search: {len(records)} records in {len(written)} files "
        f"({sum(written)} bytes) in {job.shown_folder}"
    )


def main(argv: list[str]) -> int:
    """JOB_FD REPORT_FD: run the job read from JOB_FD (from its start); write what
    was done, or the error that stopped it, to REPORT_FD."""
    job_fd, report_fd = (int(value) for value in argv)
    try:
        with os.fdopen(job_fd, "rb") as handle:
            handle.seek(0)
            message, status = run(handle), 0
    except BaseException:  # everything goes back to the run that waits for it
        message, status = traceback.format_exc(limit=-3), 1
    try:
        with os.fdopen(report_fd, "wb") as report:
            report.write(message.encode("utf-8", "replace"))
    except BrokenPipeError:  # the run stopped waiting (its build was refused)
        pass
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
