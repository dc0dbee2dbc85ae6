"""What each page type weighs for a reader: measured in Chromium, written as a table
into bench/RESULTS.md (`invoke page-weight`).

A page is loaded at a phone's and a desktop's width, scrolled to its end (so that
lazy pictures load too), and every file it fetched is counted: text (HTML, CSS,
JavaScript, JSON) as gzip -9 compresses it, what a server's compression sends;
pictures apart, as they are (already compressed). The target is the article page:
at most 50 KB of compressed text, pictures not counted.
"""

import gzip
import re
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")
TARGET_KB = 50
WIDTHS = (390, 1366)
BEGIN, END = "<!-- page-weight -->", "<!-- /page-weight -->"


@dataclass(frozen=True)
class Weight:
    """One page at one width."""

    files: int
    text_gzip: int  # bytes, gzip -9 of each text file
    pictures: int  # how many
    picture_bytes: int


def measure(browser, base: str, path: str, width: int) -> Weight:
    """Load `path` at `width` in a fresh context (empty cache) and weigh it."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    bodies: dict[str, tuple[str, bytes]] = {}

    def keep(response):
        if response.url.startswith(base) and response.ok:
            kind = response.headers.get("content-type", "")
            with suppress(Exception):  # a response without a body (a redirect)
                bodies[response.url] = (kind, response.body())

    page.on("response", keep)
    page.goto(base + path)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    context.close()
    text = pictures = picture_bytes = 0
    for kind, body in bodies.values():
        if kind.startswith(TEXT_TYPES):
            text += len(gzip.compress(body, 9))
        elif kind.startswith("image/"):
            pictures += 1
            picture_bytes += len(body)
    return Weight(len(bodies), text, pictures, picture_bytes)


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def table(rows: list[tuple[str, str, dict[int, Weight]]]) -> str:
    """The Markdown table of (site, page type, {width: weight})."""
    lines = [
        "| Site | Page | Text, gzip (390 px / 1366 px) | Pictures at 390 px "
        "| Pictures at 1366 px | Verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for site, name, weights in rows:
        phone, desktop = weights[WIDTHS[0]], weights[WIDTHS[1]]
        heaviest = max(phone.text_gzip, desktop.text_gzip)
        verdict = "—"
        if name.startswith("article"):
            verdict = "PASS" if heaviest <= TARGET_KB * 1024 else "MISS"
        lines.append(
            f"| {site} | {name} | {_kb(phone.text_gzip)} / {_kb(desktop.text_gzip)} "
            f"| {phone.pictures} ({_kb(phone.picture_bytes)}) "
            f"| {desktop.pictures} ({_kb(desktop.picture_bytes)}) | {verdict} |"
        )
    return "\n".join(lines)


def replace_section(results: Path, text: str) -> None:
    """Put `text` between the page-weight markers of the results file (kept there
    when the search and build benchmark rewrites the rest)."""
    current = results.read_text(encoding="utf-8") if results.exists() else ""
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current and END in current:
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        updated = pattern.sub(lambda _match: block, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + block + "\n"
    results.write_text(updated, encoding="utf-8")


def fresh_copy(source: Path) -> Path:
    """A copy of a site's sources to draw pictures into."""
    target = Path(tempfile.mkdtemp(prefix="page-weight-")) / source.name
    shutil.copytree(source, target)
    return target
