"""Signed tokens: the answer links of an invitation e-mail and the calendar feed of a user.

An answer link carries the invitation's id and its nonce, signed with a salt per answer (an
accept link cannot decline). It works while the invitation waits for an answer and its deadline
has not passed: once answered, withdrawn or expired, the same link no longer does anything.
"""

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.signed_links import (
    SignedLinkGone,
    link_invalid,
    signed_link_nonce_check,
    signed_link_row,
    signed_link_token,
)

from .models import Invitation, InvitationStatus

ACCEPT = "accept"
DECLINE = "decline"
ANSWERS = (ACCEPT, DECLINE)

_ANSWER_SALT = "missions.invitation.%s"
_ANSWER_KEY = "i"
_CALENDAR_SALT = "missions.calendar-feed"


def invitation_token(invitation: Invitation, answer: str) -> str:
    return signed_link_token(invitation, salt=_ANSWER_SALT % answer, key=_ANSWER_KEY)


def invitation_from_token(token: str, answer: str) -> Invitation:
    """The invitation an answer link stands for; raise ``SignedLinkError`` if it is not
    usable (tampered, for another answer, expired or already used)."""
    if answer not in ANSWERS:
        raise link_invalid()
    invitation, nonce = signed_link_row(
        token,
        Invitation.objects.select_related("mission__action", "mission__country", "expert__user"),
        salt=_ANSWER_SALT % answer,
        key=_ANSWER_KEY,
    )
    expired = SignedLinkGone(
        _("This link has expired: the deadline to answer the invitation has passed.")
    )
    if invitation.status == InvitationStatus.EXPIRED:
        raise expired
    if invitation.status != InvitationStatus.INVITED:
        raise SignedLinkGone(
            _(
                "This link has already been used or the invitation is closed: its status is "
                "“%(status)s”."
            )
            % {"status": invitation.get_status_display()}
        )
    signed_link_nonce_check(invitation, nonce)
    if invitation.deadline and timezone.now() > invitation.deadline:
        raise expired
    return invitation


def calendar_token(user) -> str:
    return signing.dumps(user.pk, salt=_CALENDAR_SALT)


def calendar_user_id(token: str) -> int | None:
    """The id of the user whose calendar feed the token opens, or None if it is not genuine."""
    try:
        user_id = signing.loads(token, salt=_CALENDAR_SALT)
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None
