"""Who may change partner institutions and answer requests to join them."""

import rules

from accounts.rules import is_partner, is_programme_staff

from .selectors import focal_point_institution_ids_of


@rules.predicate
def is_focal_point_of_institution(user, institution) -> bool:
    return institution is not None and institution.pk in focal_point_institution_ids_of(user)


@rules.predicate
def is_focal_point_of_membership_institution(user, membership) -> bool:
    return (
        membership is not None
        and membership.institution_id in focal_point_institution_ids_of(user)
        and membership.user_id != user.pk
    )


can_change_institution = is_partner & is_focal_point_of_institution
can_decide_membership = (is_partner & is_focal_point_of_membership_institution) | is_programme_staff

rules.add_perm("partners.change_institution", can_change_institution)
rules.add_perm("partners.decide_membership", can_decide_membership)
