"""Benchmarks: the harness that measures builds, and the import's benchmark (both
run on the sites testbed generates)."""
