"""The page benchmark at a tiny size, so that it never rots: the figures come from `make bench`.

PostgreSQL only: the generator COPYs and the roster's match profile is a PostgreSQL function.
"""

import json

import pytest

from bench import matching, pages

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EXPERTS = 300
REQUESTS = 200


def test_page_benchmark_runs_at_a_tiny_size(tmp_path):
    matching.roster_generate(EXPERTS)
    pages.requests_generate(REQUESTS)

    results = pages.measure("tiny", REQUESTS, EXPERTS, repeat=1)

    by_name = {result.name.split(" (")[0]: result for result in results}
    assert {
        "layout: a staff page with no content",
        "queue: unfiltered",
        "queue: country + theme",
        "queue: text search",
        "queue: deep page",
        "roster: theme + language + availability",
        "matching shortlist",
        "dashboard",
        "dashboard: figures computed",
        "partner: my requests",
        "partner: request submission",
    } <= set(by_name)
    for result in results:
        assert result.status == (302 if "submission" in result.name else 200), result.name
        assert 0 < result.queries < 60, result.name
        assert result.median_ms > 0
    for name in ("queue: unfiltered", "queue: country + theme", "queue: deep page"):
        assert {"admin_ms", "floor_ms"} <= set(by_name[name].baseline)
        assert by_name[name].ratio["admin"] > 0
        assert by_name[name].ratio["own_work_floor"] >= 0

    path = tmp_path / "results.json"
    pages.save(results, path)
    rows = json.loads(path.read_text())
    assert {"name", "size", "median_ms", "queries", "baseline", "ratio"} <= set(rows[0])
    assert "| tiny | queue: unfiltered |" in pages.report(results)
