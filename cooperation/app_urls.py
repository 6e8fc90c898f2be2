"""URLs of the request and action domain (the project's root URLs are in ``urls.py``)."""

from django.urls import path

from .views import actions, partner, staff

app_name = "cooperation"

urlpatterns = [
    # Partners: their requests, the form in sections, submission and the thread (issue 3)
    path("requests/", partner.request_list, name="partner_requests"),
    path("requests/new/", partner.request_create, name="partner_request_create"),
    path("requests/<int:pk>/", partner.request_detail, name="partner_request_detail"),
    path(
        "requests/<int:pk>/edit/<slug:section>/",
        partner.request_section,
        name="partner_request_section",
    ),
    path(
        "requests/<int:pk>/attachments/",
        partner.request_attachments,
        name="partner_request_attachments",
    ),
    path(
        "requests/<int:pk>/attachments/<int:attachment_pk>/",
        partner.request_attachment,
        name="partner_request_attachment",
    ),
    path(
        "requests/<int:pk>/attachments/<int:attachment_pk>/remove/",
        partner.request_attachment_remove,
        name="partner_request_attachment_remove",
    ),
    path("requests/<int:pk>/review/", partner.request_review, name="partner_request_review"),
    path("requests/<int:pk>/submit/", partner.request_submit, name="partner_request_submit"),
    path("requests/<int:pk>/withdraw/", partner.request_withdraw, name="partner_request_withdraw"),
    path("requests/<int:pk>/messages/", partner.request_message, name="partner_request_message"),
    # Staff: the triage queue and the request page (issue 4)
    path("staff/requests/", staff.staff_home, name="staff_home"),
    path("staff/requests/assign/", staff.requests_bulk_assign, name="staff_requests_assign"),
    path(
        "staff/requests/export.<slug:file_format>",
        staff.requests_export,
        name="staff_requests_export",
    ),
    path("staff/requests/<int:pk>/", staff.request_detail, name="staff_request_detail"),
    path(
        "staff/requests/<int:pk>/do/<slug:transition>/",
        staff.request_transition,
        name="staff_request_transition",
    ),
    path("staff/requests/<int:pk>/messages/", staff.request_message, name="staff_request_message"),
    path(
        "staff/requests/<int:pk>/eligibility/",
        staff.request_eligibility,
        name="staff_request_eligibility",
    ),
    path("staff/requests/<int:pk>/assign/", staff.request_assign, name="staff_request_assign"),
    path(
        "staff/requests/<int:pk>/attachments/<int:attachment_pk>/",
        staff.request_attachment,
        name="staff_request_attachment",
    ),
    path("staff/requests/<int:pk>/action/", actions.action_create, name="staff_action_create"),
    # Actions: the staff list and pages; partners read their institutions' actions (issue 4)
    path("actions/", actions.action_list, name="action_list"),
    path("actions/export.<slug:file_format>", actions.actions_export, name="actions_export"),
    path("actions/ours/", actions.partner_action_list, name="partner_action_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path(
        "actions/<int:pk>/do/<slug:transition>/",
        actions.action_transition,
        name="action_transition",
    ),
    path(
        "actions/<int:pk>/documents/",
        actions.action_document_upload,
        name="action_document_upload",
    ),
    path(
        "actions/<int:pk>/documents/<int:document_pk>/",
        actions.action_document,
        name="action_document",
    ),
]
