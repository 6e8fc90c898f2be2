"""Who may keep contacts, send consultations and override an objection."""

import rules

from accounts.rules import is_manager, is_programme_staff


@rules.predicate
def is_system(user, obj=None) -> bool:
    """No user: the stakeholder through their signed link, or the beat task."""
    return user is None


can_manage_contacts = is_manager
can_send_consultation = is_programme_staff


@rules.predicate
def can_close_consultation(user, consultation=None) -> bool:
    """Staff close a consultation early or send a stakeholder's e-mail again."""
    return user is not None and is_programme_staff.test(user)


@rules.predicate
def can_override_objection(user, consultation=None) -> bool:
    return user is not None and is_manager.test(user)


rules.add_perm("consultations.view_stakeholdercontact", is_programme_staff)
rules.add_perm("consultations.change_stakeholdercontact", can_manage_contacts)
rules.add_perm("consultations.add_consultation", can_send_consultation)
rules.add_perm("consultations.override_consultation", can_override_objection)
rules.add_perm("consultations.close_consultation", can_close_consultation)
