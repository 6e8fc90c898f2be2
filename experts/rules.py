"""Who may see, change and vet expert profiles, and who may be invited to missions."""

import rules

from accounts.rules import is_expert, is_manager

from .models import Expert, RosterStatus


def expert_can_be_invited(expert: Expert) -> bool:
    """Only approved experts who still consent to the processing of their data are matched,
    invited, or may accept an invitation."""
    return (
        expert.roster_status == RosterStatus.APPROVED
        and expert.consent_given_at is not None
        and expert.anonymised_at is None
    )


@rules.predicate
def is_profile_owner(user, expert: Expert | None) -> bool:
    return expert is not None and user.is_authenticated and expert.user_id == user.pk


@rules.predicate
def is_active_profile(user, expert: Expert | None) -> bool:
    return expert is not None and expert.roster_status != RosterStatus.ANONYMISED


@rules.predicate
def is_approved_expert(user) -> bool:
    """The user is an expert whose own profile may be invited (for the invitation answer)."""
    if not is_expert(user):
        return False
    try:
        expert = user.expert_profile  # cached on the user after the first look-up
    except Expert.DoesNotExist:
        return False
    return expert_can_be_invited(expert)


can_edit_profile = is_expert & is_profile_owner & is_active_profile
can_vet_expert = is_manager & is_active_profile

rules.add_perm("experts.change_expert", can_edit_profile)
rules.add_perm("experts.vet_expert", can_vet_expert)
