"""`invoke bench` on 200 articles (the harness itself): every row of its table, the
search measured in Chromium, the folder it keeps."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, serve

from bench import harness

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    """`invoke bench --articles 200` without the browser, its folder kept."""
    work = tmp_path_factory.mktemp("bench")
    results = work / "RESULTS.md"
    command = [sys.executable, "-m", "invoke", "bench", "--articles", "200"]
    command += ["--no-browser", "--keep", str(work / "run"), "--results", str(results)]
    before = harness.RESULTS.read_bytes() if harness.RESULTS.exists() else None
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    after = harness.RESULTS.read_bytes() if harness.RESULTS.exists() else None
    assert after == before, "the smoke run must not touch bench/RESULTS.md"
    return done.stdout, results, work / "run"


ROW_FIGURES = {
    "checks": "Site's source checks on the corpus",
    "ratio_wall": "Clean build / plain Pelican, wall",
    "edit_rebuild": "Rebuild after editing one article, wall",
    "edit_identical": "Rebuilt output = clean build of the edited corpus",
    "document_rebuild": "Rebuild after adding one document, wall",
    "memory_rss": "Peak memory, largest process",
    "search_first": "Search: most fetched before first results",
    "search_warm": "Search: slowest query once its files are loaded",
    "search_complete": "Search: most fetched for a complete result set",
}


def test_the_table_has_every_row(bench_run):
    stdout, results, _work = bench_run
    lines = stdout.splitlines()
    table = [line for line in lines if line.startswith("| ") and "| ---" not in line]
    assert len(table) == len(harness.ROW_KEYS) + 1  # and the header
    for figure in ROW_FIGURES.values():
        assert any(line.startswith(f"| {figure}") for line in table), figure
    rows = {line.split(" | ")[0][2:]: line for line in table}
    checks = rows[ROW_FIGURES["checks"]]
    assert "| 0 problems | 0 | PASS |" in checks
    identical = next(v for k, v in rows.items() if k.startswith("Rebuilt output"))
    assert identical.endswith("| identical | identical | PASS |")
    written = results.read_text(encoding="utf-8")
    assert stdout.strip() in written and harness.ANALYSIS_MARKER in written


@pytest.mark.browser
def test_the_search_page_is_measured_in_chromium(bench_run, chromium):
    _stdout, _results, work = bench_run
    site = work / "site"
    manifests = harness.search_manifests(site)
    if not manifests:
        pytest.skip("no search index in this build")
    with serve(site) as base:
        for lang, manifest in manifests.items():
            page = manifest.parent.parent.relative_to(site).as_posix() + "/"
            role, text = harness.QUERIES[lang][0]
            measure = harness.measure_query(
                chromium,
                base,
                site,
                page,
                manifest.parent.as_posix() + "/",
                (lang, role, text),
                timeout=30,
            )
            assert measure.error is None, measure.error
            assert measure.results and measure.results > 0
            assert 0 < measure.first_index_bytes <= measure.first_bytes
            assert measure.first_bytes <= measure.complete_bytes
            assert measure.warm_ms is not None and measure.first_ms > 0


def test_kept_folder_has_the_corpus_and_outputs(bench_run):
    _stdout, _results, work = bench_run
    for name in ("code/plugins", "corpus/content", "corpus/data", "site", "plain"):
        assert (work / name).is_dir(), name
    assert Path(work / "plain" / "index.html").is_file()
