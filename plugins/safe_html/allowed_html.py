"""Pure: the HTML an article may hold, and a sanitiser that keeps nothing else.

Editors write Markdown, and Markdown lets raw HTML through as it is: a `<script>`,
an `onerror=`, a `javascript:` link or a `<meta http-equiv="refresh">` in a body
would run on every reader's phone (the static host sends no Content-Security-
Policy). The source checks refuse what is not listed here, at its line; every body
and summary is also cleaned with this list (nh3, a maintained allow-list
sanitiser), so that nothing else reaches a page whatever a check missed.

No embedded frames: the site requests nothing from another host (a video is
linked, not embedded).
"""

import nh3

TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
    ]
)
# Attributes every allowed tag may have, then those of some tags.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title"})
TAG_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "ol": {"start", "reversed", "type"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with everything inside them, not only their tags.
REMOVED_WITH_CONTENT = frozenset({"script", "style"})


def tag_allowed(tag: str) -> bool:
    return tag.lower() in TAGS


def attribute_allowed(tag: str, attribute: str) -> bool:
    attribute = attribute.lower()
    return attribute in GLOBAL_ATTRIBUTES or attribute in TAG_ATTRIBUTES.get(
        tag.lower(), ()
    )


def url_allowed(url: str) -> bool:
    """A link to this site (relative, or Pelican's {filename}/{static}), or to
    another over http(s), or an e-mail address or a telephone number."""
    value = "".join(url.split()).lower()  # "java\nscript:" is still a scheme
    if value.startswith(("{", "|", "/", "#", "?", ".")):
        return True
    scheme, colon, _rest = value.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # no scheme: a relative address
    return scheme in URL_SCHEMES


def clean(html: str) -> str:
    """`html` with only the allowed tags, attributes and link schemes; the HTML
    Markdown writes from plain Markdown comes out as it went in."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={
            "*": set(GLOBAL_ATTRIBUTES),
            **{tag: set(names) for tag, names in TAG_ATTRIBUTES.items()},
        },
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
