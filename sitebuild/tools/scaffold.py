"""New source files for editors: an article or a document with every field in place.

Required fields that only the editor can know are written as `TODO ...`: the checks
refuse them, so a scaffold cannot be published by mistake before it is filled in.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..checks.articles import read_source, slugify

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TODO = "TODO"


class ScaffoldError(Exception):
    """The file cannot be written (it exists, or its original is missing)."""


def now_in_vietnam() -> datetime:
    return datetime.now(VIETNAM)


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} already exists: not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def find_article(content_dir: Path, slug: str, lang: str = "vi") -> Path | None:
    """The source file of the article with this slug and language, if any."""
    for path in sorted(content_dir.rglob("*.md")):
        if path.relative_to(content_dir).parts[0] in ("pages", "images"):
            continue
        source = read_source(path, str(path))
        if source.slug == slug and source.lang == lang:
            return path
    return None


def new_article(
    content_dir: Path,
    title: str,
    lang: str = "vi",
    translation_of: str | None = None,
    when: datetime | None = None,
) -> Path:
    """Write a new article (or translation) and return its path."""
    when = when or now_in_vietnam()
    header = {"Title": title, "Date": f"{when:%Y-%m-%d %H:%M}"}
    if lang == "vi":
        if translation_of:
            raise ScaffoldError("--translation-of is for translations (--lang en)")
        path = content_dir / f"{when:%Y}" / f"{slugify(title)}.md"
    else:
        if not translation_of:
            raise ScaffoldError(
                "a translation needs --translation-of <Vietnamese slug>"
            )
        original = find_article(content_dir, translation_of)
        if original is None:
            raise ScaffoldError(
                f"no Vietnamese article has the slug {translation_of!r}"
            )
        source = read_source(original, str(original))
        header["Date"] = source.meta.get("date", header["Date"])
        path = original.with_name(f"{original.stem}.{lang}.md")
    header.update(
        {
            "Category": f"{TODO} category",
            "Tags": f"{TODO} tags, comma separated",
            "Summary": f"{TODO} lead paragraph",
        }
    )
    if lang != "vi":
        header["Translation_of"] = translation_of
    header["Author"] = f"{TODO} author"
    header["Credit"] = f"{TODO} credit line, e.g. Bài, ảnh: ..."
    lines = [f"{key}: {value}" for key, value in header.items()]
    body = f"{TODO} write the article here."
    return _write_new(path, "\n".join(lines) + f"\n\n{body}\n")


def document_id(code: str | None, title: str) -> str:
    """A document's id (its file name and address) from its code, HD.59.BTGTW ->
    hd-59-btgtw (the parts of a code stay apart), else from its title."""
    if code:
        return slugify(code.replace(".", " ").replace("/", " "))
    return slugify(title)


def new_document(
    data_dir: Path,
    kinds: set[str],
    kind: str,
    title: str,
    code: str | None = None,
    when: datetime | None = None,
) -> Path:
    """Write a new document record (data/documents/<id>.yaml) and return its path."""
    if kind not in kinds:
        raise ScaffoldError(
            f"kind {kind!r} is not declared; one of: {', '.join(sorted(kinds))}"
        )
    when = when or now_in_vietnam()
    path = data_dir / "documents" / f"{document_id(code, title)}.yaml"
    quoted = title.replace('"', '\\"')
    lines = [
        f"code: {code}" if code else "# code: number and symbol, e.g. HD.59.BTGTW",
        f"kind: {kind}",
        "title:",
        f'  vi: "{quoted}"',
        "  # en: English title (optional)",
        "# summary: {vi: ..., en: ...}",
        "# issuer: who issued it, as the document states it, e.g.",
        "#   {vi: Ban Tuyên giáo Tỉnh ủy Kon Tum, en: Kon Tum Provincial Party",
        "#   Committee's Propaganda Department} (leave it out when not stated)",
        "# issued: the date on the document: 2022-06-10, 2022-06 or 2022",
        "#   (leave it out when the document gives none: never guess it)",
        f"posted: {when:%Y-%m-%d %H:%M}  # put on this site: new documents first",
        "# signer: ...",
        "tags: []",
        "access: public  # or restricted: only for the briefers' network",
        "# files:",
        "#   - {path: file-name.pdf, title: ..., lang: vi}  # in data/documents/files/",
    ]
    return _write_new(path, "\n".join(lines) + "\n")
