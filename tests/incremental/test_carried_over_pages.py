"""Rebuilds take what did not change from the previous output, and equal a clean
build: a run left out, the pages a run after body edits does not render."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_logging_build, run_script

from testbed import corpus
from testbed.trees import compare_trees, write_files

pytestmark = pytest.mark.slow

# Builds like `invoke build`, in a subprocess; every template render (in either
# language's process) adds the page's name to RENDERED, so a test sees which pages
# were rendered and which were taken from the previous output.
BUILD = """
import sys
from pathlib import Path

import jinja2

from sitebuild.build import BuildRequest, main

content, data, output, settings, rendered = map(Path, sys.argv[1:6])
render = jinja2.Template.render


def logged(self, *args, **kwargs):
    name = args[0].get("output_file") if args and isinstance(args[0], dict) else None
    if name:
        with rendered.open("a", encoding="utf-8") as log:
            log.write(f"{name}\\n")
    return render(self, *args, **kwargs)


jinja2.Template.render = logged
if "--messages" in sys.argv:  # what the runs say, on stderr
    import logging

    logging.basicConfig(level=logging.INFO, format="%(message)s")
sys.exit(main(BuildRequest(content, data, output, settings)))
"""
SPEC = corpus.CorpusSpec(articles=60, translated_share=0.3, documents=12, images=3)
KINDS = (ROOT / "data" / "document-kinds.yaml").read_text(encoding="utf-8")


def build(site: Path, output: Path, settings: str = "settings") -> set[str]:
    """Build `site` into `output` with the site's settings; the pages rendered."""
    log = output.parent / f"{output.name}.rendered"
    settings_file = site / settings / "pelicanconf.py"
    return set(run_logging_build(BUILD, site, output, settings_file, log))


def clean_build(site: Path, output: Path, settings: str = "settings") -> set[str]:
    """A build without content cache or previous output."""
    shutil.rmtree(site / settings / ".cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    return build(site, output, settings)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A small generated site (pages of listings, translations, documents) and
    settings of its own, so that its content cache is its own."""
    folder = tmp_path_factory.mktemp("reuse") / "site"
    write_files(folder, corpus.generate(SPEC, KINDS))
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    text += f"\nTHEME = {str(ROOT / 'theme')!r}\n"
    # The clean builds compared with rebuilds have settings (and a cache) apart.
    for name in ("settings", "settings-clean"):
        (folder / name / "content").mkdir(parents=True)  # PATH must exist
        (folder / name / "pelicanconf.py").write_text(text, encoding="utf-8")
    return folder


def article(site: Path, number: int) -> Path:
    return next((site / "content").glob(f"*/tin-{number:05d}.md"))


def pages_saying(output: Path, text: str) -> set[str]:
    """The article pages of `output` (vi and en) whose HTML contains `text`."""
    return {
        page.relative_to(output).as_posix()
        for page in output.glob("**/tin-tuc/*/index.html")
        if text in page.read_text(encoding="utf-8")
    } | {
        page.relative_to(output).as_posix()
        for page in output.glob("tin-tuc/*/index.html")
        if text in page.read_text(encoding="utf-8")
    }


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^Title:.*$", f"Title: {title}", text, count=1, flags=re.MULTILINE),
        encoding="utf-8",
    )


def build_saying(site: Path, output: Path):
    """Build like build(); (the pages rendered, what the build said, its status)."""
    log = output.parent / f"{output.name}.rendered"
    log.unlink(missing_ok=True)
    settings_file = site / "settings" / "pelicanconf.py"
    done = run_script(
        BUILD, site / "content", site / "data", output, settings_file, log, "--messages"
    )
    rendered = (
        set(log.read_text(encoding="utf-8").splitlines()) if log.exists() else set()
    )
    return rendered, done.stderr, done.returncode


def rebuild_equals_clean(site: Path, output: Path) -> set[str]:
    """Rebuild into `output`; check it against a clean build; the pages rendered."""
    rendered = build(site, output)
    fresh = output.parent / "fresh"
    clean_build(site, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []
    return rendered


def test_rebuilds_render_only_what_an_edit_changes(site, tmp_path):
    output = tmp_path / "output"
    everything = clean_build(site, output)
    assert len(everything) > 100
    assert build(site, output) == set()  # nothing changed: every page reused

    # A page changed in the output since it was built: its run runs again.
    page = sorted(everything)[0]
    with (output / page).open("a", encoding="utf-8") as handle:
        handle.write("<!-- sửa tay -->")
    assert page in build(site, output)
    assert "sửa tay" not in (output / page).read_text(encoding="utf-8")

    # An edit of an article's body: its own page only.
    edited = article(site, 30)
    added_text = "Cập nhật: thêm một đoạn về kết quả hội nghị."
    edited.write_text(
        edited.read_text(encoding="utf-8") + f"\n{added_text}\n", encoding="utf-8"
    )
    rendered = rebuild_equals_clean(site, output)
    assert rendered == pages_saying(output, added_text)
    assert len(rendered) == 1

    # A new title shows in listings, neighbours, feeds: every page is rendered.
    retitle(article(site, 31), "Hội nghị tổng kết công tác thông tin đối ngoại")
    assert len(rebuild_equals_clean(site, output)) > len(everything) // 2

    # An article added, one removed, a document changed: equal to a clean build.
    added = edited.with_name("tin-99999.md")
    shutil.copy(edited, added)
    retitle(added, "Bài mới về chuyển đổi số của tỉnh")
    assert rebuild_equals_clean(site, output)
    untranslated = next(
        path
        for path in sorted((site / "content").glob("*/tin-*.md"))
        if ".en." not in path.name and not path.with_suffix(".en.md").exists()
    )
    untranslated.unlink()
    assert rebuild_equals_clean(site, output)
    record = sorted((site / "data" / "documents").glob("*.yaml"))[3]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("  vi: ", "  vi: Sửa đổi - ", 1), encoding="utf-8")
    assert "Sửa đổi - " in record.read_text(encoding="utf-8")
    assert rebuild_equals_clean(site, output)


def test_a_run_whose_inputs_did_not_change_is_not_run(site, tmp_path):
    """A Vietnamese body is read by the Vietnamese run only: after editing one, the
    English files are the previous build's, even those a run always writes anew."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    clean_build(copy, output)
    vi_feed, en_feed = output / "feeds/all.atom.xml", output / "en/feeds/all.atom.xml"
    before = {feed: feed.stat().st_ino for feed in (vi_feed, en_feed)}

    edited = article(copy, 40)
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8"
    )
    assert len(rebuild_equals_clean(copy, output)) == 1
    assert en_feed.stat().st_ino == before[en_feed]
    assert vi_feed.stat().st_ino != before[vi_feed]

    # An English page changed by hand: the English run runs again, alone.
    page = output / "en" / "index.html"
    with page.open("a", encoding="utf-8") as handle:
        handle.write("<!-- sửa tay -->")
    rendered = build(copy, output)
    assert "en/index.html" in rendered
    assert all(name.startswith("en/") for name in rendered)
    assert "sửa tay" not in page.read_text(encoding="utf-8")
    assert en_feed.stat().st_ino != before[en_feed]


# A build during which an editor saves an article: after the runner read the sources,
# before the runs read them (first thing in each run, once).
EDITING_BUILD = """
import os
import sys
from pathlib import Path

import sitebuild.build as build
from sitebuild.build import BuildRequest, main

content, data, output, settings, edited, done = map(Path, sys.argv[1:])
run = build.run_language


def edit_then_run(*args):
    try:
        os.close(os.open(done, os.O_CREAT | os.O_EXCL))  # the first run only
    except FileExistsError:
        pass
    else:
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("\\nSửa giữa chừng.\\n")
    return run(*args)


build.run_language = edit_then_run
sys.exit(main(BuildRequest(content, data, output, settings)))
"""


def test_a_source_saved_during_a_build_is_read_again_by_the_next(site, tmp_path):
    """The runs may have read the edit or not: the build keeps no record of them, so
    the edit undone afterwards is not hidden by pages kept from it."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    everything = clean_build(copy, output)
    edited = article(copy, 50)
    original = edited.read_bytes()
    retitle(article(copy, 51), "Tin sửa tiêu đề")  # every source is read again
    settings = copy / "settings" / "pelicanconf.py"
    done = run_script(
        EDITING_BUILD,
        copy / "content",
        copy / "data",
        output,
        settings,
        edited,
        tmp_path / "edited-once",
    )
    assert done.returncode == 0, done.stderr
    assert "changed while the site was built" in done.stderr
    assert pages_saying(output, "Sửa giữa chừng.")  # the run read the edit
    edited.write_bytes(original)  # undone: the sources are the first build's again
    assert len(rebuild_equals_clean(copy, output)) == len(everything)


# What a run says when it starts from the last build's content (build/run.py).
FROM_SNAPSHOT = "the content of the last build, with"
FROM_SOURCES = "every source is read"


def add_to_body(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_body_edits_start_from_the_last_builds_content(site, tmp_path):
    """A run after body edits alone reads the edited files, not the 13,000 others;
    edits made since the last full run, a failed build between two, an edit undone,
    all give what a clean build gives."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    clean_build(copy, output)
    first, second = article(copy, 20), article(copy, 21)
    original = first.read_bytes()

    add_to_body(first, "Đoạn thêm thứ nhất.")
    rendered, said, status = build_saying(copy, output)
    assert status == 0, said
    assert FROM_SNAPSHOT in said and FROM_SOURCES not in said
    assert rendered == pages_saying(output, "Đoạn thêm thứ nhất.")
    assert len(rendered) == 1

    # The second edit starts from the same snapshot: the first edit must hold.
    add_to_body(second, "Đoạn thêm thứ hai.")
    rendered, said, status = build_saying(copy, output)
    assert status == 0 and FROM_SNAPSHOT in said, said
    assert rendered == pages_saying(output, "Đoạn thêm thứ hai.")
    fresh = tmp_path / "fresh"
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []

    # A failed build (a body left with a TODO): its file and line; nothing kept.
    first.write_bytes(original)
    add_to_body(second, "TODO viết tiếp")
    rendered, said, status = build_saying(copy, output)
    assert status == 1
    lines = second.read_text(encoding="utf-8").splitlines()
    assert f"{second.name}:{len(lines)}: still a TODO" in said
    assert pages_saying(output, "Đoạn thêm thứ nhất.")  # the output as it was
    # Undone, both: the sources are those of the last successful build but one file.
    second.write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")
    rendered, said, status = build_saying(copy, output)
    assert status == 0 and FROM_SNAPSHOT in said, said
    assert not pages_saying(output, "Đoạn thêm thứ nhất.")
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []


def test_a_body_that_moves_a_file_is_built_from_every_source(site, tmp_path):
    """{attach} puts a file next to the article that links it: the run cannot take
    the rest of the output as it was, and reads everything."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    clean_build(copy, output)
    image = sorted((copy / "content" / "images").rglob("*.*"))[0]
    link = image.relative_to(copy / "content").as_posix()
    add_to_body(article(copy, 22), f"![Ảnh]({{attach}}/{link})")
    rendered, said, status = build_saying(copy, output)
    assert status == 0, said
    assert FROM_SOURCES in said
    fresh = tmp_path / "fresh"
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []


def test_a_body_that_links_a_new_file_builds_as_a_clean_build_does(site, tmp_path):
    """{static} to a file outside STATIC_PATHS makes Pelican copy that file: a
    clean build accepts it, so the rebuild must too, and write the same tree; and
    again once the link is gone."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    pdf = copy / "content" / "tai-lieu" / "ke-hoach.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")  # there, but linked by no article yet
    output = tmp_path / "output"
    clean_build(copy, output)
    assert not (output / "tai-lieu" / "ke-hoach.pdf").exists()
    edited = article(copy, 23)
    original = edited.read_text(encoding="utf-8")
    add_to_body(edited, "[Toàn văn]({static}/tai-lieu/ke-hoach.pdf)")
    rendered, said, status = build_saying(copy, output)
    assert status == 0, said
    assert (output / "tai-lieu" / "ke-hoach.pdf").is_file()
    fresh = tmp_path / "fresh"
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []
    edited.write_text(original, encoding="utf-8")
    rendered, said, status = build_saying(copy, output)
    assert status == 0, said
    assert not (output / "tai-lieu" / "ke-hoach.pdf").exists()
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []


def test_a_new_document_renders_only_what_shows_the_library(site, tmp_path):
    """After a data edit alone, a page that shows the library only through its
    sidebar is the last build's with the sidebar replaced; the library's pages and
    the articles naming documents are rendered; the output is a clean build's."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    everything = clean_build(copy, output)
    write_files(copy, corpus.extra_document(KINDS))
    rendered, said, status = build_saying(copy, output)
    assert status == 0 and FROM_SNAPSHOT in said, said
    assert rendered and len(rendered) < len(everything) // 2
    articles = {page for page in rendered if "/tin-tuc/" in f"/{page}"}
    naming = {
        page
        for page in articles
        if 'class="article-documents' in (output / page).read_text(encoding="utf-8")
    }
    assert articles == naming  # no other article page was rendered
    # the news list's later pages show the new documents in the sidebar only
    later = {page for page in everything if re.match(r"(en/)?trang-\d+/", page)}
    assert later and not later & rendered
    assert "index.html" in rendered  # the home page shows them in its main column
    # A second new document, once the library has its feed (the first one's gave
    # it one: every library page changed): a listing is written again when what it
    # lists or its counts changed, a document's page when its document did.
    second = {
        name.replace("9999", "9998"): data.replace(b"9999", b"9998")
        for name, data in corpus.extra_document(KINDS).items()
    }
    write_files(copy, second)
    rendered, said, status = build_saying(copy, output)
    assert status == 0 and FROM_SNAPSHOT in said, said
    assert "van-ban/loai/cong-van/nam/2025/index.html" in rendered
    others = {
        page
        for page in everything
        if re.match(r"van-ban/loai/[^/]+/nam/\d+/index.html", page)
        and not page.startswith("van-ban/loai/cong-van/")
        and "/nam/2025/" not in page
    }
    assert others and not others & rendered
    documents = {
        page
        for page in rendered
        if re.fullmatch(r"(van-ban|en/documents)/[a-z0-9-]+/index.html", page)
        and not re.search(r"/(loai|nam|kind|year)/", page)
    }
    assert documents == {
        "van-ban/cv-9998-ubnd/index.html",
        "en/documents/cv-9998-ubnd/index.html",
    }
    fresh = tmp_path / "fresh"
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []


def test_a_data_edit_is_checked_against_the_articles(site, tmp_path):
    """After an edit of the data folder alone, the checks read the library and the
    articles' `Documents:` lines (not every article's every line again): a document
    removed while an article names it stops the build, naming the article's line."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    clean_build(copy, output)
    naming = next(
        path
        for path in sorted((copy / "content").rglob("*.md"))
        if "\nDocuments: " in path.read_text(encoding="utf-8")
    )
    line, named = next(
        (number, text.removeprefix("Documents: ").split(",")[0].strip())
        for number, text in enumerate(
            naming.read_text(encoding="utf-8").splitlines(), start=1
        )
        if text.startswith("Documents: ")
    )
    (copy / "data" / "documents" / f"{named}.yaml").unlink()
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    _rendered, said, status = build_saying(copy, output)
    assert status != 0
    where = f"{naming.relative_to(copy).as_posix()}:{line}"
    assert where in said and f"documents: {named!r} is not a document" in said, said
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before


def test_the_publishers_data_file_reaches_every_page_after_a_data_edit(site, tmp_path):
    """The footer shows data/site.yaml: after an edit of it alone, the pages carried
    over from the last build get the new footer (a run-wide region), as a clean
    build writes them."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    clean_build(copy, output)
    (copy / "data" / "site.yaml").write_text(
        "phone: 0260 111 2222\nemail: lienhe@example.org\n", encoding="utf-8"
    )
    rendered, said, status = build_saying(copy, output)
    assert status == 0 and FROM_SNAPSHOT in said, said
    saying = pages_saying(output, "lienhe@example.org")
    assert saying and saying == pages_saying(output, "tin-tuc/")
    assert not saying <= rendered  # most article pages were carried over, patched
    fresh = tmp_path / "fresh"
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []


def test_without_the_last_builds_snapshot_every_source_is_read(site, tmp_path):
    """A run after body edits starts from the content the last full run kept;
    without it, it reads every source and writes every page."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    output = tmp_path / "output"
    everything = clean_build(copy, output)
    for kept in (copy / "settings" / ".cache" / "content").glob("vi-*/context.pickle"):
        kept.unlink()
    add_to_body(article(copy, 23), "Đoạn thêm.")
    rendered, said, status = build_saying(copy, output)
    assert status == 0 and FROM_SNAPSHOT not in said, said
    vi_pages = {page for page in everything if not page.startswith("en/")}
    assert rendered == vi_pages
    fresh = tmp_path / "fresh"
    clean_build(copy, fresh, "settings-clean")
    assert compare_trees(output, fresh) == []
