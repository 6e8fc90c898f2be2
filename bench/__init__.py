"""Benchmarks of the portal against large generated data on PostgreSQL: ``python -m bench``.

Each benchmark module exposes ``run(options) -> str`` (a Markdown report) and is listed in
``bench.__main__.BENCHMARKS``. Data lives in separate databases (``bench.database``), generated on
the first run and kept for the next ones. These are measurements, not tests: nothing here runs
under pytest.
"""
