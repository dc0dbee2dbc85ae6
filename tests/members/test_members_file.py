"""`invoke members.add|remove|list`: the members file nginx reads, never in git."""

import os
import stat
import subprocess
import sys

import bcrypt
import pytest
from conftest import ROOT

from sitebuild.tools import members as members_file
from sitebuild.tools.members import MembersFileError, members_file_path

PASSWORD = "mot-mat-khau-du-dai"


def members(action, *args, stdin=None, env=None):
    """`invoke members.ACTION ARGS`, as a person runs it."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", f"members.{action}", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_add_list_remove(tmp_path):
    file = tmp_path / "etc" / "briefers.htpasswd"
    added = members(
        "add",
        "an.nguyen",
        "--file",
        str(file),
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    assert stat.S_IMODE(file.stat().st_mode) == 0o640
    [line] = file.read_text().splitlines()
    name, hashed = line.split(":", 1)
    assert name == "an.nguyen" and hashed.startswith("$2b$12$")
    assert bcrypt.checkpw(PASSWORD.encode(), hashed.encode())

    generated = members("add", "binh", "--generate", "--file", str(file))
    assert generated.returncode == 0, generated.stderr
    password = generated.stdout.rsplit(": ", 1)[1].strip()
    assert len(password) == 20 and password.isalnum()
    binh = file.read_text().splitlines()[1].split(":", 1)[1]
    assert bcrypt.checkpw(password.encode(), binh.encode())

    listed = members("list", env={"MEMBERS_FILE": str(file)})
    assert listed.returncode == 0 and listed.stdout.split() == ["an.nguyen", "binh"]
    assert "$2b$" not in listed.stdout

    # a new password for a known name replaces its line
    again = members(
        "add",
        "binh",
        "--file",
        str(file),
        "--password-stdin",
        stdin="another-long-password\n",
    )
    assert again.returncode == 0 and "New password for binh" in again.stdout
    assert len(file.read_text().splitlines()) == 2

    removed = members("remove", "an.nguyen", "--file", str(file))
    assert removed.returncode == 0
    assert members("list", "--file", str(file)).stdout.split() == ["binh"]
    assert members("remove", "nobody", "--file", str(file)).returncode == 1
    assert sorted(p.name for p in file.parent.iterdir()) == [file.name]  # no temp


@pytest.mark.slow
def test_refusals(tmp_path):
    file = tmp_path / "m.htpasswd"
    short = members(
        "add", "an", "--file", str(file), "--password-stdin", stdin="short\n"
    )
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    bad_name = members(
        "add",
        "<b>x</b>",
        "--file",
        str(file),
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert bad_name.returncode == 1 and "not a member name" in bad_name.stderr
    inside = members(
        "add",
        "an",
        "--file",
        str(ROOT / "members.htpasswd"),
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert inside.returncode == 1 and "inside the repository" in inside.stderr
    assert not file.exists() and not (ROOT / "members.htpasswd").exists()
    # the password is never an argument
    help_text = members("add", "x", "--help").stdout
    assert "--password-stdin" in help_text and "--password " not in help_text


@pytest.mark.slow
def test_the_file_is_kept_out_of_the_repository_and_the_sites(tmp_path, news_site):
    with pytest.raises(MembersFileError, match="inside a built site"):
        members_file_path(str(news_site / "m.htpasswd"), None, ROOT)
    with pytest.raises(MembersFileError, match="inside a built site"):
        members_file_path(str(news_site / "en" / "m.htpasswd"), None, ROOT)
    with pytest.raises(MembersFileError, match="inside the repository"):
        members_file_path(None, str(ROOT / "deploy" / "m.htpasswd"), ROOT)
    assert members_file_path(None, str(tmp_path / "m"), ROOT) == tmp_path / "m"


def test_passwords_typed_twice_must_match(monkeypatch):
    typed = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr(members_file.getpass, "getpass", lambda prompt: next(typed))
    with pytest.raises(MembersFileError, match="differ"):
        members_file.ask_password()
    typed = iter([PASSWORD, PASSWORD])
    assert members_file.ask_password() == PASSWORD
    with pytest.raises(MembersFileError, match="too long"):
        members_file.check_password("é" * 40)


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_no_members_file_is_or_can_be_committed():
    assert git("ls-files", "*.htpasswd", "**/*.htpasswd").stdout == ""
    for path in ("members.htpasswd", "deploy/nginx/briefers.htpasswd"):
        assert git("check-ignore", "-q", path).returncode == 0, path
