"""Signed tokens: the answer links of an invitation e-mail and the calendar feed of a user.

An answer link carries the invitation's id and its nonce, signed with a salt per answer (an
accept link cannot decline). It works while the invitation waits for an answer and its deadline
has not passed: once answered, withdrawn or expired, the same link no longer does anything.
"""

from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from .models import Invitation, InvitationStatus

ACCEPT = "accept"
DECLINE = "decline"
ANSWERS = (ACCEPT, DECLINE)

_ANSWER_SALT = "missions.invitation.%s"
_CALENDAR_SALT = "missions.calendar-feed"


class InvitationLinkError(Exception):
    """The link cannot be used; ``message`` says why and ``status`` is the HTTP status to show."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvitationLinkGone(InvitationLinkError):
    """The link was genuine but has expired or has already been used."""

    status = 410


def invitation_token(invitation: Invitation, answer: str) -> str:
    return signing.dumps(
        {"i": invitation.pk, "n": invitation.token_nonce}, salt=_ANSWER_SALT % answer
    )


def invitation_from_token(token: str, answer: str) -> Invitation:
    """The invitation an answer link stands for; raise ``InvitationLinkError`` if it is not
    usable (tampered, for another answer, expired or already used)."""
    invalid = InvitationLinkError(
        _("This link is not valid. Please check that you copied the whole address.")
    )
    if answer not in ANSWERS:
        raise invalid
    try:
        payload = signing.loads(token, salt=_ANSWER_SALT % answer)
    except signing.BadSignature as error:
        raise invalid from error
    if not isinstance(payload, dict):
        raise invalid
    invitation = (
        Invitation.objects.select_related("mission__action", "mission__country", "expert__user")
        .filter(pk=payload.get("i"))
        .first()
    )
    if invitation is None:
        raise invalid
    expired = InvitationLinkGone(
        _("This link has expired: the deadline to answer the invitation has passed.")
    )
    if invitation.status == InvitationStatus.EXPIRED:
        raise expired
    if invitation.status != InvitationStatus.INVITED:
        raise InvitationLinkGone(
            _(
                "This link has already been used or the invitation is closed: its status is "
                "“%(status)s”."
            )
            % {"status": invitation.get_status_display()}
        )
    if not invitation.token_nonce or not constant_time_compare(
        invitation.token_nonce, str(payload.get("n", ""))
    ):
        raise invalid
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
