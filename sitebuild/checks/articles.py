"""Pure checks of the Markdown sources, before Pelican reads them.

Pelican skips a bad article with a log line and builds the rest; editors need every
problem at once, with file and line, and no half-published site. So this module
reads the metadata header the way Python-Markdown's meta extension does and checks
what Pelican would otherwise skip or silently get wrong.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from .problem import Problem
from .raw_html import html_problems

LANGUAGES = ("vi", "en")
MAIN_LANG = "vi"
STATUSES = ("published", "draft", "hidden")
FILENAME_LANG = re.compile(r".+\.(?P<lang>en|vi)$")
META_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]{2,}):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
# {filename}, {static} and {attach} links, and Markdown images.
INTRASITE_LINK = re.compile(
    r"\{(?P<what>filename|static|attach)\}(?P<path>[^)\s\"'>]+)"
)
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<path>[^)\s]+)")
# A slug is a folder name: at most this many bytes (file systems allow 255).
MAX_SLUG_BYTES = 200
# What Pelican makes slugs with, unless a site's settings give their own (this
# site's do not: its checks and its build agree on every address).
SLUG_SUBSTITUTIONS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


def slugify(text: str, substitutions=None) -> str:
    """The slug Pelican makes of a title, tag or category: diacritics dropped, đ ->
    d, hyphens (`substitutions`: a site's SLUG_REGEX_SUBSTITUTIONS)."""
    if substitutions is None:
        substitutions = SLUG_SUBSTITUTIONS
    return pelican_slugify(text, regex_subs=substitutions)


@dataclass
class Source:
    """A Markdown file's metadata (lowercased keys), with the line of each key."""

    path: Path
    display: str
    meta: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: list[tuple[int, str]] = field(default_factory=list)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def lang(self) -> str:
        match = FILENAME_LANG.match(self.path.stem)
        return self.meta.get("lang") or (match["lang"] if match else MAIN_LANG)

    @property
    def slug(self) -> str:
        return self.meta.get("slug") or slugify(self.meta.get("title", ""))


class UnreadableSource(ValueError):
    """Not text: the line where the first bad byte is, and what is wrong."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def read_source(path: Path, display: str) -> Source:
    """Split a Markdown file into its metadata header and its numbered body lines."""
    source = Source(path, display)
    data = path.read_bytes()
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise UnreadableSource(line, "a NUL byte: not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableSource(
            line, f"not UTF-8 text ({error.reason}): save the file as UTF-8"
        ) from None
    lines = text.splitlines()
    number, key = 0, None
    for number, raw in enumerate(lines, start=1):
        match = META_LINE.match(raw)
        continuation = CONTINUATION.match(raw) if key else None
        if match:
            key = match["key"].lower()
            source.meta[key] = match["value"].strip()
            source.lines[key] = number
        elif continuation and raw.strip():
            source.meta[key] = f"{source.meta[key]} {continuation['value'].strip()}"
        else:
            break
    else:
        number += 1
    source.body = list(enumerate(lines[number - 1 :], start=number))
    return source


def parse_date(value: str) -> datetime | None:
    """A date as editors write it: 2020-12-01 09:16 (or with seconds, or the day)."""
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), date_format)
        except ValueError:
            continue
    return None


def _check_one(
    source: Source, content_dir: Path, is_page: bool, document_ids: set[str] | None
) -> list[Problem]:
    problems = []

    def problem(key, message):
        problems.append(Problem(source.display, source.line(key), message))

    for key, value in source.meta.items():
        if value.startswith("TODO"):
            problem(key, f"{key}: still {value!r}: fill it in (or remove the line)")
    if not source.meta.get("title"):
        problem("title", 'no title: the file must start with a line "Title: ..."')
    if not is_page:
        if "date" not in source.meta:
            problem(
                "date",
                'no date: add a line "Date: YYYY-MM-DD HH:MM" (Vietnam time) '
                "to the header",
            )
        elif parse_date(source.meta["date"]) is None:
            problem(
                "date",
                f"date {source.meta['date']!r} is not a real date in the form "
                "YYYY-MM-DD HH:MM (for example 2020-12-01 09:16)",
            )
        if not source.meta.get("category"):
            problem("category", 'no category: add a line "Category: ..."')
    if source.lang not in LANGUAGES:
        problem("lang", f"lang {source.lang!r} is not one of {', '.join(LANGUAGES)}")
    status = source.meta.get("status", "published")
    if status not in STATUSES:
        problem("status", f"status {status!r} is not one of {', '.join(STATUSES)}")
    if "image" in source.meta:
        image = source.meta["image"]
        images = (content_dir / "images").resolve()
        found = _linked_file(image, source.path, content_dir)
        if not found.resolve().is_relative_to(images) or not found.is_file():
            problem(
                "image",
                f"image {image!r} is not a file under content/images/: put the file "
                "there and write its path from content/, e.g. images/2020/photo.jpg",
            )
    problems += _slug_problems(source)
    if source.meta.get("summary"):
        line = source.line("summary")
        problems += html_problems(source.display, line, [source.meta["summary"]])
    if source.body:
        first, lines = source.body[0][0], [text for _number, text in source.body]
        problems += html_problems(source.display, first, lines)
    if document_ids is not None:
        problems += _document_problems(source, document_ids)
    for number, text in source.body:
        if text.startswith("TODO"):
            problems.append(Problem(source.display, number, "still a TODO: write it"))
        for match in INTRASITE_LINK.finditer(text):
            target = match["path"].split("#")[0].split("?")[0]
            linked = _linked_file(target, source.path, content_dir)
            if target and not linked.resolve().is_relative_to(content_dir.resolve()):
                problems.append(
                    Problem(
                        source.display,
                        number,
                        f"link {{{match['what']}}}{match['path']} leads out of "
                        "content/: link files under content/ only",
                    )
                )
            elif target and not linked.is_file():
                problems.append(
                    Problem(
                        source.display,
                        number,
                        f"link {{{match['what']}}}{match['path']} points to no file "
                        "under content/",
                    )
                )
        for match in MARKDOWN_IMAGE.finditer(text):
            target = match["path"]
            if target.startswith(("{", "http://", "https://", "data:", "//")):
                continue
            problems.append(
                Problem(
                    source.display,
                    number,
                    f"image {target!r} is not linked with {{static}}: write "
                    "![...]({static}/images/...) and put the file in content/images/",
                )
            )
    return problems


def _document_problems(source: Source, document_ids: set[str]) -> list[Problem]:
    """The names of `Documents:` that are not documents of the library."""
    problems = []
    for document_id in split_list(source.meta.get("documents", "")):
        if document_id not in document_ids:
            close = difflib.get_close_matches(document_id, sorted(document_ids), 1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                Problem(
                    source.display,
                    source.line("documents"),
                    f"documents: {document_id!r} is not a document of the library "
                    f"(data/documents/{document_id}.yaml does not exist){hint}",
                )
            )
    return problems


def _slug_problems(source: Source) -> list[Problem]:
    """A slug names a folder of the site: one folder, of a sensible length."""
    given = source.meta.get("slug")
    where = source.line("slug" if given is not None else "title")
    if given is not None and ("/" in given or "\\" in given or ".." in given):
        message = f"slug {given!r}: a slug is one name, without '/', '\\' or '..'"
        return [Problem(source.display, where, message)]
    slug = source.slug
    if source.meta.get("title") and not slug:
        message = 'the title gives an empty address: add a line "Slug: ..."'
        return [Problem(source.display, where, message)]
    if len(slug.encode()) > MAX_SLUG_BYTES:
        message = (
            f"slug of {len(slug.encode())} bytes is too long for an address (at "
            f'most {MAX_SLUG_BYTES}): add a shorter line "Slug: ..."'
        )
        return [Problem(source.display, where, message)]
    return []


def _name_problems(sources: list[Source]) -> list[Problem]:
    """Categories and tags: each must give an address, and one address one name
    (Pelican would merge "Thời sự" and "Thoi su", keeping one spelling)."""
    problems, first_seen = [], {}
    for source in sources:
        names = [("category", source.meta.get("category", ""))]
        names += [("tags", tag) for tag in split_list(source.meta.get("tags", ""))]
        for key, name in names:
            if not name.strip():
                continue
            what = "category" if key == "category" else "tag"
            slug = slugify(name)
            if not slug:
                problems.append(
                    Problem(
                        source.display,
                        source.line(key),
                        f"{what} {name!r} gives an empty address: use letters or "
                        "digits",
                    )
                )
                continue
            seen = first_seen.setdefault((source.lang, what, slug), (name, source))
            if seen[0] != name:
                problems.append(
                    Problem(
                        source.display,
                        source.line(key),
                        f"{what} {name!r} has the address of {what} {seen[0]!r} "
                        f"({seen[1].display}): write it the same way",
                    )
                )
    return problems


def split_list(value: str) -> list[str]:
    """A comma-separated metadata value as a list ("a, b" -> ["a", "b"])."""
    return [item.strip() for item in value.split(",") if item.strip()]


def _linked_file(target: str, source_path: Path, content_dir: Path) -> Path:
    if target.startswith("/"):
        return content_dir / target.lstrip("/")
    if target.startswith(("images/", "pages/")):
        return content_dir / target
    return source_path.parent / target


def _display_names(content_dir: Path, display_root: Path):
    """A file of `content_dir` by the name problems give it: its place in the
    content folder, relative to `display_root` (the folders resolved once, not
    for each file)."""
    content, root = content_dir.resolve(), display_root.resolve()

    def display(path: Path) -> str:
        try:
            return str((content / path.relative_to(content_dir)).relative_to(root))
        except ValueError:
            return str(path)

    return display


def _check_file(
    path: Path, content_dir: Path, display, document_ids: set[str] | None
) -> tuple[Source | None, list[Problem]]:
    """One Markdown file's own problems, and its source (None if unreadable)."""
    display = display(path)
    try:
        source = read_source(path, display)
    except UnreadableSource as error:
        return None, [Problem(display, error.line, error.message)]
    is_page = path.relative_to(content_dir).parts[0] == "pages"
    return source, _check_one(source, content_dir, is_page, document_ids)


def check_bodies(
    content_dir: Path, names: list[str], display_root: Path | None = None
) -> list[Problem]:
    """The problems of the named files (paths in `content_dir`) that a file can
    have on its own, sorted: what an edit of their bodies alone may bring, when
    every file passed check_articles before it (the headers, which files exist and
    the library did not change)."""
    display = _display_names(content_dir, display_root or content_dir.parent)
    problems: list[Problem] = []
    for name in names:
        problems += _check_file(content_dir / name, content_dir, display, None)[1]
    return sorted(problems)


def check_references(
    content_dir: Path, document_ids: set[str], display_root: Path | None = None
) -> list[Problem]:
    """The articles' `Documents:` names that the library does not have, sorted:
    what an edit of the data folder alone may bring, when every file passed
    check_articles before it."""
    display = _display_names(content_dir, display_root or content_dir.parent)
    problems: list[Problem] = []
    for path in sorted(content_dir.rglob("*.md")):
        if path.relative_to(content_dir).parts[0] == "images":
            continue
        try:
            source = read_source(path, display(path))
        except UnreadableSource as error:
            problems.append(Problem(display(path), error.line, error.message))
            continue
        problems += _document_problems(source, document_ids)
    return sorted(problems)


def check_articles(
    content_dir: Path,
    display_root: Path | None = None,
    document_ids: set[str] | None = None,
) -> list[Problem]:
    """Every problem of every Markdown file under `content_dir`, sorted by file.

    `document_ids`, when given, are the library's ids that `Documents:` may name.
    """
    display = _display_names(content_dir, display_root or content_dir.parent)
    problems: list[Problem] = []
    articles: list[Source] = []
    for path in sorted(content_dir.rglob("*.md")):
        relative = path.relative_to(content_dir)
        if relative.parts[0] == "images":
            continue
        source, found = _check_file(path, content_dir, display, document_ids)
        problems += found
        if source is None:
            continue
        source.body = []  # checked: only the header is compared across files
        if relative.parts[0] != "pages" and source.meta.get("title"):
            articles.append(source)
    problems += _check_translations(articles)
    problems += _name_problems(articles)
    return sorted(problems)


def _check_translations(articles: list[Source]) -> list[Problem]:
    problems = []
    by_slug: dict[tuple[str, str], list[Source]] = defaultdict(list)
    for source in articles:
        by_slug[(source.lang, source.slug)].append(source)
    for (lang, slug), same in by_slug.items():
        for source in same[1:]:
            problems.append(
                Problem(
                    source.display,
                    source.line("title"),
                    f"slug {slug!r} ({lang}) is also the slug of {same[0].display}: "
                    'change one title or add a line "Slug: ..."',
                )
            )
    originals = {slug for (lang, slug) in by_slug if lang == MAIN_LANG}
    translated: dict[tuple[str, str], Source] = {}
    for source in articles:
        if source.lang == MAIN_LANG:
            for key in ("translation_of", "original"):
                if key in source.meta:
                    problems.append(
                        Problem(
                            source.display,
                            source.line(key),
                            "a Vietnamese article is an original: remove "
                            f"{key.capitalize()}",
                        )
                    )
            continue
        if "original" in source.meta:
            problems += _check_original(source, originals, by_slug)
            continue
        original = source.meta.get("translation_of", source.slug)
        if original not in originals:
            problems.append(
                Problem(
                    source.display,
                    source.line("translation_of"),
                    f"translation of {original!r}, but no Vietnamese article has that "
                    'slug: write "Translation_of: <slug of the Vietnamese article>"',
                )
            )
        elif (original, source.lang) in translated:
            other = translated[(original, source.lang)]
            problems.append(
                Problem(
                    source.display,
                    source.line("translation_of"),
                    f"{other.display} is already the {source.lang} translation of "
                    f"{original!r}",
                )
            )
        else:
            translated[(original, source.lang)] = source
    return problems


def _check_original(
    source: Source, originals: set[str], by_slug: dict[tuple[str, str], list[Source]]
) -> list[Problem]:
    """An article written in another language first (`Original: yes`): it has no
    Vietnamese version, and its slug must be no Vietnamese article's (articles of
    one slug are paired as translations)."""
    line = source.line("original")
    if source.meta["original"] != "yes":
        message = f'original {source.meta["original"]!r}: write "Original: yes"'
        return [Problem(source.display, line, message)]
    if "translation_of" in source.meta:
        message = "an original is no translation: remove Translation_of or Original"
        return [Problem(source.display, line, message)]
    if source.slug in originals:
        other = by_slug[(MAIN_LANG, source.slug)][0].display
        message = (
            f"slug {source.slug!r} is also the slug of {other}: an original needs a "
            'slug of its own (change its title or add a line "Slug: ...")'
        )
        return [Problem(source.display, source.line("title"), message)]
    return []
