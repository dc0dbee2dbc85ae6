"""Which runs an edit concerns: a run's digest covers what it reads, nothing more."""

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, run_build

from sitebuild.state import inputs

SETTINGS = {
    "FILENAME_METADATA": r".+\.(?P<lang>en|vi)",
    "DEFAULT_METADATA": {"lang": "vi"},
}
VI = "Title: Hội nghị\nDate: 2020-12-01 09:16\n\nNội dung bài viết.\n"
EN = "Title: Conference\nDate: 2020-12-01 09:16\n\nThe article's text.\n"
EXPLICIT_EN = "Title: Visit\nLang: en\nDate: 2020-12-02 08:00\n\nA visit.\n"


@pytest.fixture
def site(tmp_path) -> Path:
    files = {
        "content/2020/hoi-nghi.md": VI,
        "content/2020/hoi-nghi.en.md": EN,
        "content/2020/visit.md": EXPLICIT_EN,
        "content/images/anh.jpg": "JPEG",
        "data/documents/hd-59.yaml": "code: 59/HD-UBND\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def digests(site: Path, known: dict | None = None) -> tuple[dict, dict]:
    sources = inputs.scan(
        {"content": site / "content", "data": site / "data"}, known or {}
    )
    return sources, {
        lang: inputs.run_digest({**SETTINGS, "DEFAULT_LANG": lang}, "", sources)
        for lang in ("vi", "en")
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def changed(before: dict, after: dict) -> set[str]:
    return {lang for lang in before if before[lang] != after[lang]}


@pytest.mark.parametrize(
    ("name", "old", "new", "concerned"),
    [
        # A body is read by its own language's run only; a header by every run.
        ("content/2020/hoi-nghi.md", "Nội dung", "Nội dung mới", {"vi"}),
        ("content/2020/hoi-nghi.md", "Hội nghị", "Hội nghị tổng kết", {"vi", "en"}),
        ("content/2020/hoi-nghi.en.md", "article's", "article’s", {"en"}),
        ("content/2020/visit.md", "A visit", "A short visit", {"en"}),
        ("content/2020/visit.md", "Lang: en", "Lang: vi", {"vi", "en"}),
        # Files other than Markdown, and data, are read whole by every run.
        ("content/images/anh.jpg", "JPEG", "JPEG2", {"vi", "en"}),
        ("data/documents/hd-59.yaml", "59/HD", "60/HD", {"vi", "en"}),
    ],
)
def test_an_edit_concerns_the_runs_that_read_it(site, name, old, new, concerned):
    _, before = digests(site)
    edit(site / name, old, new)
    _, after = digests(site)
    assert changed(before, after) == concerned


def pages_digests(site: Path) -> dict:
    sources, _ = digests(site)
    return {
        lang: inputs.run_digest(
            {**SETTINGS, "DEFAULT_LANG": lang}, "", sources, bodies=False
        )
        for lang in ("vi", "en")
    }


@pytest.mark.parametrize(
    ("name", "old", "new", "concerned"),
    [
        # What every page but an article's own shows: no body counts.
        ("content/2020/hoi-nghi.md", "Nội dung", "Nội dung mới", set()),
        ("content/2020/visit.md", "A visit", "A short visit", set()),
        ("content/2020/hoi-nghi.md", "Hội nghị", "Hội nghị tổng kết", {"vi", "en"}),
        ("content/images/anh.jpg", "JPEG", "JPEG2", {"vi", "en"}),
        ("data/documents/hd-59.yaml", "59/HD", "60/HD", {"vi", "en"}),
    ],
)
def test_the_pages_digest_counts_headers_only(site, name, old, new, concerned):
    before = pages_digests(site)
    edit(site / name, old, new)
    assert changed(before, pages_digests(site)) == concerned


def test_new_and_removed_files_concern_every_run(site):
    _, before = digests(site)
    (site / "content/2020/hoi-nghi.en.md").unlink()
    _, removed = digests(site)
    assert changed(before, removed) == {"vi", "en"}
    (site / "content/2020/moi.md").write_text(VI, encoding="utf-8")
    _, added = digests(site)
    assert changed(removed, added) == {"vi", "en"}


def test_a_blank_line_ends_the_header_as_markdown_sees_it(site):
    path = site / "content/2020/hoi-nghi.md"
    _, before = digests(site)
    # Windows line ends and a BOM: the same header, another body.
    path.write_bytes(b"\xef\xbb\xbf" + VI.replace("\n", "\r\n").encode())
    _, after = digests(site)
    assert changed(before, after) == {"vi"}


def test_only_files_whose_size_times_or_inode_changed_are_read_again(site, monkeypatch):
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # no file is "too recent"
    path = site / "content/2020/hoi-nghi.md"
    key = "content/2020/hoi-nghi.md"
    sources, _ = digests(site)
    # As scanned: the known entry stands (the file is not read).
    assert digests(site, sources)[0][key] is sources[key]
    # Edited, same size, its modification time put back (rsync -a, cp -p, tar):
    # its change time tells; read again.
    before = path.stat()
    edit(path, "Nội dung", "Nội_dung")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    again, _ = digests(site, sources)
    assert again[key][inputs.WHOLE] != sources[key][inputs.WHOLE]
    # Replaced by another file with the same size and times: another inode.
    replaced, _ = digests(site)
    copy = path.with_name("copy.tmp")
    shutil.copy2(path, copy)
    os.replace(copy, path)
    assert digests(site, replaced)[0][key] is not replaced[key]


def test_a_file_changed_just_before_the_scan_is_read_again_next_time(site):
    """It may change again within the same tick of the clock, same size and time."""
    path = site / "content/2020/hoi-nghi.md"
    sources, before = digests(site)
    key = "content/2020/hoi-nghi.md"
    assert sources[key][inputs.MTIME] is None
    stat = path.stat()
    edit(path, "Nội dung", "Nội_dung")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _, after = digests(site, sources)
    assert changed(before, after) == {"vi"}


def test_a_record_stands_only_while_its_files_are_as_written(tmp_path):
    output = tmp_path / "output"
    (output / "en").mkdir(parents=True)
    page = output / "en" / "index.html"
    page.write_text("<p>Home</p>", encoding="utf-8")
    states = inputs.written_states(output)
    assert list(states) == ["en/index.html"]
    record = inputs.RunRecord(os.path.realpath(output), "d", states)
    path = tmp_path / "cache" / inputs.RECORD_FILE
    inputs.save(path, record)
    loaded = inputs.load(path)
    assert loaded == record and loaded.intact(output)
    assert not loaded.intact(tmp_path / "elsewhere")
    time.sleep(0.01)
    page.write_text("<p>Home!</p>", encoding="utf-8")
    assert not loaded.intact(output)
    page.unlink()
    assert not loaded.intact(output)


@pytest.mark.slow
def test_invoke_build_says_which_runs_it_left_out(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "news" / "content", content)
    data, output = FIXTURES / "news" / "data", tmp_path / "output"
    first = run_build(content, data, output)
    assert first.returncode == 0, first.stderr
    assert "nothing it reads changed" not in first.stderr
    vietnamese = next(p for p in sorted(content.rglob("*.md")) if ".en." not in p.name)
    with vietnamese.open("a", encoding="utf-8") as handle:
        handle.write("\nMột đoạn mới.\n")
    second = run_build(content, data, output)
    assert second.returncode == 0, second.stderr
    assert "[en] nothing it reads changed since the last build" in second.stderr
    assert "[vi] nothing" not in second.stderr


def test_sources_changed_between_two_scans(site):
    before, _ = digests(site)
    assert inputs.changed(before, digests(site, before)[0]) == []
    edit(site / "content/2020/hoi-nghi.md", "Nội dung", "Nội dung mới")
    (site / "content/2020/visit.md").unlink()
    (site / "content/2020/moi.md").write_text(VI, encoding="utf-8")
    assert inputs.changed(before, digests(site, before)[0]) == [
        "content/2020/hoi-nghi.md",
        "content/2020/moi.md",
        "content/2020/visit.md",
    ]


def test_edited_bodies_are_a_runs_own_files_whose_text_changed(site):
    before, _ = digests(site)
    edit(site / "content/2020/hoi-nghi.md", "Nội dung", "Nội dung mới")
    edit(site / "content/2020/visit.md", "A visit", "A short visit")
    (site / "content/2020/moi.md").write_text(VI, encoding="utf-8")  # added
    after, _ = digests(site, before)
    bodies = {
        lang: inputs.edited_bodies(
            before, after, {**SETTINGS, "DEFAULT_LANG": lang}, "content"
        )
        for lang in ("vi", "en")
    }
    assert bodies == {"vi": ["2020/hoi-nghi.md"], "en": ["2020/visit.md"]}


def test_page_folders_are_the_folders_of_html_files(tmp_path):
    files = {
        "index.html": [1, 1],
        "tin-tuc/a/index.html": [1, 1],
        "tin-tuc/b/index.html": [1, 1],
        "images/2020/x.jpg": [1, 1],  # a static file may move: not made early
        "feeds/all.atom.xml": [1, 1],
    }
    folders = inputs.page_folders(files)
    assert folders == ["tin-tuc/a", "tin-tuc/b"]
    (tmp_path / "tin-tuc" / "a").mkdir(parents=True)  # made by the run already
    inputs.make_folders(tmp_path, folders)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "tin-tuc",
        "tin-tuc/a",
        "tin-tuc/b",
    ]
