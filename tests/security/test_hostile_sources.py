"""Whatever is committed, the public output holds only the site's own files, and
every refusal names the file (and the line): links, special files, files the
checks would not read, reserved addresses, bad text, oversized sources."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_ok, html, run_build, run_invoke

from sitebuild.checks.output import tree_problems

pytestmark = pytest.mark.slow

NEWS = FIXTURES / "news"
ARTICLE = "Title: {title}\nDate: 2021-07-01 08:00\nCategory: Tin\n{extra}\n{body}\n"


def article(title="Bài mới", extra="", body="Nội dung."):
    return ARTICLE.format(title=title, extra=extra, body=body)


@pytest.fixture
def site(tmp_path) -> tuple[Path, Path]:
    """A copy of the news fixture's content and data, to spoil."""
    content, data = tmp_path / "content", tmp_path / "data"
    shutil.copytree(NEWS / "content", content)
    shutil.copytree(NEWS / "data", data)
    return content, data


def refused(content: Path, data: Path, output: Path) -> str:
    """Build, expect a refusal; what it said (no traceback, no output written)."""
    result = run_build(content, data, output)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert not output.exists()
    checked = run_invoke("check", "--content", str(content), "--data", str(data))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    return result.stderr


def test_a_symbolic_link_is_refused_by_name_and_nothing_is_copied(site, tmp_path):
    content, data = site
    secret = tmp_path / "host-files"
    secret.mkdir()
    (secret / "shadow").write_text("root:$6$secret:19000:0:99999:7:::\n")
    (content / "images" / "etc").symlink_to(secret)
    (content / "images" / "env.txt").symlink_to("/proc/self/environ")
    (data / "documents").mkdir()
    (data / "documents" / "ghost.yaml").symlink_to(secret / "shadow")
    said = refused(content, data, tmp_path / "output")
    for name in ("images/etc", "images/env.txt", "documents/ghost.yaml"):
        assert f"{name}: a symbolic link (to " in said, said
    assert "secret:19000" not in said
    # refused before any run started: no staging folder holds the host's files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def test_publish_checks_its_release_for_links_again(site, tmp_path):
    content, data = site
    output = build_ok(content, data, tmp_path / "output")
    assert tree_problems(output, True, "bao-cao-vien/") == []
    (output / "theme" / "passwd").symlink_to("/etc/passwd")
    (output / "bao-cao-vien").mkdir()
    (output / "bao-cao-vien" / "index.html").write_text("<p>Đăng nhập</p>")
    problems = tree_problems(output, True, "bao-cao-vien/")
    assert "theme/passwd is a symbolic link (to /etc/passwd)" in problems
    assert any(p.startswith("bao-cao-vien/index.html is under") for p in problems)


@pytest.mark.parametrize(
    "image", ["../../../etc/passwd", "/etc/passwd", "2019/bai-01.md", "images/"]
)
def test_an_image_must_be_a_file_under_content_images(site, tmp_path, image):
    content, data = site
    (content / "2021" / "anh.md").write_text(
        article(extra=f"Image: {image}\n"), encoding="utf-8"
    )
    said = refused(content, data, tmp_path / "output")
    assert f"anh.md:4: image {image!r} is not a file under content/images/" in said


@pytest.mark.parametrize(
    "name", ["ghi-chu.markdown", "x.mkd", "x.mdown", "trang.html", "x.rst", "x.txt"]
)
def test_a_file_the_checks_would_not_read_is_refused(site, tmp_path, name):
    content, data = site
    (content / "2021" / name).write_text(
        "Title: TODO\nDocuments: khong-co\n\nTODO\n", encoding="utf-8"
    )
    said = refused(content, data, tmp_path / "output")
    assert f"2021/{name}: only .md files are read as articles" in said


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("Slug: ../bao-cao-vien/van-ban\n", "a slug is one name, without '/'"),
        ("Slug: a/b\n", "a slug is one name"),
        ("Slug: " + "a" * 240 + "\n", "slug of 240 bytes is too long"),
    ],
)
def test_a_slug_names_one_folder_of_a_sensible_length(site, tmp_path, extra, message):
    content, data = site
    (content / "2021" / "slug.md").write_text(article(extra=extra), encoding="utf-8")
    said = refused(content, data, tmp_path / "output")
    assert "slug.md:4: " in said and message in said, said


def test_nothing_public_is_written_under_the_briefers_prefix(site, tmp_path):
    """A file linked with {static} from a folder named like the area would be
    served at the address every page links as the briefers' sign-in."""
    content, data = site
    fake = content / "bao-cao-vien" / "van-ban"
    fake.mkdir(parents=True)
    (fake / "dang-nhap.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (content / "2021" / "lua.md").write_text(
        article(body="[Đăng nhập]({static}/bao-cao-vien/van-ban/dang-nhap.pdf)"),
        encoding="utf-8",
    )
    result = run_build(content, data, tmp_path / "output")
    assert result.returncode == 1
    assert "bao-cao-vien/ was written by the public site" in result.stderr
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Tags: ...\n", "tag '...' gives an empty address"),
        ("Tags: thời sự, !!!\n", "tag '!!!' gives an empty address"),
        ("Category: !!!\n", "category '!!!' gives an empty address"),
    ],
)
def test_a_tag_or_category_without_an_address_is_refused(
    site, tmp_path, header, message
):
    content, data = site
    text = article(extra=header)
    if header.startswith("Category"):
        text = text.replace("Category: Tin\n", "")
    (content / "2021" / "nhan.md").write_text(text, encoding="utf-8")
    said = refused(content, data, tmp_path / "output")
    assert message in said, said


def test_two_spellings_of_one_address_are_refused(site, tmp_path):
    content, data = site
    (content / "2021" / "a.md").write_text(
        article("Bài A", "Tags: Thời sự\n"), encoding="utf-8"
    )
    (content / "2021" / "b.md").write_text(
        article("Bài B", "Tags: Thoi su\n"), encoding="utf-8"
    )
    said = refused(content, data, tmp_path / "output")
    assert "b.md:4: tag 'Thoi su' has the address of tag 'Thời sự'" in said, said


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"Title: A\nDate: 2021-07-01 08:00\n\n\xffbad\n", 4, "not UTF-8 text"),
        (b"Title: A\nDate: 2021-07-01 08:00\nCategory: Tin\n\nx\0y\n", 5, "NUL byte"),
    ],
)
def test_bad_text_is_one_line_with_its_line_number(site, tmp_path, data, line, message):
    content, records = site
    (content / "2021" / "hong.md").write_bytes(data)
    said = refused(content, records, tmp_path / "output")
    assert f"2021/hong.md:{line}: " in said and message in said, said


def test_an_oversized_article_is_refused_before_it_is_read(site, tmp_path):
    content, data = site
    body = ("Một đoạn văn rất dài. " * 40 + "\n\n") * 5000  # about 5 MB
    (content / "2021" / "dai.md").write_text(article(body=body), encoding="utf-8")
    said = refused(content, data, tmp_path / "output")
    assert "2021/dai.md: " in said and "an article is at most 4 MB" in said


def test_a_long_article_is_a_summary_in_the_feeds(site, tmp_path):
    content, data = site
    body = "\n\n".join(f"Đoạn {n}: " + "thông tin đối ngoại " * 60 for n in range(200))
    (content / "2021" / "dai.md").write_text(
        article("Bài rất dài", "Summary: Tóm tắt ngắn.\n", body), encoding="utf-8"
    )
    output = build_ok(content, data, tmp_path / "output")
    feed = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "Tóm tắt ngắn." in feed and "Đoạn 199" not in feed
    assert len(feed.encode()) < 60_000
    assert "Đoạn 199" in html(output, "tin-tuc/bai-rat-dai/").get_text()


def test_an_edit_whose_time_was_put_back_is_built(site, tmp_path):
    """rsync -a, cp -p and tar restore an edited file's old mtime: its change time
    (and inode) still tell the next build to read it."""
    content, data = site
    output = build_ok(content, data, tmp_path / "output")
    path = content / "2020" / "bai-05.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("của bài 5.", "của bài 9.", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    build_ok(content, data, output)
    page = html(output, "tin-tuc/bai-so-nam-ve-kinh-te/").select_one(".article-body")
    assert "của bài 9." in page.get_text()


def test_what_an_interrupted_build_leaves_is_ignored_by_git_then_removed(tmp_path):
    for name in (".output.new-123", ".output.old-456", ".output-members.new-7-vi"):
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", name], cwd=ROOT, check=False
        )
        assert ignored.returncode == 0, name
    left = tmp_path / ".output.new-999999-vi"
    left.mkdir()
    (left / "secret.html").write_text("nội bộ")
    build_ok(NEWS / "content", NEWS / "data", tmp_path / "output")
    for _ in range(100):  # removed by a process the build does not wait for
        if not left.exists():
            break
        subprocess.run(["sleep", "0.05"], check=True)
    assert not left.exists()
