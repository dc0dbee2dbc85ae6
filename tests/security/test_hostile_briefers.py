"""The briefers' area as members and guessers meet it: HTTPS only, a member who
reads quickly is never refused, a guesser soon is, the area's address answers,
and the accounts file keeps every account and no easy password."""

import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ADDRESSES, NAME, PASSWORD, get, run_invoke

pytestmark = pytest.mark.slow


@pytest.mark.nginx
def test_plain_http_answers_with_the_https_address(briefers_area):
    for path in ("/", "/bao-cao-vien/van-ban/", "/tin-tuc/x/?q=1"):
        status, headers, _body = get(briefers_area, path, tls=False)
        assert status == 301, path
        assert headers["Location"] == f"https://127.0.0.1{path}", path
    _status, headers, _body = get(briefers_area, "/")
    assert headers["Strict-Transport-Security"] == "max-age=63072000"


@pytest.mark.nginx
def test_the_areas_address_answers_with_its_home(briefers_area):
    source = next(ADDRESSES)
    status, _headers, body = get(briefers_area, "/bao-cao-vien/", None, source)
    assert status == 401
    status, _headers, body = get(
        briefers_area, "/bao-cao-vien/", (NAME, PASSWORD), source
    )
    assert status == 200 and b'href="https://127.0.0.1' in body
    assert b"/bao-cao-vien/van-ban/" in body and b"/bao-cao-vien/tim-kiem/" in body
    status, _headers, body = get(
        briefers_area, "/bao-cao-vien/en/", (NAME, PASSWORD), source
    )
    assert status == 200 and b'<html lang="en">' in body


@pytest.mark.nginx
def test_a_member_reading_quickly_is_never_refused(briefers_area):
    """30 pages a minute, each with its style sheets and scripts, and searches
    that fetch their index files at once: never a 429."""
    source = next(ADDRESSES)
    pages = [
        "/bao-cao-vien/",
        "/bao-cao-vien/van-ban/",
        "/bao-cao-vien/van-ban/cv-zeta-noi-bo/",
        "/bao-cao-vien/en/documents/",
        "/bao-cao-vien/tim-kiem/",
    ]
    manifest = "/bao-cao-vien/tim-kiem/index/manifest.json"
    statuses = []
    for number in range(30):
        path = pages[number % len(pages)]
        status, _headers, body = get(briefers_area, path, (NAME, PASSWORD), source)
        statuses.append(status)
        page = BeautifulSoup(body, "lxml")
        named = [e.get("href") or e.get("src") for e in page.select("link, script")]
        files = [
            urlsplit(url).path
            for url in named
            if url and urlsplit(url).path.startswith("/bao-cao-vien/theme/")
        ]
        assert files or status != 200, path
        if path.endswith("tim-kiem/"):  # a search: the manifest and a few shards
            files.append(manifest)
            shards = sorted(
                briefers_area.briefers.glob("bao-cao-vien/tim-kiem/index/terms.*")
            )[:4]
            files += [
                "/" + p.relative_to(briefers_area.briefers).as_posix() for p in shards
            ]

        def fetch(file):
            return get(briefers_area, file, (NAME, PASSWORD), source)[0]

        with ThreadPoolExecutor(6) as pool:
            statuses += list(pool.map(fetch, files))
        time.sleep(1.5)  # 30 pages in 45 s: a brisk reader
    assert set(statuses) == {200}, statuses


@pytest.mark.nginx
def test_a_guesser_is_refused_after_a_few_tries(briefers_area):
    """Guesses sent at once (as a script would) from one address: the burst of 10
    and one a second are checked, every other one meets 429 before its password
    is (however slow this machine answers)."""
    source = next(ADDRESSES)

    def guess(number):
        attempt = (NAME, f"doan-{number:08d}x")
        return get(briefers_area, "/bao-cao-vien/van-ban/", attempt, source)[0]

    started = time.monotonic()
    with ThreadPoolExecutor(20) as pool:
        statuses = sorted(pool.map(guess, range(40)))
    seconds = time.monotonic() - started
    assert set(statuses) == {401, 429}, statuses
    assert statuses.count(401) <= 10 + int(seconds) + 1, (statuses, seconds)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("            ", "blank"),
        ("aaaaaaaaaaaa", "fewer than 6 different characters"),
        ("121212121212", "fewer than 6 different characters"),
        ("password1234", "a common word"),
        ("Matkhau@2024!", "a common word"),
        ("zz987654321y", "a run of keys"),
        ("xqwertyuiopz", "a run of keys"),
        ("an.nguyen-2026x", "the member's name"),
    ],
)
def test_an_easy_password_is_refused(tmp_path, password, why):
    result = run_invoke(
        "members.add",
        "an.nguyen",
        "--file",
        str(tmp_path / "m.htpasswd"),
        "--password-stdin",
        stdin=password + "\n",
    )
    assert result.returncode == 1 and why in result.stderr, result.stderr
    assert not (tmp_path / "m.htpasswd").exists()


def test_accounts_added_at_once_are_all_kept(tmp_path):
    file = tmp_path / "m.htpasswd"
    names = [f"bcv{number:02d}" for number in range(8)]

    def add(name):
        return run_invoke(
            "members.add",
            name,
            "--file",
            str(file),
            "--password-stdin",
            stdin="Hoa-sen-no-giua-dam-47\n",
        ).returncode

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(add, names)) == [0] * len(names)
    listed = run_invoke("members.list", "--file", str(file)).stdout.split()
    assert sorted(listed) == names
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(
                lambda n: run_invoke("members.remove", n, "--file", str(file)),
                names[:4],
            )
        )
    assert (
        sorted(run_invoke("members.list", "--file", str(file)).stdout.split())
        == names[4:]
    )
