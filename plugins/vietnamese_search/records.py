"""Pure: what the index is built from (plain records) and plain text out of HTML."""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

ARTICLE = "article"
DOCUMENT = "document"
TYPES = (ARTICLE, DOCUMENT)

# Tags whose edges separate words ("end.</p><p>Start" must not read "end.Start").
_BLOCK_TAG_NAMES = (
    "address article aside blockquote br caption dd div dl dt figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td "
    "tfoot th thead tr ul"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_SKIPPED_TAGS = frozenset(("script", "style", "template"))
# Invisible characters that would otherwise glue or split words.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# A start or end tag written plainly (as Markdown writes them): a name, attributes
# with quoted or bare values, HTML's spaces only. html_to_text's fast reading
# splits on these; any other "<" (a comment, a doctype, a stray bracket) leaves
# the work to HTMLParser.
_PLAIN_TAG = re.compile(
    r"<(?:/([a-zA-Z][a-zA-Z0-9]*)[ \t\n\r\f]*"
    r"|([a-zA-Z][a-zA-Z0-9]*)"
    r"(?:[ \t\n\r\f]+[^\s\"'<>/=]+"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*"
    r"[ \t\n\r\f]*/?)>"
)


@dataclass(frozen=True)
class SearchRecord:
    """One thing a reader can find: an article or a document, as plain text."""

    type: str  # ARTICLE or DOCUMENT
    url: str  # site-relative, e.g. "tin-tuc/slug/"
    title: str
    date: str | None = None  # ISO: 2020-12-01, 2022-06 or 2022
    lead: str = ""
    body: str = ""
    keywords: tuple[str, ...] = field(default=())  # category, tags, issuer, kind...
    code: str | None = None  # a document's code, e.g. "HD.59.BTGTW"
    lang: str | None = None  # the text's language when not the index's own
    # Set when `body` holds only the beginning of the body (a record a build keeps
    # for the next one: enough for its excerpt): the digest of the whole body.
    digest: str = ""
    # What a document's result shows besides its code: its kind and who issued it
    # (as the library names them in the index's language; "" when not stated).
    kind: str = ""
    issuer: str = ""

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"record type must be one of {TYPES}, not {self.type!r}")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # &ldquo; &nbsp; &#8217; -> characters
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.chunks.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def _plain_chunks(html: str) -> list[str] | None:
    """_TextExtractor's chunks, read with one regular expression, when every tag of
    `html` is a plain one and none is skipped; else None."""
    pieces = _PLAIN_TAG.split(html)  # data, end name, start name, data, ...
    chunks = []
    for at in range(0, len(pieces), 3):
        data = pieces[at]
        if "<" in data:
            return None
        if data:
            chunks.append(unescape(data) if "&" in data else data)
        if at + 1 < len(pieces):
            name = (pieces[at + 1] or pieces[at + 2]).lower()
            if name in _SKIPPED_TAGS:
                return None
            if name in _BLOCK_TAGS:
                chunks.append(" ")
    return chunks


def html_to_text(html: str | None) -> str:
    """The visible text of an HTML fragment, entities resolved, spaces collapsed."""
    if not html:
        return ""
    chunks = _plain_chunks(html)
    if chunks is None:
        extractor = _TextExtractor()
        extractor.feed(html)
        extractor.close()
        chunks = extractor.chunks
    text = _INVISIBLE.sub("", "".join(chunks))
    return " ".join(text.split())


def excerpt(text: str, length: int) -> str:
    """The start of `text`, at most `length` characters, cut at a space, with '…'."""
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else ""
    return (cut or text[:length]).rstrip(" ,.;:") + "…"
