"""Benchmarks for Nyaya (`make bench`). Never part of the test suite: they print timings."""
