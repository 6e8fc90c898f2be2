"""The queue's unfiltered counts per status come from the trigger-kept totals of migration 0006
on PostgreSQL, and always equal a fresh GROUP BY (cooperation.selectors_staff)."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation import selectors_staff
from cooperation.models import Request, RequestStatus
from cooperation.selectors_staff import request_status_totals, requests_for_staff
from cooperation.tasks import status_totals_compact
from tests.factories import RequestFactory, SubmittedRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def grouped() -> dict[str, int]:
    rows = requests_for_staff().order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def test_totals_follow_inserts_status_changes_and_deletions():
    submitted = SubmittedRequestFactory.create_batch(3)
    RequestFactory()  # a draft: never counted
    assert request_status_totals() == grouped() == {"submitted": 3}

    Request.objects.filter(pk=submitted[0].pk).update(status=RequestStatus.ACCEPTED)
    submitted[1].delete()

    assert request_status_totals() == grouped() == {"submitted": 1, "accepted": 1}


def delta_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cooperation_request_status_delta")
        return cursor.fetchone()[0]


def test_reading_the_totals_never_writes():
    requests = SubmittedRequestFactory.create_batch(4)
    Request.objects.filter(pk__in=[r.pk for r in requests[:2]]).update(status="rejected")
    rows = delta_rows()

    with CaptureQueriesContext(connection) as queries:
        request_status_totals()

    assert [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")] == []
    assert "compact" not in " ".join(q["sql"] for q in queries)
    assert delta_rows() == rows


def test_the_beat_task_folds_the_rows_and_the_totals_stay(monkeypatch):
    monkeypatch.setattr(selectors_staff, "STATUS_DELTAS_COMPACT_AFTER", 2)
    requests = SubmittedRequestFactory.create_batch(4)
    Request.objects.filter(pk__in=[r.pk for r in requests[:2]]).update(status="rejected")
    before = request_status_totals()

    assert status_totals_compact.delay().get() is True
    assert delta_rows() == 2  # one row a status
    assert before == request_status_totals() == grouped() == {"submitted": 2, "rejected": 2}
    assert status_totals_compact.delay().get() is False  # nothing to fold


def test_unfiltered_queue_counts_without_reading_the_requests(client, officer_user):
    SubmittedRequestFactory.create_batch(2)
    client.force_login(officer_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cooperation:staff_home"))

    grouping = [
        q for q in queries if "GROUP BY" in q["sql"] and 'FROM "cooperation_request"' in q["sql"]
    ]
    assert grouping == []
    assert response.context["page_obj"].count == 2
    filtered = client.get(reverse("cooperation:staff_home"), {"q": "nothing like it"})
    assert filtered.context["page_obj"].count == 0
