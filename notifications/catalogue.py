"""The catalogue of notification events: what each means, who receives it, how soon it is e-mailed.

The domain apps choose the recipients when they call ``notifications.services.notify`` (they
know the objects); ``recipients`` below says who they are, for readers and for the docs.
Each event has an e-mail in two forms, ``templates/notifications/email/<code>.txt`` and ``.html``.

``immediate`` events are e-mailed at once whatever the user prefers: invitations and anything with
a deadline. The others wait for the daily digest when the user asked for one.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    code: str
    label: Promise
    recipients: Promise
    link_label: Promise
    immediate: bool

    @property
    def text_template(self) -> str:
        return f"notifications/email/{self.code}.txt"

    @property
    def html_template(self) -> str:
        return f"notifications/email/{self.code}.html"


EVENTS: dict[str, Event] = {
    event.code: event
    for event in (
        Event(
            "request_submitted",
            _("Request received"),
            _("The user who submitted the request and the focal points of its lead institution."),
            _("Follow the request"),
            immediate=False,
        ),
        Event(
            "information_requested",
            _("Information requested"),
            _("The user who submitted the request and the focal points of its lead institution."),
            _("Answer the questions"),
            immediate=True,
        ),
        Event(
            "information_reminder",
            _("Information still awaited"),
            _(
                "The user who submitted the request and the focal points of its lead institution, "
                "once a week while a request waits for information for more than 7 days."
            ),
            _("Answer the questions"),
            immediate=True,
        ),
        Event(
            "request_withdrawn",
            _("Request withdrawn"),
            _("The officer assigned to the request."),
            _("Open the request"),
            immediate=False,
        ),
        Event(
            "request_message",
            _("New message on a request"),
            _("The officer assigned to the request, for a message from the partner."),
            _("Read the message"),
            immediate=False,
        ),
        Event(
            "request_resubmitted",
            _("Request resubmitted"),
            _("The officer assigned to the request (every officer when none is assigned)."),
            _("Review the request"),
            immediate=False,
        ),
        Event(
            "request_decided",
            _("Decision on a request"),
            _("The user who submitted the request and the focal points of its lead institution."),
            _("See the decision"),
            immediate=False,
        ),
        Event(
            "action_created",
            _("Action created"),
            _("The focal points of the action's partner institutions and its officer."),
            _("Open the action"),
            immediate=False,
        ),
        Event(
            "expert_invited",
            _("Invitation to a mission"),
            _("The invited expert."),
            _("Answer the invitation"),
            immediate=True,
        ),
        Event(
            "invitation_expiring",
            _("Invitation expiring soon"),
            _("The invited expert, when the invitation expires within 48 hours unanswered."),
            _("Answer the invitation"),
            immediate=True,
        ),
        Event(
            "invitation_answered",
            _("Invitation answered"),
            _("The officer who sent the invitation (the action's officer when unknown)."),
            _("Open the mission"),
            immediate=False,
        ),
        Event(
            "invitation_withdrawn",
            _("Invitation withdrawn"),
            _("The expert whose invitation was withdrawn."),
            _("See your invitations"),
            immediate=False,
        ),
        Event(
            "mission_staffed",
            _("Mission staffed"),
            _(
                "The action's officer, the focal points of its partner institutions and the "
                "experts who accepted."
            ),
            _("Open the mission"),
            immediate=False,
        ),
        Event(
            "mission_changed",
            _("Mission changed or cancelled"),
            _(
                "The experts invited to or taking part in the mission and the focal points of the "
                "action's partner institutions (dates and cancellations affect travel, so at once)."
            ),
            _("Open the mission"),
            immediate=True,
        ),
        Event(
            "report_due",
            _("Mission report due"),
            _(
                "Each expert of a mission that has ended without their report, once a week for "
                "eight weeks."
            ),
            _("Write the report"),
            immediate=True,
        ),
        Event(
            "report_returned",
            _("Mission report returned"),
            _("The expert who wrote the report."),
            _("Revise the report"),
            immediate=True,
        ),
        Event(
            "feedback_due",
            _("Feedback due"),
            _(
                "The active members of the mission's partner institutions, when it is completed; "
                "then weekly, for eight weeks, those of institutions that have not given it."
            ),
            _("Give feedback"),
            immediate=True,
        ),
        Event(
            "expert_applied",
            _("Roster application to vet"),
            _("The programme managers."),
            _("Vet the profile"),
            immediate=False,
        ),
        Event(
            "profile_vetted",
            _("Roster profile approved, rejected or suspended"),
            _("The expert whose profile was vetted."),
            _("Open your profile"),
            immediate=False,
        ),
        Event(
            "institution_join_request",
            _("Request to join an institution"),
            _("The institution's focal points."),
            _("Decide on the request"),
            immediate=False,
        ),
        Event(
            "membership_approved",
            _("Request to join approved"),
            _("The user who asked to join the institution."),
            _("Open your institution"),
            immediate=False,
        ),
        Event(
            "membership_declined",
            _("Request to join declined"),
            _("The user who asked to join the institution."),
            _("Open the portal"),
            immediate=False,
        ),
        Event(
            "institution_verification",
            _("Institution verified or not"),
            _("The institution's focal points."),
            _("Open the institution"),
            immediate=False,
        ),
        # Consultation of stakeholders (consultations app).
        Event(
            "consultation_answered",
            _("A stakeholder answered a consultation"),
            _("Whoever sent the consultation and the officer assigned to the request."),
            _("Open the request"),
            immediate=False,
        ),
        # Calls for experts (calls/notices.py)
        Event(
            "call_fits_profile",
            _("A new call for experts fits your profile"),
            _("The approved experts whom matching ranks best for a newly published call."),
            _("Read the call"),
            immediate=False,
        ),
        Event(
            "call_application_unsuccessful",
            _("Application not taken further"),
            _("The applicants to a position of a call, once the position is filled by others."),
            _("See your applications"),
            immediate=False,
        ),
        Event(
            "call_mission_cancelled",
            _("The mission you applied to is cancelled"),
            _("The applicants to a call not yet invited, once its mission is cancelled."),
            _("See your applications"),
            immediate=False,
        ),
    )
}


def event_get(code: str) -> Event:
    """The catalogue entry of ``code``; an unknown code is a programming error."""
    try:
        return EVENTS[code]
    except KeyError:
        raise ValueError(
            f"Unknown notification event {code!r}: use a code of notifications/catalogue.py "
            f"(see docs/notifications.md): {', '.join(EVENTS)}."
        ) from None


def event_choices() -> list[tuple[str, Promise]]:
    return [(event.code, event.label) for event in EVENTS.values()]
