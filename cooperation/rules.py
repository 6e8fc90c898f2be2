"""Who may see and change requests and actions."""

import rules

from accounts.rules import is_partner, is_programme_staff
from partners.selectors import institution_ids_of

from .models import RequestStatus


@rules.predicate
def is_member_of_lead_institution(user, request) -> bool:
    return request is not None and request.lead_institution_id in institution_ids_of(user)


can_edit_request_as_partner = is_partner & is_member_of_lead_institution


# --- Staff triage and actions --------------------------------------------------------------------


@rules.predicate
def is_member_of_action_institution(user, action) -> bool:
    if action is None:
        return False
    ids = set(institution_ids_of(user))
    return any(institution.pk in ids for institution in action.institutions.all())


can_triage_requests = is_programme_staff
can_see_internal_notes = is_programme_staff
can_manage_actions = is_programme_staff
can_view_action = is_programme_staff | (is_partner & is_member_of_action_institution)

rules.add_perm("cooperation.triage_request", can_triage_requests)
rules.add_perm("cooperation.view_internal_notes", can_see_internal_notes)
rules.add_perm("cooperation.change_action", can_manage_actions)
rules.add_perm("cooperation.view_action", can_view_action)


# The partner side of a request (issue 3): a partner changes a request while it is a draft or
# while the programme team waits for more information, and writes to the team once it is sent.
PARTNER_EDITABLE_STATES = (RequestStatus.DRAFT, RequestStatus.INFO_REQUESTED)


@rules.predicate
def is_open_for_partner_edits(user, request) -> bool:
    return request is not None and request.status in PARTNER_EDITABLE_STATES


@rules.predicate
def is_sent(user, request) -> bool:
    return request is not None and request.status != RequestStatus.DRAFT


can_change_request_as_partner = can_edit_request_as_partner & is_open_for_partner_edits
can_write_to_staff_as_partner = can_edit_request_as_partner & is_sent
