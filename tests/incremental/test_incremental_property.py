"""The contract of incremental builds, drawn at random: after any sequence of an
editor's changes, a build that starts from the last one accepts exactly what a
clean build accepts and writes exactly its output, byte for byte.

Each example is a sequence of edits to a small bilingual site (articles,
translations, a picture, a file linked from outside STATIC_PATHS, documents, the
kinds, its own copy of the theme); after each edit the site is built twice, once
on from the last build and once from nothing, and the two are compared. Hypothesis
keeps the smallest failing sequence. `PROPERTY_EXAMPLES=200 make test` runs longer.
"""

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitebuild.build import BuildFailed, BuildRequest, build

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "5"))
STEPS = 5
ARTICLES = 5  # bai-0 .. bai-4; bai-0 and bai-1 translated


def png(shade: int) -> bytes:
    rows = b"".join(b"\x00" + bytes((shade, y * 8, 90) * 8) for y in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def article(number: int, extra: str = "") -> str:
    category = ("Thời sự", "Kinh tế")[number % 2]
    slug = f"Slug: bai-so-{number}\n" if number % 2 else ""
    return (
        f"Title: Bài số {number} về thông tin đối ngoại\n"
        f"Date: 2021-0{1 + number % 9}-1{number % 10} 08:00\n"
        f"Category: {category}\nTags: tin {number % 3}, Kon Tum\n{slug}"
        f"Summary: Tóm tắt bài {number}.\n"
        f"{'Documents: hd-1' + chr(10) if number == 2 else ''}"
        f"\nĐoạn đầu của bài {number}.{extra}\n"
    )


def translation(number: int) -> str:
    original = (
        f"bai-so-{number}" if number % 2 else f"bai-so-{number}-ve-thong-tin-doi-ngoai"
    )
    return (
        f"Title: Article {number} on external information\n"
        f"Date: 2021-0{1 + number % 9}-1{number % 10} 08:00\nCategory: News\n"
        f"Translation_of: {original}\n\nFirst paragraph of article {number}.\n"
    )


def document(number: int, title: str = "Hướng dẫn") -> str:
    return (
        f"code: HD.{number}.BTG\nkind: huong-dan\ntitle: {{vi: {title} {number}, "
        f"en: Guidance {number}}}\nissuer: Ban Tuyên giáo Tỉnh ủy\n"
        f"posted: 2026-0{number}-01\nlegacy: {{views: {number * 10}}}\n"
        + ("files: [{path: hd-1.pdf}]\n" if number == 1 else "")
    )


def make_site(folder: Path) -> Path:
    content, data = folder / "content", folder / "data"
    for number in range(ARTICLES):
        write(content / "2021" / f"bai-{number}.md", article(number))
    for number in (0, 1):
        write(content / "2021" / f"bai-{number}.en.md", translation(number))
    (content / "images").mkdir(parents=True)
    (content / "images" / "anh.png").write_bytes(png(10))
    (content / "tai-lieu").mkdir()
    (content / "tai-lieu" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    data.mkdir()
    shutil.copy(ROOT / "data" / "document-kinds.yaml", data / "document-kinds.yaml")
    write(data / "documents" / "hd-1.yaml", document(1))
    write(data / "documents" / "hd-2.yaml", document(2))
    (data / "documents" / "files").mkdir()
    (data / "documents" / "files" / "hd-1.pdf").write_bytes(b"%PDF-1.4\n1\n%%EOF\n")
    shutil.copytree(ROOT / "theme", folder / "theme")
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    text += f"\nTHEME = {str(folder / 'theme')!r}\n"
    for name in ("incremental", "clean"):
        (folder / name / "content").mkdir(parents=True)  # PATH must exist
        (folder / name / "pelicanconf.py").write_text(text, encoding="utf-8")
    return folder


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit_text(path: Path, change) -> None:
    if path.exists():
        write(path, change(path.read_text(encoding="utf-8")))


# Each edit: (name, function(site, n)) with n a number the strategy draws.
def body(site, n):
    edit_text(site / f"content/2021/bai-{n % ARTICLES}.md", lambda t: t + "\nThêm.\n")


def title(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(path, lambda t: t.replace("về thông tin", "về công tác thông tin", 1))


def tags(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(path, lambda t: t.replace("Tags: tin", "Tags: mới, tin", 1))


def no_summary(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(
        path,
        lambda t: "\n".join(
            line for line in t.split("\n") if not line.startswith("Summary:")
        ),
    )


def static_link(site, n):
    target = ("images/anh.png", "tai-lieu/ke-hoach.pdf")[n % 2]
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(path, lambda t: t + f"\n[Tệp]({{static}}/{target})\n")


def filename_link(site, n):
    other = (n + 1) % ARTICLES
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(path, lambda t: t + f"\n[Bài khác]({{filename}}/2021/bai-{other}.md)\n")


def no_links(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(
        path,
        lambda t: "\n".join(
            line
            for line in t.split("\n")
            if "{static}" not in line and "{filename}" not in line
        ),
    )


def add_article(site, n):
    write(site / f"content/2022/moi-{n}.md", article(10 + n % 7))


def delete_article(site, n):
    (site / f"content/2021/bai-{n % ARTICLES}.md").unlink(missing_ok=True)


def rename_article(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    if path.exists():
        path.rename(path.with_name(f"doi-ten-{n}.md"))


def add_translation(site, n):
    number = n % ARTICLES
    write(site / f"content/2021/bai-{number}.en.md", translation(number))


def remove_translation(site, n):
    (site / f"content/2021/bai-{n % 2}.en.md").unlink(missing_ok=True)


def add_document(site, n):
    write(site / f"data/documents/hd-{3 + n % 3}.yaml", document(3 + n % 3))


def change_document(site, n):
    path = site / f"data/documents/hd-{1 + n % 2}.yaml"
    edit_text(path, lambda t: t.replace("Hướng dẫn", "Hướng dẫn mới", 1))


def remove_document(site, n):
    (site / f"data/documents/hd-{1 + n % 2}.yaml").unlink(missing_ok=True)


def restore_document(site, n):
    write(site / f"data/documents/hd-{1 + n % 2}.yaml", document(1 + n % 2))


def kinds(site, n):
    path = site / "data/document-kinds.yaml"
    edit_text(path, lambda t: t.replace("en: Guidance", f"en: Guidance {n}", 1))


def template(site, n):
    path = site / "theme/templates/base.html"
    edit_text(path, lambda t: t.replace("</footer>", f"<!-- {n} --></footer>", 1))


def css(site, n):
    path = site / "theme/static/css/site.css"
    edit_text(path, lambda t: t + f"\n/* {n} */\n")


def touch(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    if path.exists():
        os.utime(path)


def todo(site, n):
    path = site / f"content/2021/bai-{n % ARTICLES}.md"
    edit_text(path, lambda t: t + "\nTODO viết tiếp\n")


def no_todo(site, n):
    for path in (site / "content").rglob("*.md"):
        edit_text(path, lambda t: t.replace("\nTODO viết tiếp\n", "\n"))


EDITS = [
    body, title, tags, no_summary, static_link, filename_link, no_links,
    add_article, delete_article, rename_article, add_translation,
    remove_translation, add_document, change_document, remove_document,
    restore_document, kinds,
    template, css, touch, todo, no_todo,
]  # fmt: skip


def built(site: Path, name: str, output: Path) -> bool:
    """Build the site with the settings of `name` into `output`; whether it built."""
    request = BuildRequest(
        site / "content", site / "data", output, site / name / "pelicanconf.py"
    )
    try:
        build(request)
    except BuildFailed:
        return False
    return True


def tree(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in folder.rglob("*")
        if p.name != ".site-tree"
    }


def differences(first: Path, second: Path) -> list[str]:
    left, right = tree(first), tree(second)
    return sorted(n for n in left.keys() | right.keys() if left.get(n) != right.get(n))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return make_site(tmp_path_factory.mktemp("property") / "pristine")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 20,  # the same sequences on every machine, unless asked
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(EDITS), st.integers(0, 20)),
        min_size=1,
        max_size=STEPS,
    )
)
# Sequences that once broke a rebuild, always tried: a data edit undone by the next
# (the last build's library, not the snapshot's, is what changed is measured from);
# a body edit that adds, then removes, a link to a file outside STATIC_PATHS.
@example([(change_document, 0), (restore_document, 0)])
@example([(static_link, 1), (no_links, 1)])
# every English article removed: an empty feed was dated at the time of the build
@example([(remove_translation, 0), (remove_translation, 3)])
def test_an_incremental_build_is_a_clean_build(pristine, tmp_path_factory, edits):
    work = tmp_path_factory.mktemp("example")
    site = shutil.copytree(pristine, work / "site")
    incremental, clean = work / "incremental", work / "clean"
    assert built(site, "incremental", incremental)
    for number, (edit, value) in enumerate(edits):
        edit(site, value)
        made = built(site, "incremental", incremental)
        shutil.rmtree(site / "clean" / ".cache", ignore_errors=True)
        shutil.rmtree(clean, ignore_errors=True)
        expected = built(site, "clean", clean)
        steps = [f"{e.__name__}({v})" for e, v in edits[: number + 1]]
        assert made == expected, (steps, made, expected)
        if made:
            assert differences(incremental, clean) == [], steps
