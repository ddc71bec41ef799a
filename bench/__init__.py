"""Benchmarks: our path against the raw baseline, measured in the same run."""
