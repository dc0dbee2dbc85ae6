"""An import from start to end: read, plan, convert, write, report.

The glue of the package: the database is read by `database`, every decision is made
by `plan`, texts are made by `sources` and `html_markdown`; here files are compared
with what is on disk and written (never in a dry run).
"""

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from tqdm import tqdm

from .database import DatabaseError, NukevietDatabase
from .html_markdown import Target, convert_body
from .imported_files import article_mark, record_mark, scan_articles, scan_records
from .model import MAIN_LANG, NewsModule, clean_text
from .old_addresses import key_problem, link_key, map_text
from .plan import ArticlePlan, Plan, SiteAddresses, make_plan, redirects
from .report import Item, Report
from .sources import article_text, record_text
from .uploads import Uploads, uploads_path

logger = logging.getLogger(__name__)

LANGS = ("vi", "en")


@dataclass
class ImportOptions:
    database: str
    prefix: str
    uploads: Path | None
    news_module: str = "news"
    laws_module: str = "laws"
    content: Path = Path("content")
    data: Path = Path("data")
    redirects: Path = Path("deploy/nginx/nukeviet-redirects.map")
    dry_run: bool = False
    now: int | None = None  # the time that decides published / expired (Unix)
    progress: bool | None = None  # None: a bar when standard error is a terminal


@dataclass
class _Run:
    options: ImportOptions
    addresses: SiteAddresses
    report: Report
    uploads: Uploads
    news: dict[str, NewsModule] = field(default_factory=dict)
    plan: Plan | None = None


class ImportFailed(Exception):
    """The import could not start (database, folders): said in words for people."""


def run_import(options: ImportOptions, addresses: SiteAddresses) -> Report:
    """Import what the options name; the report says what was done."""
    if options.uploads is not None and not options.uploads.is_dir():
        raise ImportFailed(f"uploads folder {options.uploads} does not exist")
    report = Report(dry_run=options.dry_run, redirects_path=str(options.redirects))
    files_dir = options.data / "documents" / "files"
    run = _Run(
        options,
        addresses,
        report,
        Uploads(options.uploads, options.content, files_dir, options.dry_run),
    )
    started = time.perf_counter()
    try:
        database = NukevietDatabase(options.database, options.prefix)
    except DatabaseError as error:
        raise ImportFailed(str(error)) from None
    try:
        laws = _read(run, database)
        kinds = _kinds(options.data)
        run.plan = make_plan(
            run.news,
            laws,
            scan_articles(options.content),
            scan_records(options.data / "documents", options.data),
            kinds,
            int(time.time()) if options.now is None else options.now,
        )
        for skipped in run.plan.skipped:
            report.skipped[skipped.what].append(
                Item(skipped.key, skipped.title, note=skipped.reason)
            )
        report.unknown_kinds = run.plan.unknown_kinds
        old_addresses = redirects(run.plan, addresses, run.news, laws)
        _write_articles(run, database, old_addresses)
        if laws is not None:
            _write_documents(run, laws)
    except DatabaseError as error:
        raise ImportFailed(str(error)) from None
    finally:
        database.close()
    old_addresses.update(run.uploads.redirects)
    _write_map(run, old_addresses)
    report.actions += run.uploads.actions
    report.actions.append(f"write {options.redirects} ({report.redirects} addresses)")
    report.files_copied = run.uploads.copied
    report.files_kept = run.uploads.kept
    logger.info("Import done in %.1f s", time.perf_counter() - started)
    return report


def _read(run: _Run, database: NukevietDatabase):
    options = run.options
    for lang in LANGS:
        module = database.module(lang, options.news_module)
        if module is not None:
            run.news[lang] = database.news(module)
    if MAIN_LANG not in run.news:
        raise ImportFailed(
            f"no news module {options.news_module!r} in Vietnamese: no table "
            f"{database.table(MAIN_LANG, options.news_module)}_rows (check --prefix "
            "and --news-module)"
        )
    module = database.module(MAIN_LANG, options.laws_module)
    if module is None:
        logger.warning(
            "No laws module %r: documents are not imported", options.laws_module
        )
        return None
    return database.laws(module)


def _kinds(data_dir: Path) -> dict[str, str]:
    """Declared kinds of document: id -> Vietnamese name."""
    path = data_dir / "document-kinds.yaml"
    if not path.is_file():
        return {}
    declared = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        kind: str(entry.get("vi", ""))
        for kind, entry in declared.items()
        if isinstance(entry, dict)
    }


# Articles ------------------------------------------------------------------------


def _write_articles(run: _Run, database: NukevietDatabase, old_addresses) -> None:
    plan, report = run.plan, run.report
    pages = _page_links(plan, run.addresses, old_addresses)
    to_write = {}
    for article in plan.articles:
        if article.owner == "editor":
            report.count("articles", "left alone")
            report.left_alone.append(_item(run, article, article.note))
            continue
        to_write[(article.lang, article.row.id)] = article
    bar = tqdm(
        total=len(to_write),
        unit=" articles",
        disable=None if run.options.progress is None else not run.options.progress,
        leave=False,
    )
    with bar:
        for lang, module in run.news.items():
            for row_id, body in database.news_bodies(module.module):
                article = to_write.pop((lang, row_id), None)
                if article is not None:
                    _write_article(run, article, module, body, pages)
                    bar.update()
        for article in to_write.values():  # no body row: an empty body
            _write_article(run, article, run.news[article.lang], "", pages)
            bar.update()


def _page_links(plan: Plan, addresses: SiteAddresses, old_addresses) -> dict[str, str]:
    """Old keys -> what a Markdown link to the same page in the new site says: an
    article by its file ({filename}, which Pelican checks), anything else by its
    address."""
    files = {
        addresses.article_url(
            article.lang, article.slug
        ): f"{{filename}}/{article.path}"
        for article in plan.articles
        if article.existing is None or article.existing.status != "draft"
    }
    return {key: files.get(address, address) for key, address in old_addresses.items()}


def _item(run: _Run, article: ArticlePlan, note: str = "") -> Item:
    shown = str(run.options.content / article.path)
    return Item(article.row.key, clean_text(article.row.title), shown, note)


def _write_article(
    run: _Run, article: ArticlePlan, module: NewsModule, body: str, pages
) -> None:
    row = article.row
    problems: list[str] = []
    image = None
    if row.image_file:
        if row.image_thumb == 3 or "://" in row.image_file:
            problems.append(f"photo from another site ({row.image_file}) not copied")
        else:
            old = f"{row.module.upload}/{row.image_file.lstrip('/')}"
            image = run.uploads.image(old, lambda path: "/" + path)
            if image is None:
                run.report.missing_files.append(
                    _item(run, article, f"photo uploads/{old}")
                )

    def resolve(address: str, kind: str) -> Target:
        return _resolve(run, article, address, kind, pages)

    converted = convert_body(body, resolve)
    problems += converted.problems
    markdown = converted.markdown
    attachments = []
    for name in row.files:
        old = f"{row.module.upload}/{name.lstrip('/')}"
        placed = run.uploads.image(old, lambda path: "/" + path)
        if placed is None:
            run.report.missing_files.append(
                _item(run, article, f"attachment uploads/{old}")
            )
        else:
            label = name.rsplit("/", 1)[-1]
            attachments.append(f"- [{label}]({{static}}/{placed})")
    if attachments:
        markdown = (markdown + "\n" if markdown else "") + "\n".join(attachments) + "\n"
    text = article_text(article, module.sources, markdown, image)
    for problem in problems:
        run.report.unfaithful.append(_item(run, article, problem))
    _save(
        run,
        "articles",
        article.existing,
        run.options.content / article.path,
        text,
        _item(run, article),
        article_mark,
    )


def _resolve(run: _Run, article: ArticlePlan, address: str, kind: str, pages) -> Target:
    old = uploads_path(address)
    if old is not None:
        placed = run.uploads.image(old, lambda path: "/" + path)
        if placed is not None:
            return Target("{static}/" + placed)
        if "://" in address:
            return _external(address, kind)
        what = "picture" if kind == "image" else "linked file"
        run.report.missing_files.append(_item(run, article, f"{what} uploads/{old}"))
        return Target(
            None, f"{what} uploads/{old} missing from the uploads folder: left out"
        )
    if "://" in address or address.startswith("//"):
        return _external(address if "://" in address else "https:" + address, kind)
    if address.lower().startswith(("mailto:", "tel:")):
        return Target(address)
    key = link_key(address)
    if key is not None and key in pages:
        return Target(pages[key])
    if kind == "image":
        return Target(
            None, f"picture {address} is not a file of the old site: left out"
        )
    return Target(
        None, f"link to {address}, which was not imported: text kept, link left out"
    )


def _external(address: str, kind: str) -> Target:
    if kind == "image":
        return Target(
            address,
            f"picture from another site ({address}) written as a link to it",
            external=True,
        )
    return Target(address)


# Documents -----------------------------------------------------------------------


def _write_documents(run: _Run, laws) -> None:
    plan, report = run.plan, run.report
    for document in plan.documents:
        row = document.row
        shown = str(run.options.data / document.path)
        item = Item(row.key, clean_text(row.title), shown)
        if document.owner == "editor":
            report.count("documents", "left alone")
            item.note = document.note
            report.left_alone.append(item)
            continue
        files = []
        for name in row.files:
            old = f"{row.module.upload}/{name.lstrip('/')}"
            address = run.addresses.file_url if document.public else None
            placed = run.uploads.attachment(old, document.record_id, address)
            if placed is None:
                report.missing_files.append(
                    Item(row.key, item.title, item.path, f"file uploads/{old}")
                )
            else:
                files.append(placed)
        if row.has_body:
            report.unfaithful.append(
                Item(
                    row.key,
                    item.title,
                    item.path,
                    "its body text (Nội dung) is not carried over: a record "
                    "keeps no text beside its summary",
                )
            )
        text = record_text(document, laws.tables, plan.record_ids, files)
        _save(
            run,
            "documents",
            document.existing,
            run.options.data / document.path,
            text,
            item,
            record_mark,
        )


# Writing -------------------------------------------------------------------------


def _save(
    run: _Run, what: str, existing, path: Path, text: str, item: Item, mark_of
) -> None:
    """Write `text` at `path` unless an editor changed the file since the import."""
    report = run.report
    if existing is not None:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        mark = mark_of(current) if current is not None else None
        if mark is not None and mark.edited:
            report.count(what, "left alone")
            item.note = "changed by an editor since the import"
            report.left_alone.append(item)
            return
        if current == text:
            report.count(what, "unchanged")
            return
        report.count(what, "updated")
        report.actions.append(f"update {item.path} ({item.key})")
    else:
        report.count(what, "imported")
        report.actions.append(f"write {item.path} ({item.key})")
    if not run.options.dry_run:
        _write_text(path, text)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _write_map(run: _Run, old_addresses: dict[str, str]) -> None:
    kept = {}
    for key, address in old_addresses.items():
        problem = key_problem(key)
        if problem:
            run.report.unmapped.append(f"{key}: {problem}")
        else:
            kept[key] = address
    run.report.redirects = len(kept)
    if not run.options.dry_run:
        _write_text(run.options.redirects, map_text(kept))
