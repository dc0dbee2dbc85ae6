"""The code stays lint-clean and formatted (ruff, configured in pyproject.toml), and
its imports run one way: shipped code imports no test helper, tests no benchmark."""

import ast
import subprocess
import sys

from conftest import ROOT

SHIPPED = ("sitebuild", "plugins", "nukeviet_import")
# what each folder's Python files must not import (tests/bench/ tests the benchmarks)
NOT_IMPORTED = {
    **{folder: {"testbed", "bench", "tests", "conftest"} for folder in SHIPPED},
    "testbed": {"bench", "tests", "conftest"},
    "tests": {"bench"},
}


def test_ruff_check_and_format():
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def imported_packages(path) -> set[str]:
    """The top-level packages a Python file imports (absolute imports only)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_imports_run_one_way():
    wrong = []
    for folder, forbidden in NOT_IMPORTED.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative.parts[:2] == ("tests", "bench"):
                continue
            wrong += [f"{relative}: {n}" for n in imported_packages(path) & forbidden]
    assert wrong == []
    assert imported_packages(ROOT / "tests" / "bench" / "test_harness.py") >= {"bench"}
