"""Benchmark: a generated Vietnamese corpus, and the harness that measures builds."""
