"""Signed links for people who act without an account: a stakeholder answering a consultation
(``consultations/tokens.py``), an expert answering an invitation (``missions/tokens.py``).

A token carries the row's id and its ``token_nonce``, signed with ``django.core.signing`` and a
salt per use (a link made for one use does not open another). A new nonce revokes the row's
links. Each app decides when a genuine link no longer works (closed, expired: 410).
"""

from django.core import signing
from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _


class SignedLinkError(Exception):
    """The link cannot be used; ``message`` says why and ``status`` is the HTTP status to show."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignedLinkGone(SignedLinkError):
    """The link was genuine but no longer does anything (closed, expired, already used)."""

    status = 410


def link_invalid() -> SignedLinkError:
    return SignedLinkError(
        _("This link is not valid. Please check that you copied the whole address.")
    )


def signed_link_token(row: Model, *, salt: str, key: str) -> str:
    """The token of ``row``: its id under ``key``, its nonce under ``n``, signed with ``salt``."""
    return signing.dumps({key: row.pk, "n": row.token_nonce}, salt=salt)


def signed_link_row(token: str, rows: QuerySet, *, salt: str, key: str) -> tuple[Model, str]:
    """The row of ``rows`` a token names and the nonce it carries (check it with
    ``signed_link_nonce_check`` when the app wants). Raise ``SignedLinkError`` for a tampered
    token, one signed for another use, or a row that is gone."""
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature as error:
        raise link_invalid() from error
    if not isinstance(payload, dict) or not isinstance(payload.get(key), int):
        raise link_invalid()
    row = rows.filter(pk=payload[key]).first()
    if row is None:
        raise link_invalid()
    return row, str(payload.get("n", ""))


def signed_link_nonce_check(row: Model, nonce: str) -> None:
    """Raise ``SignedLinkError`` unless ``nonce`` is the row's current one (not revoked)."""
    if not row.token_nonce or not constant_time_compare(row.token_nonce, nonce):
        raise link_invalid()
