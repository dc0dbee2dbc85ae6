"""Theme files under content-hashed names, worked out before any page renders."""

import hashlib

import pytest
from conftest import FIXTURES, build_ok, html

from plugins.theme_assets.names import fingerprinted

NEWS = FIXTURES / "news"


def test_each_css_and_js_gets_the_hash_of_its_final_bytes(tmp_path):
    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "css").mkdir()
    (static / "img").mkdir()
    (static / "js" / "core.js").write_text("var core = 1;\n")
    (static / "js" / "worker.js").write_text('importScripts("core.js");\n')
    (static / "css" / "site.css").write_text("body { color: red }\n")
    (static / "css" / "print-site.css").write_text("body { color: black }\n")
    (static / "img" / "logo.svg").write_text("<svg/>")
    assets = fingerprinted(static)
    assert set(assets) == {
        "js/core.js",
        "js/worker.js",
        "css/site.css",
        "css/print-site.css",
    }
    core = assets["js/core.js"]
    digest = hashlib.sha256(b"var core = 1;\n").hexdigest()[:10]
    assert core.name == f"js/core.{digest}.js" and core.text is None
    worker = assets["js/worker.js"]
    stem = core.name.removeprefix("js/")
    assert worker.text == f'importScripts("{stem}");\n'
    digest = hashlib.sha256(worker.text.encode()).hexdigest()[:10]
    assert worker.name == f"js/worker.{digest}.js"
    # a file that names another is renamed when that one changes
    (static / "js" / "core.js").write_text("var core = 2;\n")
    assert fingerprinted(static)["js/worker.js"].name != worker.name


@pytest.mark.slow
def test_a_production_build_names_them_in_every_page_and_builds_again(tmp_path):
    output = tmp_path / "output"
    env = {"SITEURL": "https://example.org"}
    build_ok(NEWS / "content", NEWS / "data", output, "--production", env=env)
    page = html(output, "index.html")
    css = page.select_one('link[rel="stylesheet"]')["href"]
    assert css.startswith("https://example.org/theme/css/site.") and css.endswith(
        ".css"
    )
    name = css.removeprefix("https://example.org/")
    assert (output / name).is_file()
    assert not (output / "theme" / "css" / "site.css").exists()
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    again = build_ok(NEWS / "content", NEWS / "data", output, "--production", env=env)
    assert {p: p.read_bytes() for p in again.rglob("*") if p.is_file()} == before
