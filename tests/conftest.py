"""Shared fixtures: build real sites with the project's own build command."""

import subprocess
import sys
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_build(content: Path, data: Path, output: Path, *extra: str, env=None):
    """Run `invoke build` exactly as a person would; return the finished process."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "build",
            "--content",
            str(content),
            "--data",
            str(data),
            "--output",
            str(output),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def build_ok(content: Path, data: Path, output: Path, *extra: str, env=None) -> Path:
    """Build and fail the test with the build's own messages if it did not succeed."""
    result = run_build(content, data, output, *extra, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def html(output: Path, path: str) -> BeautifulSoup:
    """The parsed page at a site path such as 'tin-tuc/x/' or 'en/'."""
    file = output / path
    if path.endswith("/") or not path:
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The site built from the repository's own content/ and data/."""
    output = tmp_path_factory.mktemp("real") / "output"
    return build_ok(ROOT / "content", ROOT / "data", output)


@pytest.fixture(scope="session")
def news_site(tmp_path_factory) -> Path:
    """The fixture site of a dozen articles in two categories, some translated."""
    output = tmp_path_factory.mktemp("news") / "output"
    return build_ok(FIXTURES / "news" / "content", FIXTURES / "news" / "data", output)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


@contextmanager
def serve(folder: Path):
    """Serve `folder` over HTTP on 127.0.0.1, a free port; yield its base URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def library_site(tmp_path_factory) -> Path:
    """The library fixture: every kind, both access levels, articles naming some."""
    output = tmp_path_factory.mktemp("library") / "output"
    library = FIXTURES / "library"
    return build_ok(library / "content", library / "data", output)


@pytest.fixture(scope="session")
def members_site(tmp_path_factory) -> Path:
    """The library fixture's reporters' area (`invoke build --members`)."""
    output = tmp_path_factory.mktemp("members") / "output-members"
    library = FIXTURES / "library"
    return build_ok(library / "content", library / "data", output, "--members")
