"""Production mode: the deploy checks pass, and a bad environment stops start-up by name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "k" * 30 + "-production-secret-for-the-test-only"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "EMAIL_URL"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="cooperation.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "named"),
    [
        (
            {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "portal.example.org"},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": SECRET}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "perhaps"}, "DJANGO_DEBUG"),
        ({"DATABASE_URL": "mongodb://127.0.0.1/portal"}, "DATABASE_URL"),
        ({"EMAIL_URL": "carrier-pigeon://loft"}, "EMAIL_URL"),
    ],
)
def test_bad_environment_stops_start_up_naming_the_variable(env, named):
    result = run_manage("check", **env)

    assert result.returncode != 0
    assert named in result.stderr.strip().splitlines()[-1]
