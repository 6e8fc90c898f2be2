"""Which PostgreSQL server and database names `make bench` uses (bench.database.bench_url)."""

import pytest

from bench.database import DEFAULT_URL, bench_url


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, DEFAULT_URL),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, DEFAULT_URL),
        (
            {"DATABASE_URL": "postgres://app@db.example:5433/portal"},
            "postgres://app@db.example:5433/portal_bench",
        ),
        (
            {"DATABASE_URL": "postgres://app@db/portal", "BENCH_DATABASE_URL": "postgres://b@h/x"},
            "postgres://b@h/x",
        ),
    ],
)
def test_bench_url(monkeypatch, environment, expected):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert bench_url() == expected
