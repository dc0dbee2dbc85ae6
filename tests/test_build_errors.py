"""Bad input: every problem reported at once, with file and line; output untouched."""

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_ok, run_build, run_script

pytestmark = pytest.mark.slow

GOOD = "Title: Bài tốt\nDate: 2021-05-05 08:00\nCategory: Tin\n\nNội dung.\n"


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def broken_content(root: Path) -> Path:
    content = root / "content"
    write(content, "good.md", GOOD)
    write(
        content,
        "no-title.md",
        "Date: 2021-01-01 08:00\nCategory: Tin\n\nKhông tiêu đề.\n",
    )
    write(content, "no-date.md", "Title: Không có ngày\nCategory: Tin\n\nNội dung.\n")
    write(
        content,
        "bad-date.md",
        "Title: Ngày sai\nCategory: Tin\nDate: 2021-02-30 08:00\n\nNội dung.\n",
    )
    write(content, "copy.md", GOOD.replace("2021-05-05", "2021-06-06"))
    write(
        content,
        "orphan.en.md",
        "Title: Orphan\nDate: 2021-01-01 08:00\nCategory: News\n"
        "Translation_of: khong-ton-tai\n\nText.\n",
    )
    write(
        content,
        "links.md",
        "Title: Liên kết hỏng\nDate: 2021-03-03 08:00\nCategory: Tin\n"
        "Image: images/khong-co.jpg\n\nĐoạn một.\n\n"
        "Xem [bài khác]({filename}/khong-co.md).\n\n"
        "![Ảnh]({static}/images/mat.png)\n",
    )
    return content


def test_every_problem_is_listed_with_file_and_line(tmp_path):
    content = broken_content(tmp_path)
    data = FIXTURES / "news" / "data"
    result = run_build(content, data, tmp_path / "output")
    assert result.returncode != 0
    errors = result.stderr
    expected = [
        "no-title.md:1: no title",
        "no-date.md:1: no date",
        "bad-date.md:3: date '2021-02-30 08:00' is not a real date",
        "good.md:1: slug 'bai-tot' (vi) is also the slug of",
        "orphan.en.md:4: translation of 'khong-ton-tai', but no Vietnamese article",
        "links.md:4: image 'images/khong-co.jpg' is not a file under content/images/",
        "links.md:8: link {filename}/khong-co.md points to no file",
        "links.md:10: link {static}/images/mat.png points to no file",
    ]
    for message in expected:
        assert message in errors, f"missing {message!r} in:\n{errors}"
    assert "copy.md" in errors  # the duplicate names both files
    assert not (tmp_path / "output").exists()


def test_a_failed_build_leaves_the_previous_output_as_it_was(tmp_path):
    content = tmp_path / "content"
    write(content, "good.md", GOOD)
    data = FIXTURES / "news" / "data"
    output = build_ok(content, data, tmp_path / "output")
    before = tree_digest(output)
    write(content, "no-date.md", "Title: Không có ngày\nCategory: Tin\n\nNội dung.\n")
    result = run_build(content, data, output)
    assert result.returncode != 0
    assert "left as it was" in result.stderr
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_check_reports_without_building(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    content = broken_content(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "check",
            "--content",
            str(content),
            "--data",
            str(FIXTURES / "news" / "data"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "no-title.md:1: no title" in result.stderr
    assert "8 problem(s)" in result.stderr


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    content = FIXTURES / "news" / "content"
    data = FIXTURES / "news" / "data"
    first = tree_digest(build_ok(content, data, tmp_path / "one"))
    second = tree_digest(build_ok(content, data, tmp_path / "two"))
    assert first == second


def test_pelican_errors_also_fail_the_build(tmp_path):
    # A template error is not something the source check can see.
    content = tmp_path / "content"
    write(content, "good.md", GOOD)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "article.html").write_text("{{ article.nope.deeper }}")
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(
        (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
        + f"\nTHEME = {str(theme)!r}\n",
        encoding="utf-8",
    )
    result = run_script(
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path;"
        "from sitebuild.build import BuildRequest, main;"
        "sys.exit(main(BuildRequest(Path(sys.argv[2]), Path(sys.argv[3]),"
        " Path(sys.argv[4]), Path(sys.argv[5]))))",
        ROOT,
        content,
        FIXTURES / "news" / "data",
        tmp_path / "output",
        settings,
    )
    assert result.returncode == 1, result.stderr
    assert "UndefinedError" in result.stderr
    assert not (tmp_path / "output").exists()
