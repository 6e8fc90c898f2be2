"""The moving parts the reliability runs start for themselves, all on loopback and all their own:
a PostgreSQL cluster, a Redis server, gunicorn serving the portal, a Celery worker and an SMTP
sink. The shared PostgreSQL and Redis of the other tests are never touched.

Each is a context manager that cleans up in ``finally`` with bounded waits; each can be stopped
and started again in the middle of a run (that is the point of the fault scenarios).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _postgres_bin() -> Path:
    """RELIABILITY_PG_BIN, else the newest PostgreSQL that Debian's packages installed."""
    if os.environ.get("RELIABILITY_PG_BIN"):
        return Path(os.environ["RELIABILITY_PG_BIN"])
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return versions[-1] if versions else Path("/usr/lib/postgresql/bin")


PG_BIN = _postgres_bin()
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], bool], what: str, timeout: float = START_TIMEOUT, tick: float = 0.1
) -> float:
    """Poll ``condition`` every ``tick`` seconds until it holds; return the seconds it took, or
    raise ``TimeoutError`` after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(tick)
    return time.monotonic() - started


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


class PostgresCluster:
    """A throw-away cluster (initdb into a temporary folder, trust authentication, own port).

    PostgreSQL refuses to run as root: as root, the cluster runs as the ``postgres`` user.
    """

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.data = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, timeout: float = START_TIMEOUT) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=timeout)

    def _pg_ctl(self, *args: str) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-w", "-t", str(int(START_TIMEOUT)), *args,
        )  # fmt: skip

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.data.parent, user="postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c fsync=on"
        )
        self._options = ["-o", options]

    def start(self) -> None:
        self._pg_ctl(*self._options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "stop")

    def restart(self) -> None:
        """A fast restart: every connection is cut, uncommitted transactions roll back."""
        self._pg_ctl(*self._options, "-m", "fast", "restart")

    def createdb(self, name: str) -> None:
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "postgres", name)  # fmt: skip


@contextmanager
def postgres_cluster():
    workdir = Path(tempfile.mkdtemp(prefix="reliability-pg-"))
    cluster = PostgresCluster(workdir)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        with suppress(subprocess.SubprocessError, OSError):
            cluster.stop("immediate")
        shutil.rmtree(workdir, ignore_errors=True)


class RedisServer:
    """``redis-server`` without persistence on its own port."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(lambda: port_open(self.port), "Redis answering")

    def stop(self) -> None:
        _stop(self.process)
        wait_until(lambda: not port_open(self.port), "Redis stopping", STOP_TIMEOUT)


@contextmanager
def redis_server():
    workdir = Path(tempfile.mkdtemp(prefix="reliability-redis-"))
    server = RedisServer(workdir)
    try:
        server.start()
        yield server
    finally:
        _stop(server.process)
        shutil.rmtree(workdir, ignore_errors=True)


def portal_environment(**settings: str) -> dict[str, str]:
    """The environment of the portal's processes: development settings, the given services."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "EMAIL_URL"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="cooperation.settings", **settings)
    return environment


class Gunicorn:
    def __init__(self, environment: dict[str, str], log: Path, workers: int = 3, threads: int = 8):
        self.port = free_port()
        self.environment = environment
        self.log = log
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def start(self) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "cooperation.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--worker-class", "gthread", "--threads", str(self.threads),
            "--timeout", "30", "--graceful-timeout", "5",
        ]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.environment, stdout=log, stderr=log
            )
        wait_until(self.healthy, "gunicorn answering /healthz")


@contextmanager
def gunicorn(environment: dict[str, str], log: Path):
    server = Gunicorn(environment, log)
    try:
        server.start()
        yield server
    finally:
        _stop(server.process)


class CeleryWorker:
    """A ``celery worker --pool=solo``; ``kill()`` is SIGKILL: no shutdown, no acknowledgement."""

    def __init__(self, environment: dict[str, str], log: Path):
        self.environment = environment
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "celery", "-A", "cooperation", "worker",
                   "--pool=solo", "-l", "info", "--without-gossip", "--without-mingle",
                   "-n", f"reliability-{os.getpid()}-{time.monotonic_ns()}@%h"]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.environment, stdout=log, stderr=log
            )

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)

    def stop(self) -> None:
        _stop(self.process)


@contextmanager
def celery_worker(environment: dict[str, str], log: Path):
    worker = CeleryWorker(environment, log)
    try:
        worker.start()
        yield worker
    finally:
        _stop(worker.process)


@dataclass
class SmtpSink:
    """Every message the portal sends, by Message-ID (to count duplicates)."""

    port: int = field(default_factory=free_port)
    received: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it so
        message_id = next(
            (
                line.split(":", 1)[1].strip()
                for line in envelope.content.decode(errors="replace").splitlines()
                if line.lower().startswith("message-id:")
            ),
            "",
        )
        with self.lock:
            for _recipient in envelope.rcpt_tos:
                self.received[message_id] += 1
        return "250 OK"


@contextmanager
def smtp_sink():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
