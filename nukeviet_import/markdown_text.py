"""Text written into Markdown so that Python-Markdown gives back the same words.

The site converts Markdown with Python-Markdown and the `extra` extensions, whose
rules are not CommonMark's: `\\&` or `\\<` are not escapes there, `{...}` at the end of
a block is an attribute list, `|` makes tables. So the office's text is escaped for
that converter, not with a generic Markdown escaper.
"""

import re
from urllib.parse import quote

# Characters Python-Markdown (and extra's tables) unescapes after a backslash,
# that mean something wherever they stand.
BACKSLASHED = re.compile(r"([\\`*_{}\[\]|])")
# "&lt;" typed as text must stay those four characters, not become "<".
ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a line: '#' opens a heading, '>' a quote; digits and a dot, or
# '-' or '+', a list item.
LINE_MARK = re.compile(r"^(\s*)([#>])")
LIST_MARK = re.compile(r"^(\s*)([-+])(?=\s|$)")
NUMBERED = re.compile(r"^(\s*\d+)\.(?=\s|$)")
# At the start of a line: '=' under a line makes a heading, ':' a definition,
# '~~~' a fenced block. They are not backslash escapes: write them as references.
LINE_START_REFERENCES = {"=": "&#61;", ":": "&#58;", "~": "&#126;"}
# Characters a link address may keep as they are in Markdown.
URL_SAFE = "/:@!$&'*+,;=?#%~-._{}"


def escape_text(text: str, at_line_start: bool = True) -> str:
    """Escape a run of plain text; `at_line_start`: it may begin a Markdown line."""
    text = ENTITY_LIKE.sub("&amp;", text)
    text = BACKSLASHED.sub(r"\\\1", text)
    text = text.replace("<", "&lt;")
    if at_line_start:
        text = LINE_MARK.sub(r"\1\\\2", text)
        text = LIST_MARK.sub(r"\1\\\2", text)
        text = NUMBERED.sub(r"\1\\.", text)
        stripped = text.lstrip()
        if stripped[:1] in LINE_START_REFERENCES:
            head = len(text) - len(stripped)
            text = text[:head] + LINE_START_REFERENCES[stripped[0]] + stripped[1:]
    return text


def escape_header_value(text: str) -> str:
    """A metadata value that Pelican converts with Markdown (Summary): one line."""
    return escape_text(" ".join(text.split()))


def link_address(url: str) -> str:
    """An address fit for `[text](address)`: spaces, parentheses and the like
    percent-encoded, what is already encoded left as it is."""
    return quote(url, safe=URL_SAFE)


def link_title(title: str) -> str:
    """The optional title of a link or image, in double quotes."""
    return ' "{}"'.format(title.replace("\\", "\\\\").replace('"', '\\"'))
