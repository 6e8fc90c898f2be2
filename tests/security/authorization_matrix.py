"""Who gets what from every URL of the portal: the expected answers, in one table.

Each line names a URL (``namespace:name``), the method the check uses (GET, or POST for views
that only take POST), the object its arguments point at (see ``TARGETS``: always an object of
institution A or of expert 1, so "partner_b" and "expert_2" are the others), then the expected
answer for each audience:

    200/302/400/405/410   the HTTP status (302: a redirect that is not to the login page)
    login                 a redirect to the login page
    404                   the page or object does not exist for this user: another audience's
                          page, or another institution's or expert's object (never 403)

A URL without a line fails ``test_authorization_matrix``; so does a line for a URL that is gone.
POST checks send an empty form: what matters is who gets past the permission check.
"""
# The table reads best one URL to a line, wider than the usual limit.
# ruff: noqa: E501

from collections.abc import Callable
from dataclasses import dataclass

from .world import (
    AUDIENCES,
    World,
    calendar_feed_kwargs,
    invitation_link_kwargs,
    meeting_world,
    password_reset_kwargs,
    verification_kwargs,
)

MATRIX = """
url                                           method target                  anonymous partner_a partner_b expert_1 expert_2 officer manager
public:home                                   GET    -                       200       200       200       200      200      200     200
health:healthz                                GET    -                       200       200       200       200      200      200     200
health:system_status                          GET    -                       login     403       403       403      403      403     200
accounts:home                                 GET    -                       login     302       302       302      302      302     302
accounts:login                                GET    -                       200       302       302       302      302      302     302
accounts:login_verify                         GET    -                       login     login     login     login    login    login   login
accounts:two_step                             GET    -                       login     404       404       404      404      200     200
accounts:two_step_disable                     POST   -                       login     404       404       404      404      302     302
accounts:logout                               POST   -                       302       302       302       302      302      302     302
accounts:register_partner                     GET    -                       200       302       302       302      302      302     302
accounts:register_expert                      GET    -                       200       302       302       302      302      302     302
accounts:resend_verification                  GET    -                       200       200       200       200      200      200     200
accounts:verify_email                         GET    verification            302       302       302       302      302      302     302
accounts:password_change                      GET    -                       login     200       200       200      200      200     200
accounts:password_change_done                 GET    -                       login     200       200       200      200      200     200
accounts:password_reset                       GET    -                       200       200       200       200      200      200     200
accounts:password_reset_done                  GET    -                       200       200       200       200      200      200     200
accounts:password_reset_confirm               GET    password_reset          302       200       200       200      200      200     200
accounts:password_reset_complete              GET    -                       200       200       200       200      200      200     200
partners:home                                 GET    -                       login     200       200       404      404      404     404
partners:institution_create                   GET    -                       login     200       200       404      404      404     404
partners:institution_duplicates               GET    -                       login     200       200       404      404      404     404
partners:institution_join                     GET    -                       login     200       200       404      404      404     404
partners:institution_detail                   GET    institution_a           login     200       404       404      404      404     404
partners:institution_edit                     GET    institution_a           login     200       404       404      404      404     404
partners:institution_join_request             POST   institution_a           login     302       302       404      404      404     404
partners:membership_approve                   POST   join_request_a          login     302       404       404      404      302     302
partners:membership_decline                   POST   join_request_a          login     302       404       404      404      302     302
partners:staff_institution_list               GET    -                       login     404       404       404      404      200     200
partners:staff_institution_detail             GET    institution_a           login     404       404       404      404      200     200
cooperation:partner_requests                  GET    -                       login     200       200       404      404      404     404
cooperation:partner_request_create            GET    -                       login     200       200       404      404      404     404
cooperation:partner_request_detail            GET    request_a               login     200       404       404      404      404     404
cooperation:partner_request_section           GET    draft_a_section         login     200       404       404      404      404     404
cooperation:partner_request_attachments       GET    draft_a                 login     200       404       404      404      404     404
cooperation:partner_request_attachment        GET    request_a_attachment    login     200       404       404      404      404     404
cooperation:partner_request_attachment_remove POST   draft_a_attachment      login     302       404       404      404      404     404
cooperation:partner_request_review            GET    draft_a                 login     200       404       404      404      404     404
cooperation:partner_request_submit            POST   draft_a                 login     400       404       404      404      404     404
cooperation:partner_request_withdraw          POST   request_a               login     302       404       404      404      404     404
cooperation:partner_request_message           POST   request_a               login     400       404       404      404      404     404
cooperation:staff_home                        GET    -                       login     404       404       404      404      200     200
cooperation:staff_requests_assign             POST   -                       login     404       404       404      404      302     302
cooperation:staff_requests_export             GET    csv                     login     404       404       404      404      200     200
cooperation:staff_request_detail              GET    request_a               login     404       404       404      404      200     200
cooperation:staff_request_transition          POST   request_a_transition    login     404       404       404      404      400     400
cooperation:staff_request_message             POST   request_a               login     404       404       404      404      400     400
cooperation:staff_request_eligibility         POST   request_a               login     404       404       404      404      400     400
cooperation:staff_request_assign              POST   request_a               login     404       404       404      404      302     302
cooperation:staff_request_attachment          GET    request_a_attachment    login     404       404       404      404      200     200
cooperation:staff_action_create               GET    request_a               login     404       404       404      404      302     302
cooperation:action_list                       GET    -                       login     404       404       404      404      200     200
cooperation:actions_export                    GET    csv                     login     404       404       404      404      200     200
cooperation:partner_action_list               GET    -                       login     200       200       404      404      404     404
cooperation:action_detail                     GET    action_a                login     200       404       404      404      200     200
cooperation:action_edit                       GET    action_a                login     404       404       404      404      200     200
cooperation:action_transition                 POST   action_a_transition     login     404       404       404      404      302     302
cooperation:action_document_upload            POST   action_a                login     404       404       404      404      400     400
cooperation:action_document                   GET    action_a_document       login     200       404       404      404      200     200
experts:home                                  GET    -                       login     404       404       200      200      404     404
experts:profile                               GET    -                       login     404       404       200      200      404     404
experts:profile_details                       GET    -                       login     404       404       200      200      404     404
experts:profile_themes                        GET    -                       login     404       404       200      200      404     404
experts:profile_languages                     GET    -                       login     404       404       200      200      404     404
experts:profile_countries                     GET    -                       login     404       404       200      200      404     404
experts:profile_summary                       GET    -                       login     404       404       200      200      404     404
experts:profile_cv                            GET    -                       login     404       404       200      200      404     404
experts:profile_availability                  GET    -                       login     404       404       200      200      404     404
experts:profile_consent                       GET    -                       login     404       404       200      200      404     404
experts:profile_submit                        POST   -                       login     404       404       302      302      404     404
experts:profile_row                           GET    themes_row              login     404       404       200      200      404     404
experts:data                                  GET    -                       login     404       404       200      200      404     404
experts:data_export                           POST   -                       login     404       404       200      200      404     404
experts:consent_withdraw                      POST   -                       login     404       404       302      302      404     404
experts:delete_profile                        POST   -                       login     404       404       200      200      404     404
experts:roster                                GET    -                       login     404       404       404      404      200     200
experts:roster_detail                         GET    expert_1                login     404       404       404      404      200     200
experts:roster_vet                            POST   expert_1                login     404       404       404      404      404     200
experts:cv                                    GET    expert_1                login     404       404       200      404      200     200
experts:shortlist                             GET    request_a_shortlist     login     404       404       404      404      200     200
experts:shortlist_status                      GET    request_a_shortlist     login     404       404       404      404      200     200
experts:shortlist_candidates                  GET    request_a_shortlist     login     404       404       404      404      200     200
experts:shortlist_run                         POST   request_a_shortlist     login     404       404       404      404      302     302
experts:shortlist_add                         POST   request_a_shortlist     login     404       404       404      404      302     302
experts:shortlist_selection                   POST   request_a_shortlist     login     404       404       404      404      302     302
experts:shortlist_drop                        POST   request_a_candidate     login     404       404       404      404      302     302
experts:shortlist_restore                     POST   request_a_candidate     login     404       404       404      404      302     302
missions:staff_list                           GET    -                       login     404       404       404      404      200     200
missions:staff_create                         GET    action_a_mission        login     404       404       404      404      200     200
missions:staff_mission                        GET    mission_a               login     404       404       404      404      200     200
missions:staff_edit                           GET    mission_a               login     404       404       404      404      200     200
missions:staff_invite                         GET    recruiting_mission_a    login     404       404       404      404      200     200
missions:staff_transition                     POST   mission_a_transition    login     404       404       404      404      302     302
missions:staff_invitation_withdraw            POST   invitation_1            login     404       404       404      404      302     302
missions:staff_report                         GET    report_1                login     404       404       404      404      200     200
missions:expert_list                          GET    -                       login     404       404       200      200      404     404
missions:expert_invitation                    GET    invitation_1            login     404       404       200      404      404     404
missions:expert_answer                        POST   invitation_1_answer     login     404       404       302      404      404     404
missions:invitation_link                      GET    invitation_link         login     404       404       200      404      404     404
missions:expert_report                        GET    mission_a               login     404       404       200      404      404     404
missions:expert_attachment_delete             POST   report_attachment_1     login     404       404       302      404      404     404
missions:report_attachment                    GET    report_attachment_1     login     404       404       200      404      200     200
missions:calendar                             GET    -                       login     200       200       200      200      200     200
missions:calendar_download                    GET    -                       login     200       200       200      200      200     200
missions:calendar_feed                        GET    calendar_feed           200       200       200       200      200      200     200
missions:partner_list                         GET    -                       login     200       200       404      404      404     404
missions:partner_mission                      GET    mission_a               login     200       404       404      404      404     404
missions:partner_feedback                     GET    mission_a_feedback      login     302       404       404      404      404     404
reporting:staff_dashboard                     GET    -                       login     404       404       404      404      200     200
reporting:staff_export                        GET    requests_table          login     404       404       404      404      404     200
reporting:partner_dashboard                   GET    -                       login     200       200       404      404      404     404
reporting:expert_dashboard                    GET    -                       login     404       404       200      200      404     404
reporting:programme_in_numbers                GET    -                       200       200       200       200      200      200     200
notifications:list                            GET    -                       login     200       200       200      200      200     200
notifications:open                            GET    notification_a          login     302       404       404      404      404     404
notifications:read                            POST   notification_a          login     302       404       404      404      404     404
notifications:read_all                        POST   -                       login     302       302       302      302      302     302
notifications:preferences                     GET    -                       login     200       200       200      200      200     200
notifications:delivery_log                    GET    -                       login     404       404       404      404      200     200
notifications:delivery_retry                  POST   notification_a          login     404       404       404      404      302     302
audit:record_list                             GET    -                       login     404       404       404      404      200     200
"""

# What the URL arguments of a line point at, and the query string some URLs need.
Target = Callable[[World], dict]


def _pk(attribute: str) -> Target:
    return lambda world: {"pk": getattr(world, attribute).pk}


TARGETS: dict[str, Target] = {
    "-": lambda world: {},
    "verification": verification_kwargs,
    "password_reset": password_reset_kwargs,
    "institution_a": _pk("institution_a"),
    "join_request_a": _pk("join_request_a"),
    "request_a": _pk("request_a"),
    "request_a_attachment": lambda w: {"pk": w.request_a.pk, "attachment_pk": w.attachment_a.pk},
    "request_a_transition": lambda w: {"pk": w.request_a.pk, "transition": "request_info"},
    "draft_a": _pk("draft_a"),
    "draft_a_section": lambda w: {"pk": w.draft_a.pk, "section": "context"},
    "draft_a_attachment": lambda w: {"pk": w.draft_a.pk, "attachment_pk": w.draft_attachment_a.pk},
    "csv": lambda world: {"file_format": "csv"},
    "action_a": _pk("action_a"),
    "action_a_document": lambda w: {"pk": w.action_a.pk, "document_pk": w.document_a.pk},
    "action_a_transition": lambda w: {"pk": w.action_a.pk, "transition": "put_on_hold"},
    "action_a_mission": lambda w: {"action_id": w.action_a.pk},
    "themes_row": lambda world: {"kind": "themes"},
    "expert_1": _pk("expert_1"),
    "request_a_shortlist": lambda w: {"subject_type": "request", "object_id": w.request_a.pk},
    "request_a_candidate": lambda w: {
        "subject_type": "request",
        "object_id": w.request_a.pk,
        "entry_id": w.shortlist_entry_a.pk,
    },
    "mission_a": _pk("mission_a"),
    "mission_a_transition": lambda w: {"pk": w.mission_a.pk, "name": "complete"},
    "mission_a_feedback": lambda w: {"pk": w.mission_a.pk, "institution_id": w.institution_a.pk},
    "recruiting_mission_a": _pk("recruiting_mission_a"),
    "invitation_1": _pk("invitation_1"),
    "invitation_1_answer": lambda w: {"pk": w.invitation_1.pk, "answer": "decline"},
    "invitation_link": invitation_link_kwargs,
    "report_1": _pk("report_1"),
    "report_attachment_1": _pk("report_attachment_1"),
    "calendar_feed": calendar_feed_kwargs,
    "notification_a": _pk("notification_a"),
    "requests_table": lambda world: {"table": "requests"},
}

QUERIES: dict[str, str] = {
    "experts:profile_row": "themes-TOTAL_FORMS=1",
    "reporting:staff_export": "format=csv",
}

# The Django admin keeps its own permission checks (managers only, through django-rules).
IGNORED_NAMESPACES = ("admin",)


@dataclass(frozen=True)
class Entry:
    url_name: str
    method: str
    target: str
    expected: dict[str, str]

    def __str__(self) -> str:
        return self.url_name


def _parse(table: str) -> dict[str, Entry]:
    header, *lines = [line.split() for line in table.strip().splitlines()]
    if tuple(header[3:]) != AUDIENCES:
        raise ValueError(f"the matrix's audience columns must read {AUDIENCES}")
    entries = {}
    for url_name, method, target, *answers in lines:
        if url_name in entries or target not in TARGETS or len(answers) != len(AUDIENCES):
            raise ValueError(f"malformed or repeated line for {url_name} in the matrix")
        entries[url_name] = Entry(
            url_name, method, target, dict(zip(AUDIENCES, answers, strict=True))
        )
    return entries


# --- Decision meetings (issue 12) ----------------------------------------------------------------
MATRIX += """\
meetings:list                                 GET    -                       login     404       404       404      404      200     200
meetings:create                               GET    -                       login     404       404       404      404      200     200
meetings:criteria                             GET    -                       login     404       404       404      404      200     200
meetings:criterion_edit                       GET    meeting_criterion       login     404       404       404      404      404     200
meetings:request_add                          POST   request_a_for_meeting   login     404       404       404      404      302     302
meetings:meeting                              GET    meeting                 login     404       404       404      404      200     200
meetings:edit                                 GET    meeting                 login     404       404       404      404      200     200
meetings:agenda_add                           POST   meeting                 login     404       404       404      404      400     400
meetings:agenda_remove                        POST   meeting                 login     404       404       404      404      302     302
meetings:item                                 GET    meeting_item            login     404       404       404      404      200     200
meetings:close                                POST   meeting                 login     404       404       404      404      302     302
meetings:minutes_export                       GET    meeting_minutes         login     404       404       404      404      200     200
"""
TARGETS.update(
    {
        "meeting": lambda w: {"pk": meeting_world(w).meeting.pk},
        "meeting_criterion": lambda w: {"pk": meeting_world(w).criterion.pk},
        "meeting_item": lambda w: {
            "pk": meeting_world(w).meeting.pk,
            "item_pk": meeting_world(w).item.pk,
        },
        "meeting_minutes": lambda w: {"pk": meeting_world(w).meeting.pk, "file_format": "pdf"},
        "request_a_for_meeting": lambda w: {"request_pk": meeting_world(w).item.request_id},
    }
)
# --- end of decision meetings ---------------------------------------------------------------------

# --- Consultation of stakeholders (issue 12) -----------------------------------------------------
from .world import consultation_link_kwargs, consultation_world  # noqa: E402

MATRIX += """\
consultations:contact_list                    GET    -                       login     404       404       404      404      200     200
consultations:contact_create                  GET    -                       login     404       404       404      404      404     200
consultations:contact_edit                    GET    stakeholder_contact     login     404       404       404      404      404     200
consultations:contact_deactivate              POST   stakeholder_contact     login     404       404       404      404      404     302
consultations:send                            GET    request_a               login     404       404       404      404      200     200
consultations:override                        POST   consultation            login     404       404       404      404      404     302
consultations:close                           POST   consultation            login     404       404       404      404      302     302
consultations:resend                          POST   consultation_addressee  login     404       404       404      404      302     302
consultations:answer                          GET    consultation_link       200       200       200       200      200      200     200
"""
TARGETS.update(
    {
        "stakeholder_contact": lambda w: {"pk": consultation_world(w).contact.pk},
        "consultation": lambda w: {"pk": consultation_world(w).consultation.pk},
        "consultation_link": consultation_link_kwargs,
        "consultation_addressee": lambda w: {"pk": consultation_world(w).addressee.pk},
    }
)
# --- end of consultation of stakeholders ----------------------------------------------------------


# --- Calls for experts (issue 12) ----------------------------------------------------------------
from .world import call_world  # noqa: E402

MATRIX += """\
calls:list                                    GET    -                       200       200       200       200      200      200     200
calls:detail                                  GET    call                    200       200       200       200      200      200     200
calls:apply                                   GET    call_position           login     404       404       200      200      404     404
calls:my_applications                         GET    -                       login     404       404       200      200      404     404
calls:application_withdraw                    POST   call_application        login     404       404       302      404      404     404
calls:staff_list                              GET    -                       login     404       404       404      404      200     200
calls:staff_create                            GET    mission_a_call          login     404       404       404      404      200     200
calls:staff_detail                            GET    call                    login     404       404       404      404      200     200
calls:staff_edit                              GET    call                    login     404       404       404      404      200     200
calls:staff_position_add                      GET    call                    login     404       404       404      404      200     200
calls:staff_position_remove                   POST   call_position           login     404       404       404      404      302     302
calls:staff_transition                        POST   call_transition         login     404       404       404      404      302     302
"""
TARGETS.update(
    {
        "call": lambda w: {"pk": call_world(w).call.pk},
        "call_position": lambda w: {"pk": call_world(w).position.pk},
        "call_application": lambda w: {"pk": call_world(w).application.pk},
        "call_transition": lambda w: {"pk": call_world(w).call.pk, "name": "close"},
        "mission_a_call": lambda w: {"mission_id": w.mission_a.pk},
    }
)
# --- end of calls for experts ---------------------------------------------------------------------


ENTRIES = _parse(MATRIX)
