"""Who may see and act on calls and applications (built on ``accounts.rules``)."""

import rules

from accounts.rules import is_expert, is_programme_staff


@rules.predicate
def is_applicant(user, application) -> bool:
    return (
        application is not None
        and user is not None
        and user.is_authenticated
        and application.expert.user_id == user.pk
    )


can_manage_calls = is_programme_staff
can_withdraw_application = is_expert & is_applicant

rules.add_perm("calls.manage_call", can_manage_calls)
rules.add_perm("calls.withdraw_application", can_withdraw_application)
