"""The text of the files an import writes: an article's Markdown, a record's YAML.

Only what the database holds is written: an empty column leaves its line out, it
never becomes a default. Each text carries its marker (imported_files).
"""

import yaml
from bs4 import BeautifulSoup

from sitebuild.checks.articles import slugify

from .imported_files import mark_article, mark_record
from .markdown_text import escape_header_value
from .model import LawsTables, NewsRow, clean_text, vietnam_time
from .plan import ArticlePlan, DocumentPlan


def plain_text(html_or_text: str) -> str:
    """A column that may hold HTML (hometext, introtext) as one line of text."""
    if "<" in (html_or_text or ""):
        html_or_text = BeautifulSoup(html_or_text, "html.parser").get_text(" ")
    return clean_text(html_or_text)


def credit(row: NewsRow, sources: dict[int, str]) -> str:
    """The source line NukeViet showed: its sources table's name for the row's
    sourceid, else what the editor typed (sourcetext)."""
    return sources.get(row.source_id) or clean_text(row.source_text)


def article_text(
    article: ArticlePlan,
    sources: dict[int, str],
    body: str,
    image: str | None,
) -> str:
    """The Markdown source of one article; `image`: its photo under content/."""
    row = article.row
    title = clean_text(row.title)
    header = [
        f"Title: {title}",
        f"Date: {vietnam_time(row.publ_time):%Y-%m-%d %H:%M}",
        f"Category: {article.category}",
    ]
    tags = list(dict.fromkeys(t for t in (clean_text(tag) for tag in row.tags) if t))
    if tags:
        header.append(f"Tags: {', '.join(tags)}")
    if article.slug != slugify(title):
        header.append(f"Slug: {article.slug}")
    if article.translation_of:
        header.append(f"Translation_of: {article.translation_of}")
    if article.original:
        header.append("Original: yes")
    summary = plain_text(row.hometext)
    if summary:
        header.append(f"Summary: {escape_header_value(summary)}")
    if image:
        header.append(f"Image: {image}")
    caption = clean_text(row.image_alt)
    if caption:
        header.append(f"Image_caption: {caption}")
    author = clean_text(row.author)
    if author:
        header.append(f"Author: {author}")
    line = credit(row, sources)
    if line:
        header.append(f"Credit: {line}")
    return mark_article(header, body, row.key)


class _RecordDumper(yaml.SafeDumper):
    """Block style, Vietnamese as it is, no folding: a record as people write it."""


def record_text(
    document: DocumentPlan,
    tables: LawsTables,
    record_ids: dict[int, str],
    files: list[str],
) -> str:
    """The YAML record of one document; `files`: its attachments' paths under
    data/documents/files/."""
    row = document.row
    record: dict = {}
    code = clean_text(row.code)
    if code:
        record["code"] = code
    record["kind"] = document.kind
    record["title"] = {"vi": clean_text(row.title)}
    summary = plain_text(row.introtext)
    if summary:
        record["summary"] = {"vi": summary}
    issuer = tables.subjects.get(row.subject_id)
    if issuer:
        record["issuer"] = issuer
    signer = tables.signers.get(row.signer_id)
    if signer:
        record["signer"] = signer
    for name, stamp in (
        ("issued", row.publ_time),
        ("effective", row.start_valid),
        ("expires", row.exp_time),
    ):
        if stamp:
            record[name] = vietnam_time(stamp).date()
    if row.add_time:
        record["posted"] = f"{vietnam_time(row.add_time):%Y-%m-%d %H:%M}"
    fields = [tables.areas[i] for i in row.area_ids if tables.areas.get(i)]
    if fields:
        record["fields"] = fields
    if not document.public:
        record["access"] = "restricted"
    if files:
        record["files"] = [{"path": path} for path in files]
    for name, ids in (
        ("related", row.relatement),
        (
            "replaces",
            tuple(dict.fromkeys(row.replacement + tables.replaced.get(row.id, ()))),
        ),
    ):
        linked = [
            record_ids[i]
            for i in ids
            if i in record_ids and record_ids[i] != document.record_id
        ]
        if linked:
            record[name] = list(dict.fromkeys(linked))
    record["legacy"] = {"views": row.view_hits, "downloads": row.download_hits}
    text = yaml.dump(
        record,
        Dumper=_RecordDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )
    return mark_record(text, row.key)
