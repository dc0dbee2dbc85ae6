"""Pure logic: a Markdown file's header, and the language a run reads it in.

No Pelican import: the reader uses it to read another language's file for its header
only, and the build uses it to tell which runs an edit concerns.
"""

import re

# Python-Markdown's meta extension: the header ends at the first blank line.
HEADER_END = re.compile(r"\n[ \t]*\n")
# Its patterns (markdown/extensions/meta.py), and what its NormalizeWhitespace
# preprocessor does to the text before (markdown/preprocessors.py).
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
SPACES_LINE = re.compile(r"(?<=\n) +\n")
STX, ETX = "\x02", "\x03"
LANG_LINE = re.compile(r"^lang:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)


def header_of(text: str) -> str:
    """The header of a Markdown file's text (all of it when there is no blank line)."""
    return HEADER_END.split(text, maxsplit=1)[0]


def header_metadata(header: str, tab_length: int = 4) -> dict[str, list[str]]:
    """What Python-Markdown's meta extension makes of a header, without converting
    anything: each lower-cased key with its lines (a continuation line, indented by
    four spaces, adds one)."""
    if not header.strip():
        return {}  # Markdown returns before any preprocessor sees a blank text
    text = header.replace(STX, "").replace(ETX, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    lines = SPACES_LINE.sub("\n", text.expandtabs(tab_length)).split("\n")
    if BEGIN_RE.match(lines[0]):
        lines.pop(0)
    meta: dict[str, list[str]] = {}
    key = None
    for line in lines:
        found = META_RE.match(line)
        if line.strip() == "" or END_RE.match(line):
            break
        if found:
            key = found.group("key").lower().strip()
            meta.setdefault(key, []).append(found.group("value").strip())
            continue
        more = META_MORE_RE.match(line)
        if not (more and key):
            break
        meta[key].append(more.group("value").strip())
    return meta


def written_language(header: str) -> str | None:
    """The language a header says (`Lang: en`), or None."""
    written = LANG_LINE.search(header)
    return written.group(1) if written else None


def file_language(source_path: str, written: str | None, settings: dict):
    """A file's language as Pelican decides it: the header's, else the file name's
    (FILENAME_METADATA), else DEFAULT_METADATA's."""
    if written:
        return written
    pattern = settings.get("FILENAME_METADATA")
    stem = source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    match = re.match(pattern, stem) if pattern else None
    if match and match.groupdict().get("lang"):
        return match.group("lang")
    return settings.get("DEFAULT_METADATA", {}).get("lang")
