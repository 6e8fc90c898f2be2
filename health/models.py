from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One sign of life from a Celery worker, written by ``health.tasks.record_heartbeat``.

    Celery beat queues that task every minute, and a manager can queue it by hand from the
    system status page: the newest row says when a worker last took a task off the queue.
    """

    hostname = models.CharField(_("worker"), max_length=255)
    task_id = models.CharField(_("task id"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.hostname} @ {self.created_at:%Y-%m-%d %H:%M:%S}"
