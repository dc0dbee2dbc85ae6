"""Rebuilds read unchanged sources from Pelican's content cache, never stale output."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_logging_build

from sitebuild.state import content_cache

# Builds like `invoke build`, in a subprocess, with a settings file of the test's
# own; every Markdown conversion (in either language's process) adds a line to
# CONVERSIONS, so a test sees what was read again and what came from the cache.
BUILD = """
import sys
from pathlib import Path

import markdown

from sitebuild.build import BuildRequest, main

content, data, output, settings, conversions = map(Path, sys.argv[1:])
convert = markdown.Markdown.convert


def counted(self, text):
    with conversions.open("a", encoding="utf-8") as log:
        log.write("convert\\n")
    return convert(self, text)


markdown.Markdown.convert = counted
sys.exit(main(BuildRequest(content, data, output, settings)))
"""
EDITED = "2020/bai-05.md"
QUOTED = 'Ông nói: "Thông tin -- đối ngoại".'
SMARTY = """
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
"""


def write_settings(folder: Path, extra: str = "") -> Path:
    """The site's settings, its theme and plugins named by absolute paths."""
    (folder / "content").mkdir(parents=True, exist_ok=True)  # PATH must exist
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    text += f"\nTHEME = {str(ROOT / 'theme')!r}\n"
    text += extra
    settings = folder / "pelicanconf.py"
    settings.write_text(text, encoding="utf-8")
    return settings


def build(site: Path, output: Path, settings: Path) -> int:
    """Build `site` (content/, data/) into `output`; the Markdown conversions."""
    log = output.parent / f"{output.name}.conversions"
    return len(run_logging_build(BUILD, site, output, settings, log))


def clean_build(site: Path, output: Path, settings: Path) -> int:
    """A build without any content cache."""
    shutil.rmtree(settings.parent / ".cache", ignore_errors=True)
    return build(site, output, settings)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differing(first: Path, second: Path) -> list[str]:
    left, right = files(first), files(second)
    return sorted(n for n in left.keys() | right.keys() if left.get(n) != right.get(n))


def edit(site: Path, text: str) -> None:
    path = site / "content" / EDITED
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    return shutil.copytree(FIXTURES / "news", tmp_path / "site")


def edited_page(output: Path) -> str:
    page = output / "tin-tuc" / "bai-so-nam-ve-kinh-te" / "index.html"
    return page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_rebuild_reads_only_the_edited_article_and_equals_a_clean_build(
    site, tmp_path
):
    settings = write_settings(tmp_path / "settings")
    output = tmp_path / "output"
    cold = clean_build(site, output, settings)
    assert build(site, output, settings) == 0  # nothing changed: all from the cache
    edit(site, QUOTED)
    again = build(site, output, settings)
    # the edited file only: its summary in each run, its body in the vi run
    assert 0 < again <= 4 < cold
    fresh = tmp_path / "fresh"
    assert clean_build(site, fresh, settings) == cold
    assert differing(output, fresh) == []
    assert '"Thông tin -- đối ngoại"' in edited_page(output)


@pytest.mark.slow
def test_a_settings_change_is_never_served_from_the_cache(site, tmp_path):
    edit(site, QUOTED)
    settings = write_settings(tmp_path / "settings")
    output = tmp_path / "output"
    cold = clean_build(site, output, settings)
    write_settings(tmp_path / "settings", SMARTY)
    assert build(site, output, settings) == cold  # every file read again
    fresh = tmp_path / "fresh"
    clean_build(site, fresh, settings)
    assert differing(output, fresh) == []
    assert "“Thông tin – đối ngoại”" in edited_page(output)
    # the folder of the previous settings' cache is gone, one per language is left
    folders = list((tmp_path / "settings" / ".cache" / "content").iterdir())
    assert sorted(f.name.split("-")[0] for f in folders) == ["en", "vi"]


SETTINGS = {"PATH": "/site/content", "DEFAULT_LANG": "vi", "OUTPUT_PATH": "/out/1"}


def test_the_key_follows_settings_and_code_not_the_output(tmp_path):
    plugin = tmp_path / "plugin.py"
    plugin.write_text("X = 1\n")
    key = content_cache.cache_key(SETTINGS, [plugin])
    elsewhere = {**SETTINGS, "OUTPUT_PATH": "/out/2", "CACHE_PATH": "/c"}
    assert content_cache.cache_key(elsewhere, [plugin]) == key
    assert content_cache.cache_key({**SETTINGS, "TIMEZONE": "UTC"}, [plugin]) != key
    plugin.write_text("X = 2\n")
    assert content_cache.cache_key(SETTINGS, [plugin]) != key


def test_a_run_that_fails_leaves_the_cache_as_it_was(tmp_path):
    folder = tmp_path / "vi-abc-1"
    folder.mkdir()
    (folder / "ArticlesGenerator-Readers").write_bytes(b"old")
    with (
        pytest.raises(RuntimeError),
        content_cache.private_copy(folder, str(tmp_path)) as work,
    ):
        (work / "ArticlesGenerator-Readers").write_bytes(b"half")
        raise RuntimeError("stopped while saving")
    assert (folder / "ArticlesGenerator-Readers").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_older_versions_and_caches_of_removed_content_are_stale(tmp_path):
    def cache(name: str, content: Path) -> Path:
        folder = tmp_path / "caches" / name
        folder.mkdir(parents=True)
        (folder / content_cache.SOURCE_FILE).write_text(str(content))
        return folder

    older = cache("vi-aaa-1", tmp_path)
    current = cache("vi-aaa-2", tmp_path)
    removed = cache("en-bbb-1", tmp_path / "removed")
    cache("vi-ccc-1", tmp_path)  # other content, still there
    stale = content_cache.stale_folders(current)
    assert sorted(stale) == sorted([older, removed])
