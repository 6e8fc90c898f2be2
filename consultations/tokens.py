"""The signed link of a consultation e-mail (the stakeholder has no account).

A link carries the addressee's id and nonce, signed with the app's salt
(``accounts/signed_links.py``). It opens the answer page while the consultation waits for answers
and its deadline has not passed; the stakeholder may use it again to replace their answer until
then.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.signed_links import (
    SignedLinkGone,
    signed_link_nonce_check,
    signed_link_row,
    signed_link_token,
)

from .models import Addressee, ConsultationStatus

_SALT = "consultations.answer"
_KEY = "a"


def addressee_token(addressee: Addressee) -> str:
    return signed_link_token(addressee, salt=_SALT, key=_KEY)


def addressee_from_token(token: str) -> Addressee:
    """The addressee a link stands for; raise ``SignedLinkError`` if it is not usable."""
    addressee, nonce = signed_link_row(
        token,
        Addressee.objects.select_related("consultation__request__lead_institution__country"),
        salt=_SALT,
        key=_KEY,
    )
    signed_link_nonce_check(addressee, nonce)
    consultation = addressee.consultation
    if consultation.status != ConsultationStatus.OPEN or (
        timezone.localdate() > consultation.deadline
    ):
        raise SignedLinkGone(
            _(
                "This consultation is closed: the deadline to answer was %(date)s. "
                "Please contact the programme team if you still wish to comment."
            )
            % {"date": formats.date_format(consultation.deadline)}
        )
    return addressee
