"""Writes of partner users on their requests: drafts, attachments, submission, resubmission after
a question, withdrawal and messages to the programme team.

Status changes go through ``transitions.request_transition`` (the state machine); the programme
team's writes are in ``services_staff.py``.
"""

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.services import notify
from partners.models import Institution
from partners.selectors import institution_focal_points
from uploads.validation import MEGABYTE, CheckedUpload

from .models import Request, RequestAttachment, RequestMessage, RequestStatus
from .rules import (
    can_change_request_as_partner,
    can_edit_request_as_partner,
    can_write_to_staff_as_partner,
)
from .transitions import REQUIRED_ON_SUBMIT, request_transition

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_SIZE = 10 * MEGABYTE
# Fields a partner fills in, section by section; many-to-many ones are set after the save.
PARTNER_FIELDS = (
    "title",
    "context",
    "objectives",
    "expected_results",
    "target_groups",
    "themes",
    "capacity_levels",
    "modality",
    "period_start",
    "period_end",
    "languages",
    "expertise_sought",
    "experts_wished",
    "co_applicants",
)


class RequestChangeRefused(Exception):
    """The partner may not make this change now; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RequestIncomplete(Exception):
    """The request cannot be sent yet; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(", ".join(problems))
        self.problems = problems


def request_change_refusal(*, request: Request, user: User) -> str | None:
    """Why ``user`` may not change ``request`` now, or None when they may."""
    if can_change_request_as_partner(user, request):
        return None
    if not can_edit_request_as_partner(user, request):
        return _("Only members of the lead institution can change this request.")
    if request.status in (RequestStatus.ACCEPTED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN):
        return _("This request is %(status)s: it can no longer be changed.") % {
            "status": request.get_status_display().lower()
        }
    return _(
        "This request is with the programme team (%(status)s), so it can no longer be changed. "
        "If something must be corrected, write to the programme team below."
    ) % {"status": request.get_status_display().lower()}


def request_submission_problems(*, request: Request) -> dict[str, str]:
    """What stops ``request`` from being submitted, by field, in form order (empty: ready)."""
    problems: dict[str, str] = {}
    for name in REQUIRED_ON_SUBMIT:
        if not getattr(request, name):
            problems[name] = _("Fill this in before you submit.")
    if not request.themes.all():
        problems["themes"] = _("Choose at least one thematic area.")
    if not request.capacity_levels:
        problems["capacity_levels"] = _("Choose at least one capacity level.")
    if not request.languages.all():
        problems["languages"] = _("Choose at least one working language.")
    today = timezone.localdate()
    if request.period_start and request.period_start < today:
        problems["period_start"] = _("The preferred start is in the past: choose today or later.")
    if request.period_start and request.period_end and request.period_end < request.period_start:
        problems["period_end"] = _("The preferred end is before the start.")
    order = {name: position for position, name in enumerate(PARTNER_FIELDS)}
    return dict(sorted(problems.items(), key=lambda item: order.get(item[0], len(order))))


def request_create_draft(
    *, user: User, institution: Institution, title: str, token: uuid.UUID
) -> Request:
    """Start a draft. The same ``token`` (one form, clicked twice) gives the same draft."""
    try:
        with transaction.atomic():
            return Request.objects.create(
                lead_institution=institution, submitted_by=user, title=title, creation_token=token
            )
    except IntegrityError:
        return Request.objects.get(creation_token=token, submitted_by=user)


def _locked_for_change(request: Request, actor: User) -> Request:
    """The request locked for update, or ``RequestChangeRefused``. Call inside a transaction."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    refusal = request_change_refusal(request=locked, user=actor)
    if refusal:
        raise RequestChangeRefused(refusal)
    return locked


@transaction.atomic
def request_update(*, request: Request, actor: User, data: dict[str, Any]) -> Request:
    """Save some of the partner's fields (one section of the form) on a draft, or on a request
    the programme team asked more information about."""
    unknown = set(data) - set(PARTNER_FIELDS)
    if unknown:
        raise ValueError(f"Not fields a partner fills in: {sorted(unknown)}")
    locked = _locked_for_change(request, actor)
    related = {name: value for name, value in data.items() if name in ("themes", "languages")}
    if "co_applicants" in data:
        related["co_applicants"] = [
            institution
            for institution in data["co_applicants"]
            if institution.pk != locked.lead_institution_id
        ]
    plain = {name: value for name, value in data.items() if name not in related}
    for name, value in plain.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*plain, "updated_at"])
    for name, value in related.items():
        getattr(locked, name).set(value)
    return locked


@transaction.atomic
def request_attachment_add(
    *, request: Request, actor: User, upload: CheckedUpload
) -> RequestAttachment:
    """Store a file with the request (at most ``MAX_ATTACHMENTS`` per request).

    ``upload`` comes from ``uploads.validation.check_upload`` with ``MAX_ATTACHMENT_SIZE``.
    """
    locked = _locked_for_change(request, actor)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise RequestChangeRefused(
            _("A request can have at most %(count)d attachments. Remove one to add another.")
            % {"count": MAX_ATTACHMENTS}
        )
    attachment = RequestAttachment(request=locked, uploaded_by=actor)
    attachment.store(upload, save=False)
    stored_name = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    return attachment


@transaction.atomic
def request_attachment_remove(*, attachment: RequestAttachment, actor: User) -> None:
    """Remove an attachment; its file leaves the storage once the removal is committed."""
    _locked_for_change(attachment.request, actor)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _request_url(request: Request) -> str:
    return reverse("cooperation:partner_request_detail", kwargs={"pk": request.pk})


def _notify_officer(
    request: Request, *, event: str, key: str, title: str, body: str = "", everyone: bool = False
) -> None:
    """Tell the officer assigned to the request; with ``everyone``, every officer when none is."""
    if request.assigned_officer_id is not None:
        recipients = [request.assigned_officer]
    elif everyone:
        recipients = User.objects.filter(role=Role.OFFICER, is_active=True)
    else:
        return
    notify(
        event=event,
        key=key,
        recipients=recipients,
        title=title,
        body=body,
        url=reverse("cooperation:staff_request_detail", kwargs={"pk": request.pk}),
    )


def _ensure_complete(request: Request) -> None:
    problems = request_submission_problems(request=request)
    if problems:
        raise RequestIncomplete(problems)


@transaction.atomic
def request_submit(*, request: Request, actor: User) -> Request:
    """Send a complete draft to the programme team: it gets its reference (``REQ-2026-0042``)
    and the partner a confirmation.

    A second submission (a double click) is refused by the state machine and changes nothing:
    the reference counter moves back with the rolled-back transaction.
    """
    _ensure_complete(request)
    submitted = request_transition(request, "submit", actor=actor, changes={"submitted_by": actor})
    notify(
        event="request_submitted",
        key=f"request-submitted:{submitted.pk}",
        recipients=[actor, *institution_focal_points(submitted.lead_institution)],
        title=_("Request %(reference)s received: %(title)s")
        % {"reference": submitted.reference, "title": submitted.title},
        body=_(
            "The programme team has received the request. An officer will review it and may "
            "ask you for more information; you can follow it on its page."
        ),
        url=_request_url(submitted),
    )
    return submitted


@transaction.atomic
def request_resubmit(*, request: Request, actor: User, comment: str = "") -> Request:
    """Send the request back to the programme team after answering its questions."""
    _ensure_complete(request)
    resubmitted = request_transition(request, "resubmit", actor=actor, comment=comment.strip())
    _notify_officer(
        resubmitted,
        event="request_resubmitted",
        key=f"request-resubmitted:{resubmitted.pk}:{resubmitted.updated_at.isoformat()}",
        title=_("%(reference)s was completed and resubmitted")
        % {"reference": resubmitted.reference},
        body=comment.strip(),
        everyone=True,
    )
    return resubmitted


@transaction.atomic
def request_withdraw(*, request: Request, actor: User, reason: str = "") -> Request:
    """The partner takes the request back before the decision."""
    withdrawn = request_transition(request, "withdraw", actor=actor, comment=reason.strip())
    _notify_officer(
        withdrawn,
        event="request_withdrawn",
        key=f"request-withdrawn:{withdrawn.pk}",
        title=_("%(reference)s was withdrawn by the partner") % {"reference": withdrawn.reference},
        body=reason.strip(),
    )
    return withdrawn


@transaction.atomic
def request_message_send(*, request: Request, author: User, body: str) -> RequestMessage:
    """A message from the partner to the programme team, on a request already sent."""
    if not can_write_to_staff_as_partner(author, request):
        raise RequestChangeRefused(
            _("You can write to the programme team once the request is submitted.")
            if request.status == RequestStatus.DRAFT
            else _("Only members of the lead institution can write about this request.")
        )
    message = RequestMessage.objects.create(request=request, author=author, body=body.strip())
    _notify_officer(
        request,
        event="request_message",
        key=f"request-message:{message.pk}",
        title=_("New message from the partner on %(reference)s") % {"reference": request.reference},
        body=message.body,
    )
    return message
