"""`invoke publish --members`: a target of its own, never inside the public one."""

import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

LIBRARY = FIXTURES / "library"
ENV = {**os.environ, "SITEURL": "https://example.org"}


def publish(target, *extra):
    return subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--target", str(target),
         "--content", str(LIBRARY / "content"), "--data", str(LIBRARY / "data"),
         *extra],
        cwd=ROOT, capture_output=True, text=True, check=False, env=ENV,
    )  # fmt: skip


def test_targets_of_the_two_kinds_stay_apart(tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    public = publish(www / "site")
    assert public.returncode == 0, public.stderr
    release = (www / "site").resolve()
    before = sorted(p.name for p in release.iterdir())

    inside = publish(www / "site" / "briefers", "--members")
    assert inside.returncode == 1 and "which is the public site" in inside.stderr
    same = publish(www / "site", "--members")
    assert same.returncode == 1 and "holds releases of the public site" in same.stderr
    assert sorted(p.name for p in release.iterdir()) == before  # nothing written

    members = publish(www / "briefers", "--members")
    assert members.returncode == 0, members.stderr
    area = (www / "briefers").resolve()
    assert sorted(p.name for p in area.iterdir()) == [".site-tree", "bao-cao-vien"]
    assert (area / "bao-cao-vien" / "van-ban" / "tep" / "zeta-mat-noi-bo.pdf").is_file()
    assert not list(area.rglob("*.gz"))
    page = (area / "bao-cao-vien" / "van-ban" / "index.html").read_text("utf-8")
    assert 'href="https://example.org/bao-cao-vien/theme/css/site.' in page
    assert not (area / "bao-cao-vien" / "theme" / "css" / "site.css").exists()

    nested = publish(www / "briefers" / "site")
    assert nested.returncode == 1 and "which is the briefers' area" in nested.stderr
    over = publish(www / "briefers")
    assert over.returncode == 1 and "of the briefers' area" in over.stderr
    assert sorted(p.name for p in area.iterdir()) == [".site-tree", "bao-cao-vien"]
