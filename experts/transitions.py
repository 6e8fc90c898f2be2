"""The roster state machine: every change of an expert's roster status goes through here.

draft → applied (the expert submits a complete profile) → approved | rejected (a manager vets);
rejected → applied again once the expert has acted on the note; approved ⇄ suspended (a manager);
any state → draft when the expert withdraws consent (off the roster until they consent and apply
again); any state → anonymised when the expert asks for deletion.
"""

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from audit.statemachine import StateMachine, Transition, TransitionNotAllowed
from notifications.services import notify

from .models import Expert, RosterStatus, expert_cv_path
from .rules import can_edit_profile, can_vet_expert, is_profile_owner
from .selectors import expert_completeness

S = RosterStatus
VETTING_TRANSITIONS = ("approve", "reject", "suspend", "reinstate")


def _guard_complete(expert: Expert, actor) -> None:
    missing = expert_completeness(expert).missing
    if missing:
        raise TransitionNotAllowed(
            _("Your profile cannot be submitted yet. Please complete: %(items)s.")
            % {"items": ", ".join(item.label for item in missing)}
        )


def _guard_consent(expert: Expert, actor) -> None:
    if expert.consent_given_at is None:
        raise TransitionNotAllowed(
            _("The expert has withdrawn consent to the processing of their data.")
        )


def _guard_approvable(expert: Expert, actor) -> None:
    """The expert may have changed the profile while it waited: approve only what is complete."""
    _guard_consent(expert, actor)
    missing = expert_completeness(expert).missing
    if missing:
        raise TransitionNotAllowed(
            _("The profile is no longer complete, so it cannot be approved. Missing: %(items)s.")
            % {"items": ", ".join(item.label for item in missing)}
        )


def _notify_managers_of_application(expert: Expert, actor, comment: str) -> None:
    managers = get_user_model().objects.filter(role=Role.MANAGER, is_active=True)
    notify(
        event="expert_applied",
        key=f"expert_applied:{expert.pk}:{expert.updated_at.timestamp()}",
        recipients=managers,
        title=_("%(name)s asks to join the roster") % {"name": expert.user.full_name},
        url=reverse("experts:roster_detail", kwargs={"pk": expert.pk}),
    )


def _notify_expert_of_decision(expert: Expert, actor, comment: str) -> None:
    titles = {
        S.APPROVED: _("Your roster profile is approved"),
        S.REJECTED: _("Your roster profile was not approved"),
        S.SUSPENDED: _("Your roster profile is suspended"),
    }
    notify(
        event="profile_vetted",
        key=f"profile_vetted:{expert.pk}:{expert.updated_at.timestamp()}",
        recipients=[expert.user],
        title=titles[expert.roster_status],
        body=comment,
        url=reverse("experts:home"),
    )


def _erase_personal_data(expert: Expert, actor, comment: str) -> None:
    """Keep the row for statistics (nationality, employer type, themes, mission history);
    remove everything that identifies the person, and close the account."""
    expert.languages.all().delete()
    expert.unavailable_periods.all().delete()
    expert.countries_of_experience.clear()
    expert.conflict_institutions.clear()
    user = expert.user
    user.full_name = str(_("Anonymised expert"))
    user.email = f"anonymised-expert-{expert.pk}@anonymised.invalid"
    user.email_verified = False
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "email_verified", "is_active", "password"])
    user.notifications.all().delete()
    cv_folder = expert_cv_path(expert, "").rstrip("/")
    transaction.on_commit(lambda: _delete_folder_files(cv_folder))


def _delete_folder_files(folder: str) -> None:
    if not default_storage.exists(folder):
        return
    for name in default_storage.listdir(folder)[1]:
        default_storage.delete(f"{folder}/{name}")


ROSTER_MACHINE = StateMachine(
    model=Expert,
    field_name="roster_status",
    transitions=[
        Transition(
            "submit",
            gettext_lazy("Submit for vetting"),
            (S.DRAFT, S.REJECTED),
            S.APPLIED,
            allowed=can_edit_profile,
            guard=_guard_complete,
            effects=(_notify_managers_of_application,),
        ),
        Transition(
            "approve",
            gettext_lazy("Approve"),
            (S.APPLIED,),
            S.APPROVED,
            allowed=can_vet_expert,
            guard=_guard_approvable,
            effects=(_notify_expert_of_decision,),
        ),
        Transition(
            "reject",
            gettext_lazy("Reject"),
            (S.APPLIED,),
            S.REJECTED,
            allowed=can_vet_expert,
            effects=(_notify_expert_of_decision,),
        ),
        Transition(
            "suspend",
            gettext_lazy("Suspend"),
            (S.APPROVED,),
            S.SUSPENDED,
            allowed=can_vet_expert,
            effects=(_notify_expert_of_decision,),
        ),
        Transition(
            "reinstate",
            gettext_lazy("Reinstate"),
            (S.SUSPENDED,),
            S.APPROVED,
            allowed=can_vet_expert,
            guard=_guard_consent,
            effects=(_notify_expert_of_decision,),
        ),
        Transition(
            "withdraw_consent",
            gettext_lazy("Withdraw consent"),
            (S.DRAFT, S.APPLIED, S.APPROVED, S.REJECTED, S.SUSPENDED),
            S.DRAFT,
            allowed=can_edit_profile,
        ),
        Transition(
            "anonymise",
            gettext_lazy("Delete my profile"),
            (S.DRAFT, S.APPLIED, S.APPROVED, S.REJECTED, S.SUSPENDED),
            S.ANONYMISED,
            allowed=is_profile_owner,
            effects=(_erase_personal_data,),
        ),
    ],
)
