"""Short versions of the reliability runs (``python -m reliability``, docs/reliability.md).

Each starts its own PostgreSQL cluster, Redis server, gunicorn and Celery worker on loopback (the
shared services are never touched) and runs for seconds, not minutes. They run in the PostgreSQL
pass of .ci/run, where the PostgreSQL and Redis binaries are installed.
"""

import json
import shutil
import subprocess
import sys

import pytest

from reliability.services import PG_BIN, PROJECT_DIR
from tests.conftest import require_service

pytestmark = pytest.mark.postgres

RUN_TIMEOUT = 180  # seconds, set-up included: each run itself is bounded far below this


def run(scenario: str, *options: str) -> dict:
    if not (PG_BIN / "initdb").exists() or shutil.which("redis-server") is None:
        require_service(f"the reliability runs need {PG_BIN}/initdb and redis-server")
    result = subprocess.run(
        [sys.executable, "-m", "reliability", scenario, *options],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["failures"] == [], result.stderr[-3000:]
    return report["figures"]


def test_portal_answers_again_within_seconds_of_a_postgres_restart():
    figures = run("postgres-restart", "--seconds", "24", "--partners", "8", "--staff", "4")

    assert figures["portal_back_after_seconds"] < 15
    assert figures["submitted_in_database"] >= figures["submissions_confirmed"] > 0
    assert figures["submitted_incomplete"] == figures["drafts_with_reference"] == 0


def test_no_notification_is_lost_or_doubled_while_redis_is_down():
    figures = run("redis-outage", "--seconds", "24", "--partners", "6", "--staff", "2")

    assert figures["distinct_messages"] == figures["messages_received"] > 0


def test_work_of_a_killed_worker_completes_once_after_its_restart():
    figures = run("worker-kill")

    assert figures["shortlists_when_killed"]["done"] < figures["shortlists"]
    assert figures["shortlists_at_the_end"] == {"done": figures["shortlists"]}
    # Each notification's message arrived; at most the one being sent at each of the two kills
    # arrived twice (with the same Message-ID).
    assert figures["distinct_messages"] == figures["emails_recorded_sent"]
    assert figures["messages_received"] - figures["distinct_messages"] <= 2
