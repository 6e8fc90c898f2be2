from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    SOCIAL_SECURITY_FUND = "social_security_fund", _("Social security or health insurance fund")
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service")
    LOCAL_GOVERNMENT = "local_government", _("Local self-government")
    SOCIAL_INSTITUTE = "social_institute", _("Social or child-care institute")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    SOCIAL_PARTNER = "social_partner", _("Social partner")
    OTHER = "other", _("Other")


PUBLIC_INSTITUTION_TYPES = (
    InstitutionType.MINISTRY,
    InstitutionType.PUBLIC_AGENCY,
    InstitutionType.SOCIAL_SECURITY_FUND,
    InstitutionType.EMPLOYMENT_SERVICE,
    InstitutionType.LOCAL_GOVERNMENT,
    InstitutionType.SOCIAL_INSTITUTE,
)


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not verified")


class Institution(models.Model):
    name = models.CharField(_("name in English"), max_length=255)
    name_local = models.CharField(_("name in the local language"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    type = models.CharField(_("type"), max_length=32, choices=InstitutionType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    verification_status = models.CharField(
        _("verification"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "type"]),
            models.Index(Lower("name"), name="institution_name_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs) -> None:
        """In a transaction with its ``post_save`` receivers: the requests of the institution
        keep a copy of its country, which follows a change of it (``cooperation.models``)."""
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class MembershipRole(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")


class Membership(models.Model):
    """A partner user's place in an institution. Join requests start as pending."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.institution}"
