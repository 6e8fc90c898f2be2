"""The consultation link through the shared signed-link helper (``accounts/signed_links.py``):
links e-mailed before it keep working, a revoked nonce or another use's salt does not."""

import pytest
from django.core import signing

from accounts.signed_links import SignedLinkError
from consultations.tokens import addressee_from_token, addressee_token
from tests.factories.consultations import AddresseeFactory

pytestmark = pytest.mark.django_db


def test_links_sent_before_the_shared_helper_keep_working():
    addressee = AddresseeFactory()
    earlier = signing.dumps(
        {"a": addressee.pk, "n": addressee.token_nonce}, salt="consultations.answer"
    )

    assert addressee_token(addressee) == earlier
    assert addressee_from_token(earlier) == addressee


@pytest.mark.parametrize(
    "payload_and_salt",
    [
        ("nonce-of-another-day", "consultations.answer"),
        (None, "missions.invitation.accept"),
        ("no-id", "consultations.answer"),
    ],
)
def test_a_revoked_foreign_or_malformed_link_is_invalid(payload_and_salt):
    addressee = AddresseeFactory()
    nonce, salt = payload_and_salt
    payload = {"a": addressee.pk, "n": nonce or addressee.token_nonce}
    if nonce == "no-id":
        payload = {"n": addressee.token_nonce}

    with pytest.raises(SignedLinkError) as error:
        addressee_from_token(signing.dumps(payload, salt=salt))
    assert error.value.status == 400
