"""Notification e-mails through Redis, a real Celery worker and a real SMTP server (aiosmtpd).

The worker here is this module's own (it must send to the SMTP sink, with short sweep and retry
delays, and one test kills it): the session's worker stops consuming for the module's duration.
Beat does not run in tests; ``run_beat_until`` queues the sweep every second, as beat would.
Run with CELERY_BROKER_URL set, on PostgreSQL (see tests/conftest.py).
"""

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import transaction

from cooperation.celery import app
from health.models import WorkerHeartbeat
from health.tasks import record_heartbeat
from notifications import tasks
from notifications.emails import message_id
from notifications.models import DeliveryStatus, Notification
from notifications.services import notify
from tests.conftest import (
    ARTIFACTS_DIR,
    PROJECT_DIR,
    WORKER_START_TIMEOUT,
    WORKER_STOP_TIMEOUT,
    _broker_url,
    _log_tail,
    _test_database_url,
)
from tests.factories.accounts import UserFactory

WAIT = 60.0  # every wait in this module is bounded by this many seconds
SWEEP_AFTER = 1
CLAIM_TIMEOUT = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], bool], what: str, *, tick: Callable[[], object] | None = None
) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {WAIT:.0f} s", pytrace=False)
        if tick is not None:
            tick()
        time.sleep(0.5)


# --- The SMTP server ----------------------------------------------------------------------------


class SmtpSink:
    """An aiosmtpd handler that keeps every message it accepts.

    ``on_rcpt(address)`` may return an SMTP reply to refuse a recipient (or act, e.g. kill the
    worker mid-transaction); ``busy`` addresses get one "451" to their DATA, then are accepted.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.messages: list[email.message.EmailMessage] = []
            self.on_rcpt: Callable[[str], str | None] | None = None
            self.busy: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        reply = self.on_rcpt(address) if self.on_rcpt else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            busy = [address for address in envelope.rcpt_tos if address in self.busy]
            if busy:
                self.busy.difference_update(busy)
                return "451 4.3.0 Mailbox busy, try again later"
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def message_ids(self) -> Counter:
        with self.lock:
            return Counter(message["Message-ID"] for message in self.messages)


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


@pytest.fixture
def sink(smtp_server) -> SmtpSink:
    smtp_server[0].reset()
    return smtp_server[0]


# --- The worker -------------------------------------------------------------------------------


class NotificationWorker:
    """This module's ``celery worker --pool=solo``, sending to the SMTP sink; can be killed."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.hostname = ""
        self.process: subprocess.Popen | None = None
        self.log_path = ARTIFACTS_DIR / "celery-worker-notifications.log"

    def start(self) -> None:
        self.hostname = f"pytest-notifications-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        command = [
            sys.executable, "-m", "celery", "-A", "cooperation", "worker", "--pool=solo",
            "-l", "info", "-n", self.hostname, "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while not app.control.ping(destination=[self.hostname], timeout=1.0):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{_log_tail(self.log_path)}")

    def ensure_running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.start()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, nothing written after this instant."""
        os.kill(self.process.pid, signal.SIGKILL)

    def wait_dead(self) -> None:
        self.process.wait(timeout=WORKER_STOP_TIMEOUT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WORKER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=WORKER_STOP_TIMEOUT)

    def drain(self) -> None:
        """Wait until the worker has run every task queued so far (the queue is FIFO and the
        solo pool runs one task at a time, so a heartbeat queued last comes out last)."""
        WorkerHeartbeat.objects.filter(hostname=self.hostname).delete()
        record_heartbeat.delay()
        wait_until(
            lambda: WorkerHeartbeat.objects.filter(hostname=self.hostname).exists(),
            f"the worker {self.hostname} to empty its queue (log: {self.log_path})",
        )


@pytest.fixture(scope="module")
def notification_worker(celery_worker_process, smtp_server) -> Iterator[NotificationWorker]:
    from django.db import connection

    queue = app.conf.task_default_queue
    session_worker = celery_worker_process.hostname
    app.control.cancel_consumer(queue, destination=[session_worker], reply=True)
    assert app.control.inspect([session_worker]).active_queues() == {session_worker: []}
    worker = NotificationWorker(
        {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cooperation.settings",
            "DATABASE_URL": _test_database_url(connection.settings_dict),
            "CELERY_BROKER_URL": _broker_url(),
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server[1]}",
            "NOTIFICATIONS_RETRY_DELAYS": "1,1,1,1",
            "NOTIFICATIONS_SWEEP_AFTER": str(SWEEP_AFTER),
            "NOTIFICATIONS_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        }
    )
    try:
        yield worker
    finally:
        worker.stop()
        app.control.add_consumer(queue, destination=[session_worker], reply=True)


@pytest.fixture
def worker(notification_worker, transactional_db) -> NotificationWorker:
    notification_worker.ensure_running()
    return notification_worker


def run_beat_until(condition: Callable[[], bool], what: str) -> None:
    """Queue the sweep every second, as beat would every minute, until ``condition`` holds."""
    wait_until(condition, what, tick=tasks.sweep.delay)


def statuses() -> Counter:
    return Counter(Notification.objects.values_list("email_status", flat=True))


def all_sent(count: int) -> Callable[[], bool]:
    return lambda: statuses() == Counter({DeliveryStatus.SENT: count})


def expected_message_id(notification: Notification) -> str:
    return message_id(f"notification:{notification.recipient_id}:{notification.key}")


# --- The tests --------------------------------------------------------------------------------


def test_notification_email_arrives_once_despite_duplicate_deliveries(worker, sink):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    expert = UserFactory(full_name="Erik Expert")

    with transaction.atomic():
        (notification,) = notify(
            event="expert_invited",
            key="expert-invited:1",
            recipients=[expert],
            title="Invitation: peer review of the pension reform",
            url="/invitations/1/",
        )
        assert sink.message_ids() == Counter()  # nothing is queued before the commit
    for _duplicate in range(3):
        tasks.send_email.delay(notification_id=notification.pk)
    tasks.sweep.delay()
    worker.drain()

    assert sink.message_ids() == Counter({expected_message_id(notification): 1})
    (message,) = sink.messages
    assert message["To"] == expert.email
    assert " ".join(message["Subject"].split()) == (
        f"Invitation: peer review of the pension reform – {settings.PORTAL_NAME}"
    )
    assert f"/notifications/{notification.pk}/open/" in message.get_body(("plain",)).get_content()
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (DeliveryStatus.SENT, 1)


def test_worker_killed_mid_batch_and_restarted_sends_each_message_exactly_once(worker, sink):
    experts = UserFactory.create_batch(12)
    kill_at = experts[4].email

    def kill_the_worker_while_it_sends(address: str) -> str | None:
        if address == kill_at and sink.on_rcpt is not None:
            sink.on_rcpt = None
            worker.kill()
            return "421 4.3.2 Connection lost"
        return None

    sink.on_rcpt = kill_the_worker_while_it_sends
    with transaction.atomic():
        notifications = notify(
            event="mission_changed", key="mission-changed:7", recipients=experts, title="Moved"
        )
    worker.wait_dead()

    killed = Notification.objects.get(recipient=experts[4])
    assert killed.email_status == DeliveryStatus.SENDING
    assert statuses()[DeliveryStatus.PENDING] > 0, "the batch was not interrupted in the middle"
    assert len(sink.messages) < len(experts)

    worker.start()
    run_beat_until(all_sent(len(experts)), "every notification sent after the restart")
    worker.drain()

    assert sink.message_ids() == Counter({expected_message_id(n): 1 for n in notifications})
    killed.refresh_from_db()
    assert killed.email_attempts == 2
    assert "stopped while sending" in killed.email_last_error


def test_notifications_recorded_while_the_broker_is_down_arrive_once_it_is_back(worker, sink):
    partners = [UserFactory(email=f"broker-down-{n}@example.org") for n in range(5)]
    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    web_process = """
import django
django.setup()
from django.db import transaction
from accounts.models import User
from notifications.services import notify

for user in User.objects.filter(email__startswith="broker-down-").order_by("pk"):
    with transaction.atomic():
        notify(event="request_submitted", key=f"request-submitted:{user.pk}", recipients=[user],
               title=f"Request of {user.email} received")
"""
    from django.db import connection

    result = subprocess.run(
        [sys.executable, "-c", web_process],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cooperation.settings",
            "DATABASE_URL": _test_database_url(connection.settings_dict),
            "CELERY_BROKER_URL": unreachable,
        },
        capture_output=True,
        text=True,
        timeout=WAIT,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("wait for the sweep") == len(partners), result.stderr
    assert statuses() == Counter({DeliveryStatus.PENDING: len(partners)})
    assert sink.messages == []

    run_beat_until(all_sent(len(partners)), "the sweep to send what waited for the broker")
    worker.drain()

    assert sink.message_ids() == Counter(
        {expected_message_id(n): 1 for n in Notification.objects.all()}
    )
    assert sorted(message["To"] for message in sink.messages) == sorted(p.email for p in partners)


def test_a_busy_mail_server_is_retried_with_back_off_and_the_attempts_recorded(worker, sink):
    expert = UserFactory()
    sink.busy.add(expert.email)

    with transaction.atomic():
        (notification,) = notify(
            event="report_due", key="report-due:1", recipients=[expert], title="Report due"
        )
    wait_until(all_sent(1), "the retried e-mail to be sent")
    worker.drain()

    assert sink.message_ids() == Counter({expected_message_id(notification): 1})
    notification.refresh_from_db()
    assert notification.email_attempts == 2
    assert notification.email_last_error.startswith("SMTPDataError: (451")
