"""The NukeViet import on a generated old site: how long `invoke import-nukeviet`
takes for N articles read from a real MariaDB server.

The generator fills NukeViet's own tables (testbed/nukeviet_site.py) with articles
made of the corpus's Vietnamese sentences, in the HTML NukeViet's editor writes
(justified paragraphs, bold, pictures from uploads/, links to earlier articles by
their old addresses, now and then a table), a tenth of them translated, and
documents of the laws module. The import then runs twice, as a person runs it:
into empty sources, and again over what it wrote (nothing to do).
"""

import datetime
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sitebuild.checks.articles import slugify
from testbed.corpus import CATEGORIES, _Writer, png_image
from testbed.mariadb_server import mariadb_server
from testbed.nukeviet_site import new_site

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION_START = "<!-- nukeviet-import: written by `invoke bench-import` -->"
SECTION_END = "<!-- /nukeviet-import -->"
IMAGES = 40
BATCH = 1000


@dataclass(frozen=True)
class ImportSpec:
    articles: int = 10_000
    translated_share: float = 0.1
    documents_share: float = 0.05
    seed: int = 20201201


def generate(site, spec: ImportSpec) -> dict[str, int]:
    """Fill the database (and its uploads folder) with the spec's old site."""
    rng = random.Random(spec.seed)
    writer = _Writer(rng)
    for lang in ("vi", "en"):
        site.create_module(lang, "news", "news")
    site.create_module("vi", "laws", "laws")
    categories = {
        lang: [
            (site.category(lang, titles[index], slugify(titles[index])), titles[index])
            for titles in CATEGORIES
        ]
        for index, lang in enumerate(("vi", "en"))
    }
    for number in range(IMAGES):
        site.upload(f"news/bench/anh-{number}.png", png_image(number))
    rows, details, tags, english = [], [], [], []
    addresses: list[str] = []  # the old address of each article so far
    start = datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC).timestamp()
    for row_id in range(1, spec.articles + 1):
        (title, title_en) = writer.title()
        alias = slugify(title)
        cat_index = rng.randrange(len(CATEGORIES))
        cat_id = categories["vi"][cat_index][0]
        when = int(start + row_id * 3600 * 6 + rng.randrange(3600))
        paragraphs = [writer.paragraph() for _ in range(rng.randint(4, 10))]
        body = _body([p[0] for p in paragraphs], rng, addresses)
        addresses.append(
            f"/news/{slugify(categories['vi'][cat_index][1])}/{alias}-{row_id}.html"
        )
        rows.append(_row(row_id, cat_id, title, alias, when, writer.sentence()[0]))
        translated = rng.random() < spec.translated_share
        details.append(
            {
                "id": row_id,
                "description": "",
                "bodyhtml": body,
                "sourcetext": "Báo Kon Tum",
                "localization": (
                    f'{{"en":"/en/news/{slugify(categories["en"][cat_index][1])}/'
                    f'{slugify(title_en)}-{row_id}.html"}}'
                    if translated
                    else None
                ),
            }
        )
        for word in rng.sample(range(30), rng.randint(1, 3)):
            tags.append({"id": row_id, "tid": word + 1, "keyword": f"chủ đề {word}"})
        if translated:
            english.append(
                (
                    _row(
                        row_id,
                        categories["en"][cat_index][0],
                        title_en,
                        slugify(title_en),
                        when,
                        writer.sentence()[1],
                    ),
                    {
                        "id": row_id,
                        "description": "",
                        "bodyhtml": "".join(f"<p>{p[1]}</p>" for p in paragraphs),
                    },
                )
            )
    site.insert_many(
        "vi_news_tags",
        [
            {"tid": n + 1, "title": f"chủ đề {n}", "alias": f"chu-de-{n}"}
            for n in range(30)
        ],
    )
    for table, batch in (
        ("vi_news_rows", rows),
        ("vi_news_detail", details),
        ("vi_news_tags_id", tags),
        ("en_news_rows", [row for row, _detail in english]),
        ("en_news_detail", [detail for _row, detail in english]),
    ):
        for first in range(0, len(batch), BATCH):
            if batch[first : first + BATCH]:
                site.insert_many(table, batch[first : first + BATCH])
    documents = _documents(site, rng, writer, int(spec.articles * spec.documents_share))
    return {"vi": len(rows), "en": len(english), "documents": documents}


def _row(row_id, cat_id, title, alias, when, lead) -> dict:
    return {
        "id": row_id,
        "catid": cat_id,
        "listcatid": str(cat_id),
        "title": title,
        "alias": alias,
        "publtime": when,
        "addtime": when,
        "hometext": lead,
        "status": 1,
        "author": "Phóng viên",
    }


def _body(paragraphs: list[str], rng: random.Random, earlier: list[str]) -> str:
    parts = []
    for index, text in enumerate(paragraphs):
        if index == 1 and rng.random() < 0.4:
            words = text.split(" ")
            cut = rng.randint(1, max(1, len(words) // 3))
            text = f"<strong>{' '.join(words[:cut])}</strong> {' '.join(words[cut:])}"
        parts.append(f'<p style="text-align: justify;">{text}&nbsp;</p>')
    if rng.random() < 0.35:
        number = rng.randrange(IMAGES)
        parts.insert(
            1,
            f'<p style="text-align: center;"><img alt="Ảnh {number}" '
            f'src="/uploads/news/bench/anh-{number}.png" width="600" /></p>',
        )
    if earlier and rng.random() < 0.25:
        parts.append(f'<p>Xem thêm: <a href="{rng.choice(earlier)}">bài trước</a></p>')
    if rng.random() < 0.05:
        parts.append(
            "<table><tr><th>Năm</th><th>Số liệu</th></tr>"
            f"<tr><td>{rng.randint(2010, 2025)}</td><td>{len(earlier)}</td></tr>"
            "</table>"
        )
    return "\n".join(parts)


def _documents(site, rng: random.Random, writer: _Writer, count: int) -> int:
    kind = site.laws_list("cat", "Hướng dẫn", "huong-dan")
    issuer = site.laws_list("subject", "Ban Tuyên giáo Tỉnh ủy Kon Tum")
    rows = []
    for number in range(1, count + 1):
        title = writer.title()[0]
        rows.append(
            {
                "title": title,
                "alias": f"{slugify(title)}-{number}",
                "code": f"HD.{number}.BTGTU",
                "cid": kind,
                "sid": issuer,
                "note": "",
                "introtext": writer.sentence()[0],
                "bodytext": "",
                "keywords": "",
                "groups_view": "6" if rng.random() < 0.9 else "4",
                "groups_download": "6",
                "files": "",
                "status": 1,
                "approval": 1,
                "addtime": 1_600_000_000 + number * 3600,
                "edittime": 0,
                "view_hits": rng.randrange(1000),
                "download_hits": rng.randrange(500),
            }
        )
    for first in range(0, len(rows), BATCH):
        site.insert_many("vi_laws_row", rows[first : first + BATCH])
    return len(rows)


@dataclass
class Timing:
    wall: float
    cpu: float
    output: str


def _timed_import(site, content: Path, data: Path, redirects: Path) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "import-nukeviet",
            "--database",
            site.url,
            "--prefix",
            site.prefix,
            "--uploads",
            str(site.uploads),
            "--content",
            str(content),
            "--data",
            str(data),
            "--redirects",
            str(redirects),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu, done.stdout)


def run(spec: ImportSpec, keep: Path | None = None, results: Path = RESULTS) -> str:
    """Generate, import twice, write the figures into `results`; the table."""
    work = keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        with mariadb_server(work / "database") as server:
            site = new_site(server, work)
            started = time.perf_counter()
            counts = generate(site, spec)
            generated = time.perf_counter() - started
            content, data = work / "content", work / "data"
            shutil.rmtree(content, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)
            content.mkdir()
            data.mkdir()
            shutil.copy(ROOT / "data" / "document-kinds.yaml", data)
            redirects = work / "nukeviet-redirects.map"
            first = _timed_import(site, content, data, redirects)
            again = _timed_import(site, content, data, redirects)
            site.connection.close()
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    text = _table(spec, counts, generated, first, again)
    _write_section(results, text)
    return text


def _first_line(output: str, start: str) -> str:
    return next((line for line in output.splitlines() if line.startswith(start)), "")


def _table(spec, counts, generated, first: Timing, again: Timing) -> str:
    per_article = first.wall / max(1, counts["vi"] + counts["en"]) * 1000
    unchanged = _first_line(again.output, "Articles:")
    mapped = _first_line(first.output, "Old addresses redirected:")
    mapped = mapped.split(": ", 1)[-1].split(" (")[0]
    load = os.getloadavg()[0]
    lines = [
        "## NukeViet import",
        "",
        f"`invoke bench-import --articles {spec.articles}` (seed {spec.seed}), "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average "
        f"{load:.1f} at the end. The old site: {counts['vi']} Vietnamese articles, "
        f"{counts['en']} English versions, {counts['documents']} documents, in "
        f"MariaDB on this machine (generated in {generated:.0f} s).",
        "",
        "| Figure | Measured | Target | Verdict |",
        "| --- | --- | --- | --- |",
        f"| First import, wall (read, convert, write, map, the site's checks) | "
        f"{first.wall:.1f} s ({per_article:.1f} ms per article; CPU {first.cpu:.1f} s)"
        f" | minutes, not hours | {'PASS' if first.wall < 600 else 'MISS'} |",
        f"| Second import, nothing changed, wall | {again.wall:.1f} s "
        f"(CPU {again.cpu:.1f} s) | — | — |",
        f"| First import's report | {_first_line(first.output, 'Articles:')}; "
        f"{_first_line(first.output, 'Documents:')} | — | — |",
        f"| Second import's report | {unchanged} | all unchanged | "
        f"{'PASS' if ' 0 imported, 0 updated' in unchanged else 'MISS'} |",
        f"| Old addresses in the map | {mapped} | — | — |",
    ]
    return "\n".join(lines) + "\n"


def _write_section(results: Path, text: str) -> None:
    """Put the table between its markers in RESULTS.md, after the hand-written part
    that the build benchmark keeps (its own table above stays as it is)."""
    current = results.read_text(encoding="utf-8") if results.exists() else ""
    section = f"{SECTION_START}\n{text}{SECTION_END}\n"
    if SECTION_START in current and SECTION_END in current:
        head, rest = current.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1].lstrip("\n")
        current = head + section + tail
    else:
        current = current.rstrip("\n") + "\n\n" + section
    results.write_text(current, encoding="utf-8")
