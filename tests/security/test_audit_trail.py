"""The audit trail page (officers and managers read it) and the audit records of role changes."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditRecord
from audit.services import audit_record_create
from tests.factories import (
    ExpertUserFactory,
    InstitutionFactory,
    ManagerFactory,
    OfficerFactory,
    PartnerUserFactory,
    RequestFactory,
)
from tests.security.authorization_matrix import ENTRIES, QUERIES, TARGETS
from tests.security.world import AUDIENCES, build_world

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:record_list")


def records_on_page(response) -> list[tuple[str, str]]:
    return [(record.action, str(record.target)) for record in response.context["page_obj"]]


@pytest.mark.parametrize("factory", [OfficerFactory, ManagerFactory])
def test_programme_staff_read_the_trail(client, factory):
    client.force_login(factory())

    assert client.get(TRAIL).status_code == 200


@pytest.mark.parametrize("factory", [PartnerUserFactory, ExpertUserFactory])
def test_the_trail_does_not_exist_for_partners_and_experts(client, factory):
    client.force_login(factory())

    assert client.get(TRAIL).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(TRAIL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_trail_shows_who_did_what_to_which_record_newest_first(client):
    officer = OfficerFactory(full_name="Olga Officer")
    request = RequestFactory(title="Pension reform")
    audit_record_create(
        target=request, actor=officer, action="submit", from_state="draft", to_state="submitted"
    )
    audit_record_create(target=request.lead_institution, actor=officer, action="verify")
    client.force_login(ManagerFactory())

    response = client.get(TRAIL)

    assert records_on_page(response) == [
        ("verify", str(request.lead_institution)),
        ("submit", "Draft – Pension reform"),
    ]
    assert "Olga Officer" in response.content.decode()


def test_the_trail_filters_by_actor_action_kind_record_and_date(client):
    olga = OfficerFactory(full_name="Olga Officer", email="olga@example.org")
    marta = ManagerFactory(full_name="Marta Manager")
    first, second = RequestFactory(), RequestFactory()
    institution = InstitutionFactory()
    audit_record_create(target=first, actor=olga, action="submit")
    audit_record_create(target=second, actor=marta, action="accept")
    audit_record_create(target=institution, actor=marta, action="verify")
    old = audit_record_create(target=second, actor=olga, action="submit")
    AuditRecord.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    client.force_login(marta)
    request_kind = ContentType.objects.get_for_model(first).pk
    last_week = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()

    def actions(**params) -> list[str]:
        return sorted(r.action for r in client.get(TRAIL, params).context["page_obj"])

    assert actions(actor="olga@") == ["submit", "submit"]
    assert actions(actor="marta") == ["accept", "verify"]
    assert actions(action="submit") == ["submit", "submit"]
    assert actions(content_type=request_kind) == ["accept", "submit", "submit"]
    assert actions(content_type=request_kind, object_id=second.pk) == ["accept", "submit"]
    assert actions(date_from=last_week) == ["accept", "submit", "verify"]
    assert actions(date_until=last_week) == ["submit"]


def test_the_trail_page_makes_the_same_queries_for_3_or_30_records(client):
    officer = OfficerFactory()
    client.force_login(ManagerFactory())

    def add_records(count: int) -> None:
        for _ in range(count):
            audit_record_create(target=RequestFactory(), actor=officer, action="submit")
            audit_record_create(target=InstitutionFactory(), actor=officer, action="verify")
            audit_record_create(target=PartnerUserFactory(), actor=None, action="role_change")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TRAIL).status_code == 200
        return len(captured)

    add_records(1)
    few = queries()
    add_records(9)

    assert queries() == few


def test_text_in_the_trail_is_shown_escaped(client):
    request = RequestFactory(title="<script>alert('title')</script>")
    audit_record_create(
        target=request,
        actor=OfficerFactory(),
        action="reject",
        comment="<img src=x onerror=alert(1)>",
        data={"<b>key</b>": "<script>alert('data')</script>"},
    )
    client.force_login(ManagerFactory())

    page = client.get(TRAIL).content.decode()

    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_role_change_in_the_admin_is_recorded(client):
    manager = ManagerFactory()
    user = PartnerUserFactory()
    client.force_login(manager)

    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": user.full_name,
            "role": Role.OFFICER,
            "email_verified": "on",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).role == Role.OFFICER
    assert list(
        AuditRecord.objects.values_list("action", "actor", "object_id", "from_state", "to_state")
    ) == [("role_change", manager.pk, str(user.pk), Role.PARTNER, Role.OFFICER)]


def test_deactivating_an_account_in_the_admin_is_recorded(client):
    manager = ManagerFactory()
    user = ExpertUserFactory()
    client.force_login(manager)

    client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": user.full_name,
            "role": Role.EXPERT,
            "email_verified": "on",
        },
    )

    assert list(AuditRecord.objects.values_list("action", "object_id")) == [
        ("account_deactivate", str(user.pk))
    ]


EXPORTS = sorted(name for name in ENTRIES if "export" in name.rpartition(":")[2])


@pytest.mark.parametrize("url_name", EXPORTS)
def test_every_export_leaves_an_audit_record_of_who_exported(client, url_name):
    entry = ENTRIES[url_name]
    world = build_world()
    exporter = next(a for a in AUDIENCES if entry.expected[a] == "200")
    client.force_login(world.user(exporter))
    url = reverse(url_name, kwargs=TARGETS[entry.target](world))
    if url_name in QUERIES:
        url = f"{url}?{QUERIES[url_name]}"

    response = client.get(url) if entry.method == "GET" else client.post(url)

    assert response.status_code == 200
    assert list(AuditRecord.objects.values_list("actor", flat=True)) == [world.user(exporter).pk]
