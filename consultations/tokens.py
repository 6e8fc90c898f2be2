"""The signed link of a consultation e-mail (the stakeholder has no account).

A link carries the addressee's id and nonce, signed with the app's salt. It opens the answer page
while the consultation waits for answers and its deadline has not passed; the stakeholder may use
it again to replace their answer until then.
"""

from django.core import signing
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from .models import Addressee, ConsultationStatus

_SALT = "consultations.answer"


class ConsultationLinkError(Exception):
    """The link cannot be used; ``message`` says why and ``status`` is the HTTP status to show."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConsultationLinkGone(ConsultationLinkError):
    """The link was genuine but the consultation no longer takes answers."""

    status = 410


def addressee_token(addressee: Addressee) -> str:
    return signing.dumps({"a": addressee.pk, "n": addressee.token_nonce}, salt=_SALT)


def addressee_from_token(token: str) -> Addressee:
    """The addressee a link stands for; raise ``ConsultationLinkError`` if it is not usable."""
    invalid = ConsultationLinkError(
        _("This link is not valid. Please check that you copied the whole address.")
    )
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature as error:
        raise invalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        raise invalid
    addressee = (
        Addressee.objects.select_related("consultation__request__lead_institution__country")
        .filter(pk=payload["a"])
        .first()
    )
    if addressee is None or not constant_time_compare(
        addressee.token_nonce, str(payload.get("n", ""))
    ):
        raise invalid
    consultation = addressee.consultation
    if consultation.status != ConsultationStatus.OPEN or (
        timezone.localdate() > consultation.deadline
    ):
        raise ConsultationLinkGone(
            _(
                "This consultation is closed: the deadline to answer was %(date)s. "
                "Please contact the programme team if you still wish to comment."
            )
            % {"date": formats.date_format(consultation.deadline)}
        )
    return addressee
