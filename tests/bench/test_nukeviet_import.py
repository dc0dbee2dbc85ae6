"""The import benchmark's generated old site: it imports cleanly, and twice."""

import pytest
from conftest import build_ok, empty_sources, import_nukeviet

from bench.nukeviet_import import (
    SECTION_END,
    SECTION_START,
    ImportSpec,
    _write_section,
    generate,
)
from nukeviet_import.imported_files import scan_articles
from testbed.nukeviet_site import new_site


@pytest.mark.slow
def test_a_generated_old_site_imports_and_builds(mariadb, tmp_path):
    site = new_site(mariadb, tmp_path)
    counts = generate(site, ImportSpec(articles=120, seed=7))
    assert counts["vi"] == 120 and counts["documents"] == 6
    content, data = empty_sources(tmp_path)
    report = import_nukeviet(site, content, data, tmp_path / "r.map")
    total = counts["vi"] + counts["en"]
    assert f"Articles: {total} imported" in report
    assert "Documents: 6 imported" in report
    assert "not imported" not in report  # every link to an earlier article resolves
    assert len(scan_articles(content)) == total
    report = import_nukeviet(site, content, data, tmp_path / "r.map")
    assert f"Articles: 0 imported, 0 updated, {total} unchanged" in report
    build_ok(content, data, tmp_path / "output")
    site.connection.close()


def test_the_results_section_is_replaced_in_place(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\nbuild table\n", encoding="utf-8")
    _write_section(results, "first\n")
    _write_section(results, "second\n")
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Results\n\nbuild table\n")
    assert text.count(SECTION_START) == 1 and text.count(SECTION_END) == 1
    assert "second" in text and "first" not in text
