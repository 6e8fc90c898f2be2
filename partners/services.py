"""Writes for partner institutions: registration, profile, join requests and verification."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_create
from notifications.services import notify
from reference.models import Country

from .models import (
    Institution,
    Membership,
    MembershipRole,
    MembershipStatus,
    VerificationStatus,
)
from .selectors import institution_focal_points

PROFILE_FIELDS = ("name", "name_local", "acronym", "type", "parent", "website", "address")


class MembershipNotPossible(Exception):
    """The join request or decision cannot be made now; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def institution_create(
    *,
    user: User,
    name: str,
    country: Country,
    type: str,
    name_local: str = "",
    acronym: str = "",
    website: str = "",
    address: str = "",
) -> Institution:
    """Register an institution; the user who registers it becomes its focal point.

    It starts unverified: it can draft and submit requests while the programme team checks it.
    """
    institution = Institution.objects.create(
        name=name,
        name_local=name_local,
        acronym=acronym,
        country=country,
        type=type,
        website=website,
        address=address,
        created_by=user,
    )
    Membership.objects.create(
        user=user,
        institution=institution,
        role=MembershipRole.FOCAL_POINT,
        status=MembershipStatus.ACTIVE,
        decided_at=timezone.now(),
    )
    audit_record_create(
        target=institution,
        actor=user,
        action="register",
        to_state=institution.verification_status,
    )
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, actor: User, **changes) -> Institution:
    """Change the profile fields in ``changes`` and record which ones changed."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    changed = [name for name, value in changes.items() if getattr(institution, name) != value]
    if not changed:
        return institution
    for name in changed:
        setattr(institution, name, changes[name])
    institution.save(update_fields=[*changed, "updated_at"])
    audit_record_create(
        target=institution, actor=actor, action="update", data={"fields": sorted(changed)}
    )
    return institution


@transaction.atomic
def membership_request(*, user: User, institution: Institution) -> Membership:
    """Ask to join an institution; its focal points (or the programme team) decide.

    Asking again while a request waits changes nothing; a declined request may be renewed.
    """
    membership = (
        Membership.objects.select_for_update().filter(user=user, institution=institution).first()
    )
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        raise MembershipNotPossible(_("You are already a member of this institution."))
    if membership is not None and membership.status == MembershipStatus.PENDING:
        return membership
    if membership is None:
        membership = Membership.objects.create(
            user=user,
            institution=institution,
            role=MembershipRole.MEMBER,
            status=MembershipStatus.PENDING,
        )
        previous = ""
    else:
        previous = membership.status
        membership.status = MembershipStatus.PENDING
        membership.role = MembershipRole.MEMBER
        membership.decided_by = None
        membership.decided_at = None
        membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
    record = audit_record_create(
        target=membership,
        actor=user,
        action="request_to_join",
        from_state=previous,
        to_state=MembershipStatus.PENDING,
    )
    notify(
        event="institution_join_request",
        key=f"membership-requested:{record.pk}",
        recipients=institution_focal_points(institution),
        title=_("%(name)s asks to join %(institution)s")
        % {"name": user.full_name or user.email, "institution": institution.name},
        url=reverse("partners:home"),
    )
    return membership


@transaction.atomic
def membership_decide(*, membership: Membership, actor: User, approve: bool) -> Membership:
    """Approve or decline a pending join request and tell the person who asked."""
    locked = Membership.objects.select_for_update().select_related("institution", "user")
    membership = locked.get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise MembershipNotPossible(
            _("This request to join was already answered: %(status)s.")
            % {"status": membership.get_status_display()}
        )
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    record = audit_record_create(
        target=membership,
        actor=actor,
        action="approve" if approve else "decline",
        from_state=MembershipStatus.PENDING,
        to_state=membership.status,
    )
    institution = membership.institution.name
    notify(
        event="membership_approved" if approve else "membership_declined",
        key=f"membership-decided:{record.pk}",
        recipients=[membership.user],
        title=(
            _("You are now a member of %(institution)s") % {"institution": institution}
            if approve
            else _("Your request to join %(institution)s was declined")
            % {"institution": institution}
        ),
        url=reverse("partners:home"),
    )
    return membership


@transaction.atomic
def institution_set_verification(
    *, institution: Institution, actor: User, status: str, comment: str = ""
) -> Institution:
    """Record the programme team's verification of an institution (officers and managers)."""
    if status not in VerificationStatus.values:
        raise ValueError(f"Unknown verification status {status!r}")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    previous = institution.verification_status
    if previous == status:
        return institution
    institution.verification_status = status
    institution.save(update_fields=["verification_status", "updated_at"])
    record = audit_record_create(
        target=institution,
        actor=actor,
        action="verify",
        from_state=previous,
        to_state=status,
        comment=comment,
    )
    notify(
        event="institution_verification",
        key=f"institution-verification:{record.pk}",
        recipients=institution_focal_points(institution),
        title=_("%(institution)s: %(status)s")
        % {
            "institution": institution.name,
            "status": institution.get_verification_status_display(),
        },
        body=comment,
        url=reverse("partners:institution_detail", kwargs={"pk": institution.pk}),
    )
    return institution
