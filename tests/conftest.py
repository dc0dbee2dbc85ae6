"""Shared fixtures: build real sites with the project's own build command."""

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_build(content: Path, data: Path, output: Path, *extra: str, env=None):
    """Run `invoke build` exactly as a person would; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--content", str(content),
         "--data", str(data), "--output", str(output), *extra],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
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
