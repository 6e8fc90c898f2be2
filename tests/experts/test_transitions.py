"""The roster state machine: submission, vetting, consent and deletion, each audited."""

import pytest

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from experts import services
from experts.models import RosterStatus
from notifications.models import Notification
from tests.factories import ExpertFactory, ManagerFactory, OfficerFactory
from tests.factories.experts import CompleteExpertFactory, DraftExpertFactory

pytestmark = pytest.mark.django_db


def test_submit_refuses_an_incomplete_profile_and_changes_nothing():
    expert = DraftExpertFactory(position="Director")

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.expert_submit(expert=expert, actor=expert.user)

    assert refusal.value.message.startswith(
        "Your profile cannot be submitted yet. Please complete: Nationality, Current employer, "
    )
    expert.refresh_from_db()
    assert expert.roster_status == RosterStatus.DRAFT
    assert AuditRecord.objects.count() == 0


def test_submit_applies_and_tells_the_managers():
    manager = ManagerFactory()
    OfficerFactory()
    expert = CompleteExpertFactory()

    expert = services.expert_submit(expert=expert, actor=expert.user)

    assert expert.roster_status == RosterStatus.APPLIED
    record = AuditRecord.objects.get()
    assert (record.action, record.from_state, record.to_state, record.actor) == (
        "submit",
        "draft",
        "applied",
        expert.user,
    )
    assert list(Notification.objects.values_list("recipient", "event")) == [
        (manager.pk, "expert_applied")
    ]


def test_submit_is_only_for_the_profile_owner():
    expert = CompleteExpertFactory()
    other = DraftExpertFactory()

    with pytest.raises(TransitionNotAllowed):
        services.expert_submit(expert=expert, actor=other.user)


def test_manager_approves_an_application_with_a_note_sent_to_the_expert():
    manager = ManagerFactory()
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)

    expert = services.expert_vet(expert=expert, actor=manager, action="approve", note="Welcome!")

    assert (expert.roster_status, expert.vetting_note) == (RosterStatus.APPROVED, "Welcome!")
    notification = Notification.objects.get(recipient=expert.user)
    assert (notification.event, notification.body) == ("profile_vetted", "Welcome!")
    assert AuditRecord.objects.get().comment == "Welcome!"


def test_approve_is_refused_when_the_profile_is_no_longer_complete():
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)
    expert.languages.all().delete()

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.expert_vet(expert=expert, actor=ManagerFactory(), action="approve", note="")

    assert refusal.value.message == (
        "The profile is no longer complete, so it cannot be approved. "
        "Missing: A working language at B2 or better."
    )


def test_officer_may_not_vet():
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.expert_vet(expert=expert, actor=OfficerFactory(), action="approve", note="")

    assert refusal.value.message == "You may not “Approve” here."


def test_expert_may_not_approve_their_own_profile():
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)

    with pytest.raises(TransitionNotAllowed):
        services.expert_vet(expert=expert, actor=expert.user, action="approve", note="")


def test_approve_is_refused_for_a_draft():
    expert = DraftExpertFactory()

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.expert_vet(expert=expert, actor=ManagerFactory(), action="approve", note="")

    assert refusal.value.message == (
        "“Approve” is not possible while the status is “Profile in progress”."
    )


def test_suspend_and_reinstate():
    manager = ManagerFactory()
    expert = ExpertFactory()

    expert = services.expert_vet(expert=expert, actor=manager, action="suspend", note="Conflict")
    assert expert.roster_status == RosterStatus.SUSPENDED
    expert = services.expert_vet(expert=expert, actor=manager, action="reinstate", note="")
    assert expert.roster_status == RosterStatus.APPROVED
    assert list(AuditRecord.objects.order_by("id").values_list("action", flat=True)) == [
        "suspend",
        "reinstate",
    ]


def test_rejected_expert_may_apply_again():
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)
    services.expert_vet(expert=expert, actor=ManagerFactory(), action="reject", note="No CV")

    expert = services.expert_submit(expert=expert, actor=expert.user)

    assert expert.roster_status == RosterStatus.APPLIED


def test_vet_refuses_an_action_that_is_not_vetting():
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)

    with pytest.raises(ValueError):
        services.expert_vet(expert=expert, actor=ManagerFactory(), action="anonymise", note="")


def test_withdrawing_consent_takes_an_approved_expert_off_the_roster():
    expert = ExpertFactory()

    expert = services.expert_consent_withdraw(expert=expert, actor=expert.user)

    assert (expert.roster_status, expert.consent_given_at) == (RosterStatus.DRAFT, None)
    assert AuditRecord.objects.get().action == "withdraw_consent"


def test_reinstate_is_refused_without_consent():
    expert = ExpertFactory(roster_status=RosterStatus.SUSPENDED, consent_given_at=None)

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.expert_vet(expert=expert, actor=ManagerFactory(), action="reinstate", note="")

    assert refusal.value.message == (
        "The expert has withdrawn consent to the processing of their data."
    )
