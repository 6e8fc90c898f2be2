"""``python -m reliability SCENARIO [--seconds N] [--partners N] [--staff N] [--report FILE]``

Scenarios: ``load`` (partners submit requests while staff browse the queue), ``postgres-restart``
(the same with PostgreSQL restarted during the run), ``redis-outage`` (Redis stopped and started
while notifications are sent) and ``worker-kill`` (the worker killed during matching and during a
batch of notification e-mails). Prints the figures as JSON; exits 1 when a check fails.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from . import faults, scenarios
from .services import postgres_cluster

SCENARIOS = {
    "load": scenarios.load,
    "postgres-restart": scenarios.postgres_restart,
    "redis-outage": faults.redis_outage,
    "worker-kill": faults.worker_kill,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability", description=__doc__)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--seconds", type=float, default=60, help="how long the users act")
    parser.add_argument("--partners", type=int, default=50, help="partner users submitting")
    parser.add_argument("--staff", type=int, default=20, help="staff users browsing the queue")
    parser.add_argument("--report", type=Path, help="also write the figures to this JSON file")
    options = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="reliability-"))
    with postgres_cluster() as cluster:
        report = SCENARIOS[options.scenario](
            cluster,
            workdir,
            partners=options.partners,
            staff=options.staff,
            seconds=options.seconds,
        )
    result = {
        "scenario": report.scenario,
        "passed": report.passed,
        "failures": report.failures,
        "figures": report.figures,
        "logs": str(workdir),
    }
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if options.report:
        options.report.write_text(text)
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
