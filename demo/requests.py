"""Demo requests in every status, written and moved the way users do it: the partner's services
for drafts, sections, submission, messages and withdrawal; the staff services for review,
questions and decisions. So every request has its audit trail and its notifications.
Themes follow the programme's news (health quality, the Kosovo health insurance law, foster care,
inter-municipal social services in Serbia, employment and labour in Kazakhstan). Safe to run
again: a request is identified by its creation token, derived from its title."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cooperation import services, services_staff
from cooperation.eligibility import RECORDED_ITEMS, EligibilityStatus
from cooperation.models import Modality, RejectionReason, Request, RequestStatus
from partners.models import Institution, MembershipRole, MembershipStatus
from reference.models import Language, ThematicArea

DEMO_NAMESPACE = uuid.UUID("0b8c6a6e-54a8-4d0e-9a7c-8f3c1f4f2a10")

S = RequestStatus

# The staff steps that bring a submitted request to each status.
STAFF_STEPS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (),
    S.SUBMITTED: (),
    S.IN_REVIEW: ("start_review",),
    S.INFO_REQUESTED: ("start_review", "request_info"),
    S.ON_HOLD: ("start_review", "put_on_hold"),
    S.ACCEPTED: ("start_review", "accept"),
    S.REJECTED: ("start_review", "reject"),
    S.WITHDRAWN: ("start_review",),
}


@dataclass(frozen=True)
class DemoRequest:
    institution: str
    status: str
    title: str
    context: str
    objectives: str
    expected_results: str
    target_groups: str
    themes: tuple[str, ...]
    capacity_levels: tuple[str, ...]
    modality: str
    starts_in_days: int
    weeks: int
    languages: tuple[str, ...]
    expertise_sought: str
    experts_wished: int = 2
    co_applicants: tuple[str, ...] = ()
    staff_comment: str = ""
    partner_message: str = ""
    rejection_reason: str = ""
    withdraw_reason: str = ""


REQUESTS = [
    DemoRequest(
        "moh-me",
        S.ACCEPTED,
        "Quality control system of the health sector",
        "The Ministry's quality control of health institutions relies on inspections that check "
        "compliance with rules, not the quality of care. There are no common indicators.",
        "Analyse the quality control system and propose a governance model for quality.",
        "An assessment report; a roadmap for a quality agency; indicators for hospitals.",
        "The Ministry's directorate for health care quality and the managers of hospitals.",
        ("health-quality", "health-governance"),
        ("institutional", "organisational"),
        Modality.HYBRID,
        30,
        16,
        ("en", "cnr"),
        "Experts from a ministry or quality agency that has set up hospital quality indicators.",
        staff_comment="Accepted: the Croatian and Portuguese experts are available in spring.",
    ),
    DemoRequest(
        "moh-me",
        S.INFO_REQUESTED,
        "Accreditation standards for primary health centres",
        "Primary health centres are licensed once and never reassessed.",
        "Draft accreditation standards for primary health centres.",
        "Standards adopted by the Ministry; a pilot in three centres.",
        "Managers and quality officers of the 18 primary health centres.",
        ("health-quality",),
        ("organisational",),
        Modality.ON_SITE,
        60,
        8,
        ("en",),
        "Accreditation of primary care in an EU member state.",
        staff_comment=(
            "Could you tell us which body would grant the accreditation, and whether the pilot "
            "centres have agreed to take part?"
        ),
    ),
    DemoRequest(
        "moh-me",
        S.IN_REVIEW,
        "Electronic health records in primary care",
        "Each primary health centre uses its own software; records do not follow the patient.",
        "Define the minimum data set and the governance of a national electronic record.",
        "A minimum data set; a data-protection impact assessment; a procurement plan.",
        "The Ministry's e-health unit and the Health Insurance Fund.",
        ("health-governance", "digitalisation"),
        ("institutional", "organisational"),
        Modality.REMOTE,
        45,
        10,
        ("en",),
        "National e-health programmes and health data protection.",
        partner_message="The draft e-health strategy is ready if the experts want to read it.",
    ),
    DemoRequest(
        "moh-me",
        S.SUBMITTED,
        "Patient-safety incident reporting",
        "Incidents in hospitals are rarely reported and never analysed.",
        "Set up a no-blame incident reporting and learning system.",
        "A reporting procedure and form; 40 staff trained as safety officers.",
        "Hospital managers, nurses and physicians.",
        ("health-quality",),
        ("organisational", "individual"),
        Modality.WORKSHOP,
        75,
        4,
        ("en", "cnr"),
        "Patient-safety programmes in hospitals.",
    ),
    DemoRequest(
        "moh-me",
        S.WITHDRAWN,
        "Waiting lists for specialist care",
        "Waiting times for specialist examinations are long and unknown to patients.",
        "Publish waiting lists and set maximum waiting times.",
        "A waiting-list register and rules on maximum waiting times.",
        "The Ministry and the Clinical Centre of Montenegro.",
        ("health-governance",),
        ("institutional",),
        Modality.REMOTE,
        40,
        6,
        ("en",),
        "Management of waiting lists.",
        withdraw_reason="The World Health Organization now supports this work.",
    ),
    DemoRequest(
        "moh-me",
        S.DRAFT,
        "Health workforce planning",
        "Montenegro loses nurses and physicians to other countries.",
        "",
        "",
        "",
        ("health-governance",),
        (),
        "",
        90,
        8,
        (),
        "",
    ),
    DemoRequest(
        "child-care-me",
        S.ACCEPTED,
        "Foster care for children without parental care",
        "Foster care is underdeveloped: most children without parental care live in institutions.",
        "Assess the normative framework, the roles of local and national authorities, and the "
        "referral and coordination system of foster care.",
        "An assessment with recommendations; a training plan for case workers.",
        "Case workers of the centres for social work and foster families.",
        ("child-protection", "social-services"),
        ("institutional", "individual"),
        Modality.ON_SITE,
        20,
        12,
        ("en", "cnr"),
        "Foster care systems; experts from Croatia or Hungary preferred.",
    ),
    DemoRequest(
        "hif-xk",
        S.ACCEPTED,
        "Review of the 2014 Law on Health Insurance",
        "The national committee of experts reviews the 2014 Law on Health Insurance.",
        "Reinforce the role of the Health Insurance Fund and advance universal health coverage.",
        "Amendments to the law; a costed benefit package.",
        "The committee of experts and the Fund's management.",
        ("health-insurance", "universal-health-coverage"),
        ("institutional",),
        Modality.HYBRID,
        15,
        20,
        ("en", "sq"),
        "Health insurance law and financing; experts from Luxembourg or Portugal.",
    ),
    DemoRequest(
        "hif-xk",
        S.ON_HOLD,
        "Costing of the benefit package",
        "The Fund cannot estimate the cost of the services it should cover.",
        "Build a costing model for the benefit package.",
        "A costing model and a trained team of three analysts.",
        "The Fund's financial department.",
        ("health-insurance", "public-finance"),
        ("organisational", "individual"),
        Modality.REMOTE,
        120,
        8,
        ("en",),
        "Actuarial and costing methods of health insurance funds.",
        staff_comment="On hold until the law review sets the benefit package.",
    ),
    DemoRequest(
        "molevsa-rs",
        S.IN_REVIEW,
        "Monitoring of social assistance through the Social Card",
        "The Social Card register holds data on every beneficiary but is not used for monitoring.",
        "Define indicators and reports on social assistance from the Social Card register.",
        "A set of indicators; quarterly reports; staff trained to produce them.",
        "The Ministry's social protection sector and the centres for social work.",
        ("social-assistance", "monitoring-evaluation", "digitalisation"),
        ("organisational",),
        Modality.HYBRID,
        50,
        12,
        ("en", "sr"),
        "Monitoring social assistance with administrative data.",
    ),
    DemoRequest(
        "molevsa-rs",
        S.REJECTED,
        "Construction of a residential home for older people",
        "The region lacks places in residential care.",
        "Build and equip a residential home.",
        "A home with 80 places.",
        "Older people of the region.",
        ("long-term-care",),
        ("institutional",),
        Modality.ON_SITE,
        30,
        52,
        ("sr",),
        "Construction engineering.",
        rejection_reason=RejectionReason.OUT_OF_SCOPE,
        staff_comment="The programme offers peer expertise, not construction or equipment.",
    ),
    DemoRequest(
        "cacak-rs",
        S.SUBMITTED,
        "Inter-municipal home care for older people",
        "Čačak and its neighbours each lack the staff to provide home care in rural villages.",
        "Design a home-care service that the three local self-governments provide together.",
        "An inter-municipal agreement; service standards; a monitoring tool.",
        "Older people in rural villages and the social workers of the three municipalities.",
        ("inter-municipal", "long-term-care", "social-services"),
        ("institutional", "organisational"),
        Modality.ON_SITE,
        35,
        10,
        ("sr", "en"),
        "Inter-municipal cooperation in social services.",
        experts_wished=3,
        co_applicants=("gornji-milanovac-rs", "lucani-rs"),
    ),
    DemoRequest(
        "rzsz-rs",
        S.ACCEPTED,
        "Monitoring and evaluation of social protection services",
        "Local social protection services are funded without evidence of their results.",
        "Establish a system for monitoring and evaluating social protection services.",
        "A methodology; an evaluation of two services; 25 staff trained.",
        "The Institute's staff and the providers of local services.",
        ("social-services", "monitoring-evaluation", "roma-inclusion"),
        ("organisational", "individual"),
        Modality.WORKSHOP,
        25,
        14,
        ("en", "sr"),
        "Evaluation of social services, including for Roma and persons with disabilities.",
    ),
    DemoRequest(
        "fmlsp-ba",
        S.ACCEPTED,
        "Sustainability of the pension system",
        "Pension expenditure grows faster than contributions.",
        "Model the effects of reform options on the pension system.",
        "A projection model and a policy paper for the Government.",
        "The Ministry's pension department and the pension insurance institute.",
        ("pensions", "social-insurance"),
        ("institutional",),
        Modality.REMOTE,
        30,
        16,
        ("en", "bs"),
        "Pension modelling in a public pension institution.",
    ),
    DemoRequest(
        "fmlsp-ba",
        S.REJECTED,
        "Child allowance targeting",
        "Child allowances differ between cantons.",
        "Harmonise child allowances across cantons.",
        "A proposal for a federal law.",
        "Families with children.",
        ("social-assistance", "child-protection"),
        ("institutional",),
        Modality.REMOTE,
        30,
        8,
        ("bs",),
        "Family benefits.",
        rejection_reason=RejectionReason.OVERLAP,
        staff_comment="UNICEF already supports the harmonisation of child allowances.",
    ),
    DemoRequest(
        "mspdy-mk",
        S.ACCEPTED,
        "Deinstitutionalisation of residential social services",
        "Adults with disabilities still live in large residential institutions.",
        "Plan the transition to community-based services.",
        "A transition plan; standards for supported living.",
        "The Ministry, the institutions and the municipalities receiving the services.",
        ("disability", "social-services"),
        ("institutional", "organisational"),
        Modality.STUDY_VISIT,
        40,
        6,
        ("en", "mk"),
        "Deinstitutionalisation and community-based services.",
    ),
    DemoRequest(
        "mlsp-kz",
        S.ACCEPTED,
        "Employment services for people with disabilities",
        "Few people with disabilities find work through the public employment service.",
        "Introduce supported employment in the employment centres.",
        "A supported-employment methodology; job coaches trained in two regions.",
        "Counsellors of the employment centres and people with disabilities.",
        ("public-employment-services", "disability", "active-labour-market"),
        ("organisational", "individual"),
        Modality.HYBRID,
        30,
        12,
        ("ru", "en"),
        "Supported employment in a public employment service.",
    ),
    DemoRequest(
        "mlsp-kz",
        S.SUBMITTED,
        "Risk-based labour inspection",
        "Labour inspectors visit enterprises at random.",
        "Introduce risk-based planning of labour inspections.",
        "A risk model and an inspection plan; 30 inspectors trained.",
        "The labour inspectorate.",
        ("labour-inspection",),
        ("organisational", "individual"),
        Modality.WORKSHOP,
        60,
        6,
        ("ru",),
        "Risk-based labour inspection and occupational safety and health.",
    ),
    DemoRequest(
        "civic-kz",
        S.IN_REVIEW,
        "Mentoring children leaving care",
        "Young people leaving care homes have no one to turn to.",
        "Set up a mentoring programme for children without parental care.",
        "A mentoring model; 20 trained mentors.",
        "Children in care homes aged 14 to 18.",
        ("child-protection",),
        ("individual",),
        Modality.WORKSHOP,
        45,
        8,
        ("ru", "kk"),
        "Mentoring programmes for care leavers.",
    ),
]


def _token(demo: DemoRequest) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{demo.institution}:{demo.title}")


def _focal_point(institution: Institution) -> User:
    return (
        institution.memberships.filter(
            role=MembershipRole.FOCAL_POINT, status=MembershipStatus.ACTIVE
        )
        .select_related("user")
        .order_by("created_at")
        .first()
        .user
    )


def _fill_in(request: Request, demo: DemoRequest, institutions, partner: User) -> Request:
    start = timezone.localdate() + datetime.timedelta(days=demo.starts_in_days)
    return services.request_update(
        request=request,
        actor=partner,
        data={
            "context": demo.context,
            "objectives": demo.objectives,
            "expected_results": demo.expected_results,
            "target_groups": demo.target_groups,
            "themes": list(ThematicArea.objects.filter(code__in=demo.themes)),
            "capacity_levels": list(demo.capacity_levels),
            "modality": demo.modality,
            "period_start": start,
            "period_end": start + datetime.timedelta(weeks=demo.weeks),
            "languages": list(Language.objects.filter(code__in=demo.languages)),
            "expertise_sought": demo.expertise_sought,
            "experts_wished": demo.experts_wished,
            "co_applicants": [institutions[key] for key in demo.co_applicants],
        },
    )


def _staff_step(request: Request, step: str, demo: DemoRequest, officer: User) -> Request:
    if step == "accept":
        services_staff.request_eligibility_record(
            request=request,
            actor=officer,
            items=dict.fromkeys(RECORDED_ITEMS, (EligibilityStatus.MET, "")),
        )
    comment = (
        demo.staff_comment if step in ("request_info", "put_on_hold", "accept", "reject") else ""
    )
    return services_staff.request_triage(
        request=request,
        transition=step,
        actor=officer,
        comment=comment,
        reason=demo.rejection_reason,
    )


@transaction.atomic
def seed_demo_requests(*, institutions: dict[str, Institution], officer: User) -> list[Request]:
    """Create the demo requests that do not exist yet and bring each to its status."""
    created = []
    for demo in REQUESTS:
        token = _token(demo)
        if Request.objects.filter(creation_token=token).exists():
            continue
        institution = institutions[demo.institution]
        partner = _focal_point(institution)
        request = services.request_create_draft(
            user=partner, institution=institution, title=demo.title, token=token
        )
        request = _fill_in(request, demo, institutions, partner)
        if demo.status != S.DRAFT:
            request = services.request_submit(request=request, actor=partner)
        for step in STAFF_STEPS[demo.status]:
            request = _staff_step(request, step, demo, officer)
        if demo.partner_message:
            services.request_message_send(
                request=request, author=partner, body=demo.partner_message
            )
        if demo.status == S.WITHDRAWN:
            request = services.request_withdraw(
                request=request, actor=partner, reason=demo.withdraw_reason
            )
        created.append(request)
    return created
