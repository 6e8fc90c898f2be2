"""Who may manage calls and act on applications (built on ``accounts.rules``)."""

import rules

from accounts.rules import is_programme_staff


@rules.predicate
def is_applicant(user, application) -> bool:
    return (
        application is not None
        and user is not None
        and user.is_authenticated
        and application.expert.user_id == user.pk
    )


can_manage_calls = is_programme_staff
