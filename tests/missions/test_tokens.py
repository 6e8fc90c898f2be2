"""The accept and decline links of the invitation e-mail: signed, expiring, working once."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.signed_links import SignedLinkError, SignedLinkGone
from missions import services
from missions.models import InvitationStatus
from missions.tokens import (
    ACCEPT,
    DECLINE,
    invitation_from_token,
    invitation_token,
)
from tests.factories import ExpertFactory
from tests.factories.missions import PendingInvitationFactory

pytestmark = pytest.mark.django_db


def _link(invitation, answer=ACCEPT):
    return reverse("missions:invitation_link", args=[invitation_token(invitation, answer), answer])


def test_token_opens_its_invitation():
    invitation = PendingInvitationFactory()

    assert invitation_from_token(invitation_token(invitation, ACCEPT), ACCEPT) == invitation


def test_links_sent_before_the_shared_helper_keep_working():
    invitation = PendingInvitationFactory()
    earlier = signing.dumps(
        {"i": invitation.pk, "n": invitation.token_nonce}, salt="missions.invitation.accept"
    )

    assert invitation_token(invitation, ACCEPT) == earlier
    assert invitation_from_token(earlier, ACCEPT) == invitation
    with pytest.raises(SignedLinkError):
        invitation_from_token(earlier, DECLINE)


def test_token_tampered_is_invalid():
    invitation = PendingInvitationFactory()
    token = invitation_token(invitation, ACCEPT)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")

    with pytest.raises(SignedLinkError) as error:
        invitation_from_token(tampered, ACCEPT)

    assert error.value.status == 400


def test_token_for_accepting_cannot_decline():
    invitation = PendingInvitationFactory()

    with pytest.raises(SignedLinkError) as error:
        invitation_from_token(invitation_token(invitation, ACCEPT), DECLINE)

    assert error.value.status == 400


def test_token_from_an_earlier_invitation_round_is_invalid():
    invitation = PendingInvitationFactory()
    token = invitation_token(invitation, ACCEPT)
    invitation.token_nonce = "another-round"
    invitation.save()

    with pytest.raises(SignedLinkError):
        invitation_from_token(token, ACCEPT)


def test_token_expired_after_the_deadline():
    invitation = PendingInvitationFactory(deadline=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(SignedLinkGone) as error:
        invitation_from_token(invitation_token(invitation, ACCEPT), ACCEPT)

    assert error.value.status == 410
    assert "expired" in error.value.message


def test_token_reused_after_an_answer_is_gone():
    invitation = PendingInvitationFactory()
    token = invitation_token(invitation, DECLINE)
    services.invitation_decline(invitation=invitation, actor=invitation.expert.user)

    with pytest.raises(SignedLinkGone) as error:
        invitation_from_token(token, DECLINE)

    assert "already been used" in error.value.message


def test_link_page_tampered_shows_a_clear_page_and_changes_nothing(client, login):
    invitation = PendingInvitationFactory()
    login(client, invitation.expert.user)

    response = client.post(reverse("missions:invitation_link", args=["not-a-real-token", ACCEPT]))

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_link_page_expired_answers_410_and_changes_nothing(client, login):
    invitation = PendingInvitationFactory(deadline=timezone.now() - datetime.timedelta(hours=1))
    login(client, invitation.expert.user)

    response = client.post(_link(invitation))

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_link_page_asks_to_log_in_first(client):
    invitation = PendingInvitationFactory()
    link = _link(invitation)

    response = client.get(link)

    target = urlsplit(response.url)
    assert (response.status_code, target.path) == (302, reverse("accounts:login"))
    assert parse_qs(target.query)["next"] == [link]


def test_link_page_for_another_expert_is_not_found(client, login):
    invitation = PendingInvitationFactory()
    login(client, ExpertFactory().user)

    assert client.get(_link(invitation)).status_code == 404
    assert client.post(_link(invitation)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_link_page_asks_to_confirm_then_accepts_once(client, login):
    invitation = PendingInvitationFactory()
    link = _link(invitation)
    login(client, invitation.expert.user)

    confirm_page = client.get(link)
    invitation.refresh_from_db()
    assert (confirm_page.status_code, invitation.status) == (200, InvitationStatus.INVITED)
    assert "Yes, I accept" in confirm_page.content.decode()

    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("missions:expert_invitation", args=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED

    reused = client.post(link)
    assert reused.status_code == 410
    assert "already been used" in reused.content.decode()


def test_link_page_declines_with_the_reason(client, login):
    invitation = PendingInvitationFactory()
    login(client, invitation.expert.user)

    client.post(_link(invitation, DECLINE), {"reason": "Parliament session that week."})

    invitation.refresh_from_db()
    assert (invitation.status, invitation.response_reason) == (
        InvitationStatus.DECLINED,
        "Parliament session that week.",
    )
