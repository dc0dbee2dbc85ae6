"""Builds one after another, and one while another runs."""

import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, build_ok, html, run_build

pytestmark = pytest.mark.slow

# Holds the build lock of the project's settings until its standard input closes.
HOLD_LOCK = """
import sys
from pathlib import Path

from sitebuild.build import BuildRequest, build_lock

request = BuildRequest(Path(), Path(), Path(), Path(sys.argv[1]))
with build_lock(request):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_tag_named_like_the_briefers_folder_builds_again_and_again(tmp_path):
    """A built tree is known by the marker the build writes, not by a folder
    named bao-cao-vien (a common tag in this field)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "news" / "content", content)
    (content / "2021" / "bcv.md").write_text(
        "Title: Hội nghị báo cáo viên\nDate: 2021-07-01 08:00\nCategory: Báo cáo viên\n"
        "Tags: báo cáo viên\nSlug: bao-cao-vien-tinh\n\nNội dung.\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    data = FIXTURES / "news" / "data"
    for _ in range(3):
        build_ok(content, data, output)
    assert (output / "the" / "bao-cao-vien" / "index.html").is_file()
    assert (output / "chuyen-muc" / "bao-cao-vien" / "index.html").is_file()
    assert html(output, "tin-tuc/bao-cao-vien-tinh/").h1.get_text() == (
        "Hội nghị báo cáo viên"
    )


def test_a_second_build_while_one_runs_says_so_and_changes_nothing(tmp_path):
    content, data = FIXTURES / "news" / "content", FIXTURES / "news" / "data"
    output = build_ok(content, data, tmp_path / "output")
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(ROOT / "pelicanconf.py")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused = run_build(content, data, output)
        assert refused.returncode == 1
        assert (
            f"another build of this site is running (process {holder.pid}, started"
            in refused.stderr
        )
        assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    build_ok(content, data, output)
