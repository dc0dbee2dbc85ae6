"""Which sources came from an import, from which NukeViet row, and whether an
editor has changed them since.

Every imported file names its row and the SHA-256 of its text as written, on one
line that the digest leaves out: `Nukeviet: vi/news/123 sha256:...` as the last line
of an article's header, `# Nukeviet: vi/laws/45 sha256:...` as a record's first
line. A later import finds its files wherever an editor moved them, updates those
whose text is still the imported one and leaves the others alone. The marker lives
in the file itself, so deleting a file is all it takes for the next import to
bring it back as the old site has it.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitebuild.checks.articles import read_source

ARTICLE_MARKER = re.compile(
    r"^Nukeviet:[ \t]*(?P<key>\S+)[ \t]+sha256:(?P<digest>[0-9a-f]{64})[ \t]*$",
    re.MULTILINE,
)
RECORD_MARKER = re.compile(
    r"^#[ \t]*Nukeviet:[ \t]*(?P<key>\S+)[ \t]+sha256:(?P<digest>[0-9a-f]{64})[ \t]*$",
    re.MULTILINE,
)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _without_line(text: str, match: re.Match) -> str:
    end = (
        match.end() + 1 if text[match.end() : match.end() + 1] == "\n" else match.end()
    )
    return text[: match.start()] + text[end:]


def mark_article(header_lines: list[str], body: str, key: str) -> str:
    """An article's text with its marker as the header's last line."""
    unmarked = "\n".join(header_lines) + "\n\n" + body
    marker = f"Nukeviet: {key} sha256:{digest(unmarked)}"
    return "\n".join([*header_lines, marker]) + "\n\n" + body


def mark_record(yaml_text: str, key: str) -> str:
    """A record's text with its marker as the first line (a YAML comment)."""
    return f"# Nukeviet: {key} sha256:{digest(yaml_text)}\n" + yaml_text


@dataclass(frozen=True)
class Mark:
    key: str
    recorded: str  # the digest written by the import
    current: str  # the digest of the text as it is now

    @property
    def edited(self) -> bool:
        return self.recorded != self.current


def article_mark(text: str) -> Mark | None:
    header = text.split("\n\n", 1)[0]
    match = ARTICLE_MARKER.search(header)
    if match is None:
        return None
    return Mark(match["key"], match["digest"], digest(_without_line(text, match)))


def record_mark(text: str) -> Mark | None:
    match = RECORD_MARKER.match(text)
    if match is None:
        return None
    return Mark(match["key"], match["digest"], digest(_without_line(text, match)))


@dataclass(frozen=True)
class ArticleFile:
    """An article source of the content folder, as far as the import cares."""

    path: str  # relative to the content folder, POSIX
    lang: str
    slug: str
    date: str
    status: str
    mark: Mark | None


@dataclass(frozen=True)
class RecordFile:
    path: str  # relative to the data folder
    id: str
    code: str | None
    title: str  # the Vietnamese title
    access: str
    mark: Mark | None


def scan_articles(content_dir: Path) -> list[ArticleFile]:
    """Every article of `content_dir` (pages and images left aside)."""
    found = []
    if not content_dir.is_dir():
        return found
    for path in sorted(content_dir.rglob("*.md")):
        relative = path.relative_to(content_dir)
        if relative.parts[0] in ("images", "pages"):
            continue
        text = path.read_text(encoding="utf-8-sig")
        source = read_source(path, str(relative))
        found.append(
            ArticleFile(
                relative.as_posix(),
                source.lang,
                source.slug,
                source.meta.get("date", ""),
                source.meta.get("status", "published"),
                article_mark(text),
            )
        )
    return found


def scan_records(documents_dir: Path, data_dir: Path) -> list[RecordFile]:
    """Every record of the library with its code (to know a document met before)."""
    found = []
    if not documents_dir.is_dir():
        return found
    for path in sorted(documents_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        data = data if isinstance(data, dict) else {}
        code, title = data.get("code"), data.get("title")
        found.append(
            RecordFile(
                path.relative_to(data_dir).as_posix(),
                path.stem,
                str(code) if code is not None else None,
                str(title.get("vi") or "") if isinstance(title, dict) else "",
                str(data.get("access") or "public"),
                record_mark(text),
            )
        )
    return found
