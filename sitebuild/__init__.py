"""The build: checks the sources, runs Pelican once per language, swaps the output."""
