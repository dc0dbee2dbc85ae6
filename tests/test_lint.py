"""The code stays lint-clean and formatted (ruff, configured in pyproject.toml)."""

import subprocess
import sys

from conftest import ROOT


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
