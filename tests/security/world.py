"""A small programme in which every audience owns something, for the access and input tests.

Two partner institutions, A and B, each with a focal point; two approved experts; an officer and a
manager. Institution A has a submitted request (with an attachment and an internal note), a draft,
an action with a document, a mission in progress on which expert 1 works and reports, and a second
mission to which expert 1 is invited. Expert 1 is "the expert" of A's objects, expert 2 the other.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.services import email_verification_token
from cooperation.models import (
    ActionDocument,
    ActionStatus,
    Request,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
)
from experts.models import Expert, Shortlist, ShortlistEntry, ShortlistStatus
from missions.models import (
    Invitation,
    InvitationStatus,
    Mission,
    MissionReport,
    MissionStatus,
    ReportAttachment,
)
from missions.tokens import ACCEPT, calendar_token, invitation_token
from notifications.models import Notification
from partners.models import Institution, Membership, MembershipRole, MembershipStatus
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# The audiences of the matrix, in the order its columns read.
AUDIENCES = ("anonymous", "partner_a", "partner_b", "expert_1", "expert_2", "officer", "manager")
STAFF = ("officer", "manager")
INTERNAL_NOTE = "Staff only: the ministry's budget line is not confirmed."


@dataclass
class World:
    users: dict[str, User | None]
    institution_a: Institution
    institution_b: Institution
    join_request_a: Membership
    request_a: Request
    draft_a: Request
    attachment_a: RequestAttachment
    draft_attachment_a: RequestAttachment
    action_a: "factories.ActionFactory"
    document_a: ActionDocument
    mission_a: Mission
    recruiting_mission_a: Mission
    invitation_1: Invitation
    report_1: MissionReport
    report_attachment_1: ReportAttachment
    expert_1: Expert
    expert_2: Expert
    shortlist_entry_a: ShortlistEntry
    notification_a: Notification
    notification_officer: Notification

    def user(self, audience: str) -> User | None:
        return self.users[audience]

    def secrets_hidden_from(self, audience: str) -> list[str]:
        """Text that must appear on no page this audience can open."""
        secrets = []
        if audience not in STAFF:
            secrets.append(INTERNAL_NOTE)
        if audience not in ("partner_a", *STAFF):
            secrets.append(self.request_a.title)
        if audience not in ("expert_1", *STAFF):
            secrets.append(self.expert_1.user.email)
        return secrets


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def build_world() -> World:
    officer = factories.OfficerFactory(full_name="Olga Officer")
    manager = factories.ManagerFactory(full_name="Marta Manager")
    partner_a = factories.PartnerUserFactory(full_name="Ana Partner")
    partner_b = factories.PartnerUserFactory(full_name="Boris Partner")
    institution_a = factories.InstitutionFactory(name="Ministry of Labour A")
    institution_b = factories.InstitutionFactory(name="Pension Fund B")
    for user, institution in ((partner_a, institution_a), (partner_b, institution_b)):
        factories.MembershipFactory(user=user, institution=institution)
    join_request_a = factories.MembershipFactory(
        institution=institution_a, role=MembershipRole.MEMBER, status=MembershipStatus.PENDING
    )
    expert_1 = factories.ExpertFactory(user__full_name="Eva Expert")
    expert_2 = factories.ExpertFactory(user__full_name="Emil Expert")
    expert_1.cv.save("cv.pdf", _pdf("cv.pdf"))
    expert_1.cv_name = "Eva-Expert-CV.pdf"
    expert_1.save(update_fields=["cv_name"])

    request_a = factories.SubmittedRequestFactory(
        lead_institution=institution_a, submitted_by=partner_a, status=RequestStatus.IN_REVIEW
    )
    draft_a = factories.RequestFactory(lead_institution=institution_a, submitted_by=partner_a)
    attachments = [
        RequestAttachment.objects.create(
            request=obj,
            file=_pdf("annex.pdf"),
            original_name="annex.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=partner_a,
        )
        for obj in (request_a, draft_a)
    ]
    RequestMessage.objects.create(request=request_a, author=partner_a, body="Our question.")
    RequestMessage.objects.create(
        request=request_a, author=officer, body=INTERNAL_NOTE, is_internal=True
    )

    action_a = factories.ActionFactory(
        institutions=[institution_a], status=ActionStatus.IN_PROGRESS, assigned_officer=officer
    )
    document_a = ActionDocument.objects.create(
        action=action_a,
        title="Methodology",
        file=_pdf("methodology.pdf"),
        original_name="methodology.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=officer,
    )
    today = timezone.localdate()
    mission_a = factories.MissionFactory(
        action=action_a,
        status=MissionStatus.IN_PROGRESS,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=3),
    )
    recruiting_mission_a = factories.MissionFactory(
        action=action_a, status=MissionStatus.RECRUITING
    )
    factories.InvitationFactory(
        mission=mission_a, expert=expert_1, status=InvitationStatus.ACCEPTED
    )
    invitation_1 = factories.InvitationFactory(
        mission=recruiting_mission_a,
        expert=expert_1,
        status=InvitationStatus.INVITED,
        invited_at=timezone.now(),
        deadline=timezone.now() + datetime.timedelta(days=7),
        token_nonce="world-nonce",
    )
    report_1 = MissionReport.objects.create(mission=mission_a, expert=expert_1)
    report_attachment_1 = ReportAttachment.objects.create(
        report=report_1,
        file=_pdf("photos.pdf"),
        original_name="photos.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    shortlist_a = Shortlist.objects.create(
        content_type=ContentType.objects.get_for_model(Request),
        object_id=request_a.pk,
        status=ShortlistStatus.DONE,
    )
    shortlist_entry_a = ShortlistEntry.objects.create(
        shortlist=shortlist_a, expert=expert_1, rank=1
    )
    notifications = [
        Notification.objects.create(recipient=user, event="request_received", key=key, title=key)
        for user, key in ((partner_a, "world-a"), (officer, "world-officer"))
    ]
    return World(
        users={
            "anonymous": None,
            "partner_a": partner_a,
            "partner_b": partner_b,
            "expert_1": expert_1.user,
            "expert_2": expert_2.user,
            "officer": officer,
            "manager": manager,
        },
        institution_a=institution_a,
        institution_b=institution_b,
        join_request_a=join_request_a,
        request_a=request_a,
        draft_a=draft_a,
        attachment_a=attachments[0],
        draft_attachment_a=attachments[1],
        action_a=action_a,
        document_a=document_a,
        mission_a=mission_a,
        recruiting_mission_a=recruiting_mission_a,
        invitation_1=invitation_1,
        report_1=report_1,
        report_attachment_1=report_attachment_1,
        expert_1=expert_1,
        expert_2=expert_2,
        shortlist_entry_a=shortlist_entry_a,
        notification_a=notifications[0],
        notification_officer=notifications[1],
    )


def password_reset_kwargs(world: World) -> dict:
    user = world.user("partner_a")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def verification_kwargs(world: World) -> dict:
    return {"token": email_verification_token(world.user("partner_a"))}


def invitation_link_kwargs(world: World) -> dict:
    return {"token": invitation_token(world.invitation_1, ACCEPT), "answer": ACCEPT}


def calendar_feed_kwargs(world: World) -> dict:
    return {"token": calendar_token(world.user("expert_1"))}


# --- Decision meetings (issue 12) ----------------------------------------------------------------


@dataclass
class MeetingWorld:
    meeting: "object"
    criterion: "object"
    item: "object"


def meeting_world(world: World) -> MeetingWorld:
    """A planned meeting with A's request on its agenda (no decision proposed yet) and one
    criterion; made once per world, without audit records (the export test counts them)."""
    from meetings.models import AgendaItem, DecisionCriterion, Meeting

    criterion, _created = DecisionCriterion.objects.get_or_create(name="World relevance")
    meeting = Meeting.objects.filter(title="World meeting").first() or Meeting.objects.create(
        title="World meeting",
        date=timezone.localdate() + datetime.timedelta(days=7),
        created_by=world.user("officer"),
    )
    item, _created = AgendaItem.objects.get_or_create(
        meeting=meeting,
        request=world.request_a,
        defaults={"status_seen": world.request_a.status, "added_by": world.user("officer")},
    )
    return MeetingWorld(meeting=meeting, criterion=criterion, item=item)


# --- end of decision meetings ---------------------------------------------------------------------


# --- Consultation of stakeholders (issue 12) -----------------------------------------------------


@dataclass
class ConsultationWorld:
    contact: "object"
    consultation: "object"
    addressee: "object"


def consultation_world(world: World) -> ConsultationWorld:
    """A contact of A's country, and a consultation on another request of A (not ``request_a``:
    its stakeholder page shows the request to anyone holding the link) in which one objects."""
    cached = getattr(world, "_consultation_world", None)
    if cached is not None:
        return cached
    from consultations.models import AnswerStatus
    from tests.factories.consultations import AddresseeFactory, StakeholderContactFactory

    contact = StakeholderContactFactory(country=world.institution_a.country)
    addressee = AddresseeFactory(
        contact=contact,
        consultation__request=factories.SubmittedRequestFactory(
            lead_institution=world.institution_a,
            submitted_by=world.user("partner_a"),
            status=RequestStatus.IN_REVIEW,
            title="Request under consultation",
        ),
        status=AnswerStatus.OBJECTION,
        text="Overlaps with another donor's project.",
    )
    world._consultation_world = ConsultationWorld(
        contact=contact, consultation=addressee.consultation, addressee=addressee
    )
    return world._consultation_world


def consultation_link_kwargs(world: World) -> dict:
    from consultations.tokens import addressee_token

    return {"token": addressee_token(consultation_world(world).addressee)}


# --- end of consultation of stakeholders ----------------------------------------------------------


# --- Calls for experts (issue 12) ----------------------------------------------------------------


@dataclass
class CallWorld:
    call: "object"
    position: "object"
    application: "object"


def call_world(world: World) -> CallWorld:
    """A published call on A's recruiting mission, with one position to which expert 1 applied."""
    cached = getattr(world, "_call_world", None)
    if cached is not None:
        return cached
    from tests.factories.calls import ApplicationFactory, PositionFactory, PublishedCallFactory

    call = PublishedCallFactory(
        mission=world.recruiting_mission_a, created_by=world.user("officer")
    )
    position = PositionFactory(call=call)
    application = ApplicationFactory(position=position, expert=world.expert_1)
    world._call_world = CallWorld(call=call, position=position, application=application)
    return world._call_world


# --- end of calls for experts ---------------------------------------------------------------------
