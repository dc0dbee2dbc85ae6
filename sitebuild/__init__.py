"""The build: checks the sources, runs Pelican once per language, swaps the output."""

import sys
from pathlib import Path

# The pure cores of our plugins are importable without Pelican.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
