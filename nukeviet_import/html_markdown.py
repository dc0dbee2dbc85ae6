"""An article body as NukeViet stores it (HTML from its editor) to Markdown.

markdownify does the conversion; this module decides what may pass. Nothing that
runs or loads from elsewhere survives (scripts, styles, event attributes, frames,
javascript: links, images from other sites: the site's Content-Security-Policy would
block them anyway), and whatever cannot be carried over as it was is named in the
returned problems, so that a person can look at it: frames and embedded video
(replaced by a link), tables with merged cells, pictures whose file is missing.
Where links and pictures lead is the caller's business (`resolve`).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import ATX, MarkdownConverter, chomp

from .markdown_text import escape_text, link_address, link_title

# Gone with everything inside: they run, style, or are not part of the text.
REMOVED = {
    "script": "script removed",
    "style": "style sheet removed",
    "noscript": None,
    "template": None,
    "head": None,
    "title": None,
    "meta": None,
    "link": None,
    "base": None,
    "form": "form removed",
    "input": None,
    "button": None,
    "select": None,
    "textarea": None,
    "svg": "drawing (svg) left out",
    "math": "formula (MathML) left out",
    "canvas": "drawing (canvas) left out",
    "applet": "applet removed",
    "frameset": "frames removed",
    "frame": "frames removed",
}
# Things that show another page or a player: replaced by a link to what they show.
EMBEDDED = ("iframe", "object", "embed", "video", "audio")
BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
    "center",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "[document]",
}
EDGE_SPACE = " \t\r\n\xa0"
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
MANY_NEWLINES = re.compile(r"\n{3,}")
TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


@dataclass(frozen=True)
class Target:
    """Where a link or a picture of the body leads in the new site.

    `link`: the address to write (None: keep the text, drop the link or picture);
    `external`: a picture from another site, written as a link to it;
    `problem`: what a person should look at, if anything.
    """

    link: str | None
    problem: str | None = None
    external: bool = False


# resolve(address as written in the HTML, "link" or "image") -> Target
Resolve = Callable[[str, str], Target]


@dataclass
class Converted:
    markdown: str
    problems: list[str] = field(default_factory=list)


def convert_body(html: str, resolve: Resolve) -> Converted:
    """The Markdown of one body, and what could not be carried over faithfully."""
    converter = _BodyConverter(resolve)
    soup = BeautifulSoup(html or "", "html.parser")
    markdown = converter.convert_soup(soup)
    markdown = unicodedata.normalize("NFC", markdown)
    markdown = MANY_NEWLINES.sub("\n\n", TRAILING_SPACE.sub(_keep_line_break, markdown))
    markdown = markdown.strip("\n")
    problems = list(dict.fromkeys(converter.problems))  # each once, in order
    return Converted(markdown + "\n" if markdown else "", problems)


def _keep_line_break(match: re.Match) -> str:
    """Trailing spaces go, except the two that make a line break (<br>)."""
    return "  " if match.group(0) == "  " else ""


def _starts_line(node) -> bool:
    """Whether the text of `node` comes first on its Markdown line."""
    while node is not None:
        previous = node.previous_sibling
        while previous is not None and _is_blank(previous):
            previous = previous.previous_sibling
        if previous is not None:
            return isinstance(previous, Tag) and (
                previous.name == "br" or previous.name in BLOCKS
            )
        node = node.parent
        if node is None or node.name in BLOCKS:
            return True
    return True


def _is_blank(node) -> bool:
    if isinstance(node, Comment):
        return True
    return isinstance(node, NavigableString) and not node.strip(EDGE_SPACE)


class _BodyConverter(MarkdownConverter):
    def __init__(self, resolve: Resolve):
        super().__init__(
            heading_style=ATX,
            bullets="-",
            escape_asterisks=False,
            escape_underscores=False,
            escape_misc=False,
            autolinks=False,
            wrap=True,  # with no width: whitespace (newlines too) is one space
            wrap_width=None,
            sup_symbol="<sup>",
            sub_symbol="<sub>",
            keep_inline_images_in=["td", "th"],
        )
        self.resolve = resolve
        self.problems: list[str] = []

    # Before markdownify sees the tree --------------------------------------

    def convert_soup(self, soup):
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for tag in soup.find_all(list(REMOVED)):
            if tag.parent is None and tag is not soup:
                continue  # inside one removed already
            if REMOVED[tag.name]:
                self.problems.append(REMOVED[tag.name])
            tag.decompose()
        for tag in soup.find_all(EMBEDDED):
            if tag.parent is not None:
                self._replace_embedded(soup, tag)
        for table in soup.find_all("table"):
            self._prepare_table(soup, table)
        return super().convert_soup(soup)

    def _replace_embedded(self, soup, tag: Tag) -> None:
        source = tag.get("src") or tag.get("data") or ""
        if not source:
            inner = tag.find(["source", "embed"], src=True)
            source = inner["src"] if inner else ""
        source = source.strip()
        if source.startswith("//"):
            source = "https:" + source
        what = "embedded video" if tag.name in ("video", "object", "embed") else "frame"
        if tag.name == "iframe" and re.search(
            r"youtube|vimeo|facebook\.com/plugins/video", source
        ):
            what = "embedded video"
        if source.lower().startswith(("http:", "https:")):
            self.problems.append(f"{what} ({source}) replaced by a link to it")
            paragraph = soup.new_tag("p")
            link = soup.new_tag("a", href=source)
            link.string = source
            paragraph.append(link)
            tag.replace_with(paragraph)
        else:
            self.problems.append(f"{what} left out (no address it shows)")
            tag.decompose()

    def _prepare_table(self, soup, table: Tag) -> None:
        rows = [
            row for row in table.find_all("tr") if row.find_parent("table") is table
        ]
        if table.find_parent("table") is not None:
            self.problems.append("table inside a table: its cells run together")
        cells = [_cells(row) for row in rows]
        spanned = any(
            _span(cell, "colspan") > 1 or _span(cell, "rowspan") > 1
            for row in cells
            for cell in row
        )
        if rows and not spanned and all(len(row) == 1 for row in cells):
            # a frame for a picture and its caption, not a table of data
            blocks = []
            for (cell,) in cells:
                cell.name = "div"
                cell.attrs = {}
                blocks.append(cell.extract())
            table.replace_with(*blocks)
            return
        if spanned:
            self.problems.append(
                "table with merged cells: written with one cell per column, "
                "the merged ones empty"
            )
            _unmerge(soup, rows)

    # Conversions -----------------------------------------------------------

    def escape(self, text, parent_tags):
        return text  # done in process_text, which knows where the text stands

    def process_text(self, el, parent_tags=None):
        parent_tags = parent_tags or set()
        if "_noformat" in parent_tags or "pre" in parent_tags:
            return super().process_text(el, parent_tags)
        text = super().process_text(el, parent_tags)
        return escape_text(text, at_line_start=_starts_line(el))

    def convert_a(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        prefix, suffix, text = chomp(text)
        if not text:
            return ""
        href = (el.get("href") or "").strip()
        if not href:
            return prefix + text + suffix
        if href.startswith("#"):
            self.problems.append(f"link to a place in the old page ({href}) left out")
            return prefix + text + suffix
        lowered = href.lower()
        if ":" in lowered.split("/")[0] and not lowered.startswith(SAFE_SCHEMES):
            self.problems.append(f"{lowered.split(':')[0]}: link removed")
            return prefix + text + suffix
        target = self.resolve(href, "link")
        if target.problem:
            self.problems.append(target.problem)
        if target.link is None:
            return prefix + text + suffix
        title = el.get("title")
        title_part = link_title(title) if title else ""
        return f"{prefix}[{text}]({link_address(target.link)}{title_part}){suffix}"

    def convert_img(self, el, text, parent_tags):
        source = (el.get("src") or "").strip()
        alt = " ".join((el.get("alt") or "").split())
        if "_inline" in parent_tags and el.parent.name not in ("td", "th"):
            return escape_text(alt, at_line_start=False)
        if not source:
            return ""
        if source.lower().startswith("data:"):
            self.problems.append("picture embedded as data left out")
            return ""
        if ":" in source.lower().split("/")[0] and not source.lower().startswith(
            ("http:", "https:")
        ):
            self.problems.append(f"{source.split(':')[0]}: picture removed")
            return ""
        target = self.resolve(source, "image")
        if target.problem:
            self.problems.append(target.problem)
        if target.link is None:
            return ""
        label = escape_text(alt, at_line_start=False)
        if target.external:
            label = label or escape_text(target.link, at_line_start=False)
            return f"[{label}]({link_address(target.link)})"
        title = el.get("title")
        title_part = link_title(title) if title else ""
        return f"![{label}]({link_address(target.link)}{title_part})"

    def convert_p(self, el, text, parent_tags):
        return super().convert_p(el, text.strip(EDGE_SPACE), parent_tags)

    def convert_div(self, el, text, parent_tags):
        return super().convert_div(el, text.strip(EDGE_SPACE), parent_tags)

    convert_center = convert_div
    convert_figure = convert_div
    convert_article = convert_div
    convert_section = convert_div

    def convert_list(self, el, text, parent_tags):
        converted = super().convert_list(el, text, parent_tags)
        previous = el.previous_sibling
        while previous is not None and _is_blank(previous):
            previous = previous.previous_sibling
        if "li" not in parent_tags and getattr(previous, "name", None) in ("ul", "ol"):
            # Python-Markdown joins two lists in a row into one: a comment parts them
            converted = "\n\n<!-- -->\n" + converted
        return converted

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el, text, parent_tags):
        return super().convert_li(el, text.strip(EDGE_SPACE), parent_tags)

    def convert_hN(self, n, el, text, parent_tags):
        return super().convert_hN(n, el, text.strip(EDGE_SPACE), parent_tags)

    def convert_td(self, el, text, parent_tags):
        return super().convert_td(el, text.strip(EDGE_SPACE), parent_tags)

    def convert_th(self, el, text, parent_tags):
        return super().convert_th(el, text.strip(EDGE_SPACE), parent_tags)


def _cells(row: Tag) -> list[Tag]:
    return [
        child
        for child in row.children
        if isinstance(child, Tag) and child.name in ("td", "th")
    ]


def _span(cell: Tag, name: str) -> int:
    value = str(cell.get(name, "1")).strip()
    return max(1, min(100, int(value))) if value.isdigit() else 1


def _unmerge(soup, rows: list[Tag]) -> None:
    """Give every row one cell per column: a merged cell keeps its text in its first
    place, and empty cells fill the others (below it and beside it)."""
    below: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for row in rows:
        placed: list[Tag] = []
        column = 0
        for cell in _cells(row):
            while below.get(column, 0) > 0:
                below[column] -= 1
                placed.append(soup.new_tag(cell.name))
                column += 1
            across, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for attribute in ("colspan", "rowspan"):
                cell.attrs.pop(attribute, None)
            placed.append(cell.extract())
            placed += [soup.new_tag(cell.name) for _ in range(across - 1)]
            for offset in range(across):
                if down > 1:
                    below[column + offset] = down - 1
            column += across
        while any(count > 0 for at, count in below.items() if at >= column):
            if below.get(column, 0) > 0:
                below[column] -= 1
            placed.append(soup.new_tag("td"))
            column += 1
        row.clear()
        for cell in placed:
            row.append(cell)
