"""The demo actions: one per accepted request, in every action status, and safe to run again."""

import pytest

from cooperation.models import Action, ActionStatus, RequestStatus
from demo.actions import seed_demo_actions
from tests.factories import OfficerFactory, SubmittedRequestFactory, theme

pytestmark = pytest.mark.django_db


def test_demo_actions_cover_every_status_once_per_request():
    requests = SubmittedRequestFactory.create_batch(6, status=RequestStatus.ACCEPTED)
    for request in requests:
        request.themes.set([theme("pensions")])
    SubmittedRequestFactory(status=RequestStatus.IN_REVIEW)
    officer = OfficerFactory()

    created = seed_demo_actions(officer=officer)
    again = seed_demo_actions(officer=officer)

    assert sorted(action.status for action in created) == sorted(ActionStatus.values)
    assert again == []
    assert Action.objects.count() == 6
    assert {a.requests.get().pk for a in Action.objects.all()} == {r.pk for r in requests}
    assert {a.themes.get() for a in Action.objects.all()} == {theme("pensions")}
