"""The seed article's page must not drift unnoticed (regenerate: invoke golden)."""

import difflib

import pytest
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
PAGES = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.html"))


def test_golden_pages_exist():
    assert PAGES, "no golden page: run `invoke golden`"


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_page_matches_its_golden_copy(real_site, page):
    expected = (GOLDEN / page).read_text(encoding="utf-8")
    actual = (real_site / page).read_text(encoding="utf-8")
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(),
                actual.splitlines(),
                "golden",
                "built",
                lineterm="",
            )
        )
        pytest.fail(
            f"{page} differs from its golden copy (run `invoke golden` if "
            f"the change is intended):\n{diff[:4000]}"
        )
