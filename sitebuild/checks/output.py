"""Checks of a built site: every internal link leads somewhere, nothing loads from
another host, nothing runs but the site's own scripts, feeds and sitemaps are
well-formed, and the tree holds only files (no link to elsewhere on the machine).
Pure: works on a folder of files.

The public site and the briefers' area are two trees served on one host: a link
from one into the other is checked when the other is published (`elsewhere`).
"""

import json
import os
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

# Attributes whose URL the browser loads (or goes to) by itself: a request to
# another host. "*" stands for any element.
LOADED = {
    ("link", "href"),
    ("link", "imagesrcset"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("source", "src"),
    ("source", "srcset"),
    ("track", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("input", "src"),
    ("form", "action"),
    ("button", "formaction"),
    ("input", "formaction"),
    ("base", "href"),
    ("html", "manifest"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("feimage", "href"),
    ("*", "background"),
    ("*", "ping"),
}
SRCSETS = ("srcset", "imagesrcset")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", re.IGNORECASE)
# The only scripts a page has: the theme's files, and JSON-LD data.
DATA_SCRIPTS = ("application/ld+json", "application/json")


def _css_urls(text: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(text)]


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Page(HTMLParser):
    """Collects ids, links and loaded resources of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        # (tag, url, may lead to another host: in an article's body, or rel=external)
        self.links: list[tuple[str, str, bool]] = []
        self.loaded: list[str] = []
        self.scripts: list[str] = []  # what would run but the theme's own files
        self._depth = 0
        self._body_depth: int | None = None
        self._in_style = self._in_script = False

    def handle_data(self, data):
        if self._in_style:
            self.loaded += _css_urls(data)
        elif self._in_script and data.strip():
            self.scripts.append(f"an inline <script>: {data.strip()[:40]!r}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._in_style = tag == "style"
        self._in_script = (
            tag == "script"
            and (attributes.get("type") or "").lower() not in DATA_SCRIPTS
        )
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.loaded += REFRESH_URL.findall(attributes.get("content") or "")
        for name, value in attrs:
            if name.startswith("on"):
                self.scripts.append(f"<{tag} {name}=...>")
            elif value and "javascript:" in "".join(value.split()).lower():
                self.scripts.append(f"<{tag} {name}={value[:40]!r}>")
        void = tag in ("meta", "link", "img", "br", "hr", "input", "source")
        if not void:
            self._depth += 1
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        if "article-body" in (attributes.get("class") or "").split() and not void:
            self._body_depth = self._depth
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in LOADED or ("*", name) in LOADED:
                urls = (
                    [part.split()[0] for part in value.split(",") if part.split()]
                    if name in SRCSETS
                    else [value]
                )
                self.loaded += urls
                if tag != "form":
                    self.links += [(tag, url, False) for url in urls]
            elif name == "href":
                # An outbound link written in an article, or one the theme marks
                # as meant to leave the site (share links: rel="external").
                outbound = self._body_depth is not None or (
                    tag == "a" and "external" in (attributes.get("rel") or "").split()
                )
                self.links.append((tag, value, outbound))
            elif name == "style":
                self.loaded += _css_urls(value)

    def handle_endtag(self, tag):
        self._in_style = self._in_script = False
        if self._body_depth is not None and self._depth == self._body_depth:
            self._body_depth = None
        self._depth -= 1


def _site_path(url: str, siteurl: str) -> str | None:
    """The site-relative path of an internal URL, or None for another host."""
    if siteurl and url.startswith(siteurl):
        url = url[len(siteurl) :] or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return url


def _target_file(output: Path, page: Path, path: str) -> Path:
    parts = urlsplit(path)
    target = unquote(parts.path)
    if not target:
        return page
    base = output if target.startswith("/") else page.parent
    file = (base / target.lstrip("/")).resolve()
    return file / "index.html" if target.endswith("/") or file.is_dir() else file


def _served_elsewhere(path: str, elsewhere: Callable[[str], bool] | None) -> bool:
    target = urlsplit(path).path
    return elsewhere is not None and target.startswith("/") and elsewhere(target)


def check_output(
    output: Path, siteurl: str = "", elsewhere: Callable[[str], bool] | None = None
) -> list[str]:
    """Every broken link, missing anchor, foreign resource or malformed feed/sitemap.

    `elsewhere(path)` is true of the site paths ("/x/y/") that another tree serves.
    """
    output = output.resolve()
    problems: list[str] = []
    pages: dict[Path, _Page] = {}
    for file in sorted(output.rglob("*.html")):
        parser = _Page()
        parser.feed(file.read_text(encoding="utf-8"))
        pages[file] = parser
    for file, parser in pages.items():
        name = file.relative_to(output)
        problems += [
            f"{name}: runs a script not the site's own: {s}" for s in parser.scripts
        ]
        for url in parser.loaded:
            if _site_path(url, siteurl) is None and not url.startswith("data:"):
                problems.append(f"{name}: loads {url} from another host")
        for tag, url, in_body in parser.links:
            if url.startswith(("mailto:", "tel:", "data:")):
                continue
            path = _site_path(url, siteurl)
            if path is None:
                if not in_body:
                    problems.append(f"{name}: <{tag}> links to another host: {url}")
                continue
            if _served_elsewhere(path, elsewhere):
                continue
            problems += _check_target(
                output, file, path, pages, f"{name}: <{tag}> {url}"
            )
    for file in sorted(output.rglob("*.css")):
        for url in _css_urls(file.read_text(encoding="utf-8")):
            if _site_path(url, siteurl) is None and not url.startswith("data:"):
                problems.append(
                    f"{file.relative_to(output)}: loads {url} from another host"
                )
    for file, urls in _xml_links(output, problems):
        for url in urls:
            path = _site_path(url, siteurl)
            name = f"{file.relative_to(output)}: {url}"
            if path is None:
                problems.append(f"{name} is not a URL of this site")
            elif not _served_elsewhere(path, elsewhere):
                problems += _check_target(
                    output, output / "index.html", path, pages, name
                )
    for file, urls in _json_links(output):
        for url in urls:
            path = _site_path(url, siteurl)
            if path is not None and not _served_elsewhere(path, elsewhere):
                name = f"{file.relative_to(output)}: {url}"
                problems += _check_target(
                    output, output / "index.html", path, pages, name
                )
    return problems


def tree_problems(output: Path, public: bool, members_prefix: str) -> list[str]:
    """What a published tree must never hold: a link to a file elsewhere on the
    machine (a symbolic link, followed by the server), or, in the public tree,
    anything under the briefers' prefix (the address every page links as the
    briefers' sign-in)."""
    problems = []
    top = members_prefix.strip("/")
    for directory, folders, files in os.walk(output):  # links are not followed
        base = Path(directory)
        for entry in sorted(folders + files):
            path = base / entry
            name = path.relative_to(output).as_posix()
            if path.is_symlink():
                problems.append(f"{name} is a symbolic link (to {os.readlink(path)})")
            elif public and (name == top or name.startswith(f"{top}/")):
                problems.append(
                    f"{name} is under /{top}/, the briefers' area: the public site "
                    "writes nothing there"
                )
    return problems


def _check_target(output, page, path, pages, name) -> list[str]:
    target = _target_file(output, page, path)
    if not target.is_file() or output not in target.parents:
        return [f"{name} leads nowhere"]
    fragment = urlsplit(path).fragment
    if fragment and target in pages and unquote(fragment) not in pages[target].ids:
        return [f"{name}: no element with id {fragment!r}"]
    return []


def _xml_links(output: Path, problems: list[str]) -> Iterator[tuple[Path, list[str]]]:
    for file in sorted(output.rglob("*.xml")):
        try:
            root = ElementTree.parse(file).getroot()
        except ElementTree.ParseError as error:
            problems.append(f"{file.relative_to(output)}: not well-formed XML: {error}")
            continue
        urls = [e.get("href") for e in root.iter() if e.get("href")]
        urls += [e.text.strip() for e in root.iter(f"{SITEMAP}loc") if e.text]
        if root.tag == f"{ATOM}feed":
            for required in ("id", "title", "updated"):
                if root.find(f"{ATOM}{required}") is None:
                    problems.append(
                        f"{file.relative_to(output)}: feed without <{required}>"
                    )
        yield file, urls


def _json_links(output: Path) -> Iterator[tuple[Path, list[str]]]:
    for file in sorted(output.rglob("*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except ValueError:
            continue
        yield file, [value for value in _strings(data) if _looks_like_page(value)]


def _strings(data) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _looks_like_page(value: str) -> bool:
    return (
        value.startswith(("/", "http://", "https://"))
        and " " not in value
        and (value.endswith("/") or "." in value.rsplit("/", 1)[-1])
    )


def find_traces(output: Path, needles: dict[str, str]) -> list[str]:
    """Every file of `output` containing one of `needles` ({text: what it is}).

    Reads every file (compressed siblings included, as their decompressed text)
    so that nothing restricted can hide in a file name, a feed, an index or a .gz.
    A needle counts where it stands whole, as an id, a code or a title stands, not
    inside a longer word or name ("kon-tum" is not in "tinh-kon-tum-giai-doan").
    """
    import gzip

    import brotli

    texts = [text for text in needles if text]
    if not texts:
        return []
    alternatives = "|".join(re.escape(text) for text in sorted(texts, key=len)[::-1])
    whole = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    problems = []
    for file in sorted(output.rglob("*")):
        if not file.is_file() or file.is_symlink():
            continue
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.decompress(data)
        elif file.suffix == ".br":
            data = brotli.decompress(data)
        name = file.relative_to(output).as_posix()
        text = data.decode("utf-8", "replace")
        found = {match.group(0) for match in whole.finditer(f"{name}\n{text}")}
        problems += [f"{name}: contains {needles[needle]}" for needle in sorted(found)]
    return problems
