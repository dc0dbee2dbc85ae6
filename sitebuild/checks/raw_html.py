"""Pure: the HTML and the links a Markdown text holds that a page may not.

Markdown passes raw HTML through as it is, and writes any link it is given; the
build cleans every body (plugins/safe_html), but an editor should hear what was
taken out, at its line, before anything is published: a `<script>`, an `on…=`
attribute, a `javascript:` link, an `<iframe>` are refused with the line they are
on. Code (in backticks, or fenced) is text, not HTML: it is not looked at.
"""

import re
from html.parser import HTMLParser

from plugins.safe_html.allowed_html import attribute_allowed, tag_allowed, url_allowed

from .problem import Problem

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](url "title"), ![alt](url), [id]: url, <scheme:...> autolinks
INLINE_LINK = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]+)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(?:\s|$)")
# attr_list's {: #id .class key="value"}: the keys it sets
ATTR_LIST = re.compile(r"\{:?\s*(?P<body>[^{}]*?)\s*\}\s*$")
ATTR_KEY = re.compile(r"(?P<key>[A-Za-z_][\w:.-]*)\s*=")
ALLOWED_HELP = 'see "HTML in articles" in the README for what is allowed'


class _Scanner(HTMLParser):
    """Collects (line, message) for each tag or attribute not allowed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if not tag_allowed(tag):
            self.found.append((line, f"<{tag}> is not allowed; {ALLOWED_HELP}"))
            return
        for name, value in attrs:
            if not attribute_allowed(tag, name):
                message = f'<{tag} {name}="…">: {name} is not allowed'
                self.found.append((line, f"{message}; {ALLOWED_HELP}"))
            elif name in ("href", "src", "cite") and not url_allowed(value or ""):
                self.found.append((line, _link_message(value or "")))

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self.found.append((self.getpos()[0], f"<!{decl}> is not allowed"))

    def handle_pi(self, data):
        self.found.append((self.getpos()[0], f"<?{data}> is not allowed"))


def _link_message(url: str) -> str:
    shown = url if len(url) <= 60 else url[:57] + "..."
    return (
        f"link {shown!r}: only links to this site, http(s), mailto: and tel: are "
        "allowed"
    )


def _text_only(lines: list[str]) -> list[str]:
    """The lines with code (fenced blocks, backtick spans) blanked out."""
    kept, fence = [], None
    for line in lines:
        marker = FENCE.match(line)
        if fence is not None:
            if (
                marker
                and marker.group(1)[0] == fence[0]
                and len(marker.group(1)) >= len(fence)
            ):
                fence = None
            kept.append("")
        elif marker:
            fence = marker.group(1)
            kept.append("")
        else:
            kept.append(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    return kept


def html_problems(display: str, first_line: int, lines: list[str]) -> list[Problem]:
    """What of `lines` (a body, or a header value, starting at `first_line`) a
    page may not hold, each at its line."""
    text_lines = _text_only(lines)
    scanner = _Scanner()
    scanner.feed("\n".join(text_lines))
    scanner.close()
    found = list(scanner.found)
    for offset, line in enumerate(text_lines, start=1):
        urls = [m["url"] for m in INLINE_LINK.finditer(line)]
        reference = REFERENCE.match(line)
        if reference:
            urls.append(reference["url"])
        found += [(offset, _link_message(url)) for url in urls if not url_allowed(url)]
        attributes = ATTR_LIST.search(line)
        for key in ATTR_KEY.finditer(attributes["body"] if attributes else ""):
            if not attribute_allowed("", key["key"]):
                message = f"{{: {key['key']}=…}} sets an attribute that is not allowed"
                found.append((offset, f"{message}; {ALLOWED_HELP}"))
    return [
        Problem(display, first_line + offset - 1, message)
        for offset, message in sorted(set(found))
    ]
