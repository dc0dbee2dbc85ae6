"""invoke publish / rollback: checked, precompressed releases behind an atomic link."""

import gzip
import os
import shutil
import subprocess
import sys

import brotli
import pytest
from conftest import FIXTURES, ROOT, run_invoke

pytestmark = pytest.mark.slow


def invoke(*args):
    return run_invoke(*args, env={"SITEURL": "https://example.org"})


def publish(content, data, target):
    return invoke(
        "publish",
        "--target",
        str(target),
        "--content",
        str(content),
        "--data",
        str(data),
    )


def test_publish_switch_and_rollback(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "news" / "content", content)
    data = FIXTURES / "news" / "data"
    target = tmp_path / "www" / "site"
    target.parent.mkdir()
    result = publish(content, data, target)
    assert result.returncode == 0, result.stderr
    assert target.is_symlink()
    first = target.resolve()
    index = (target / "index.html").read_bytes()
    assert gzip.decompress((target / "index.html.gz").read_bytes()) == index
    assert brotli.decompress((target / "index.html.br").read_bytes()) == index
    [css] = (target / "theme" / "css").glob("site.*.css")
    assert f'href="https://example.org/theme/css/{css.name}"'.encode() in index
    assert not (target / "theme" / "css" / "site.css").exists()
    feed = (target / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "https://example.org/tin-tuc/" in feed

    (content / "2021" / "bai-moi.md").write_text(
        "Title: Bài mới nhất\nDate: 2022-01-01 08:00\nCategory: Kinh tế\n\nMới.\n",
        encoding="utf-8",
    )
    assert publish(content, data, target).returncode == 0
    assert target.resolve() != first
    assert "Bài mới nhất" in (target / "index.html").read_text(encoding="utf-8")

    # A broken build never touches what readers see.
    (content / "2021" / "hong.md").write_text("Title: Hỏng\n\nKhông ngày.\n", "utf-8")
    second = target.resolve()
    failed = publish(content, data, target)
    assert failed.returncode == 1 and "hong.md:1: no date" in failed.stderr
    assert target.resolve() == second

    rolled = invoke("rollback", "--target", str(target))
    assert rolled.returncode == 0, rolled.stderr
    assert target.resolve() == first
    assert "Bài mới nhất" not in (target / "index.html").read_text(encoding="utf-8")


def test_publish_refuses_a_real_folder_and_needs_siteurl(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    result = publish(FIXTURES / "news" / "content", FIXTURES / "news" / "data", target)
    assert result.returncode == 1 and "not a release link" in result.stderr
    no_url = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--target", str(tmp_path / "x")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "SITEURL"},
    )
    assert no_url.returncode != 0 and "set SITEURL" in no_url.stderr
