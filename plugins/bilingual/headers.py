"""Pure logic: a Markdown file's header, and the language a run reads it in.

No Pelican import: the reader uses it to read another language's file for its header
only, and the build uses it to tell which runs an edit concerns.
"""

import re

# Python-Markdown's meta extension: the header ends at the first blank line.
HEADER_END = re.compile(r"\n[ \t]*\n")
LANG_LINE = re.compile(r"^lang:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)


def header_of(text: str) -> str:
    """The header of a Markdown file's text (all of it when there is no blank line)."""
    return HEADER_END.split(text, maxsplit=1)[0]


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
