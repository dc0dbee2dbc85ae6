"""The CI workflow passes a schema check and a workflow linter (offline)."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def test_workflows_are_valid_and_lint_clean():
    assert WORKFLOWS
    for command in (
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows"],
        [BIN / "zizmor", "--offline", "--no-progress"],
    ):
        result = subprocess.run(
            [*map(str, command), *map(str, WORKFLOWS)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
