"""The expert's own pages: home, the profile in sections, submission, and their data rights."""

import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_expert
from audit.statemachine import TransitionNotAllowed

from .. import services
from ..forms import (
    ROW_FORMSETS,
    AvailabilityForm,
    ConsentForm,
    CountriesForm,
    CVForm,
    DeleteProfileForm,
    DetailsForm,
    SummaryForm,
)
from ..models import Expert, RosterStatus
from ..selectors import PROFILE_SECTIONS, expert_completeness, expert_home, expert_profile_details

SECTION_LABELS = dict(PROFILE_SECTIONS)
SECTION_ORDER = [key for key, _label in PROFILE_SECTIONS]
# The panels of the expert's home. The missions app takes one over by providing the first
# template of its pair; until then the roster's own version renders the same data.
HOME_PANELS = {
    "invitations": ("missions/expert/home_invitations.html", "experts/home/_invitations.html"),
    "missions": ("missions/expert/home_missions.html", "experts/home/_missions.html"),
    "reports_due": ("missions/expert/home_reports_due.html", "experts/home/_reports_due.html"),
}
SUBMITTABLE = (RosterStatus.DRAFT, RosterStatus.REJECTED)


def _own_profile(request: HttpRequest) -> Expert:
    return services.expert_profile_get_or_create(user=request.user)


def _editable_profile(request: HttpRequest) -> Expert:
    expert = _own_profile(request)
    if not request.user.has_perm("experts.change_expert", expert):
        raise Http404
    return expert


@role_required(is_expert)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    expert = _own_profile(request)
    return render(
        request,
        "experts/home.html",
        {
            "expert": expert,
            "completeness": expert_completeness(expert),
            "home": expert_home(expert),
            "panels": HOME_PANELS,
            "can_submit": expert.roster_status in SUBMITTABLE,
        },
    )


@role_required(is_expert)
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    expert = expert_profile_details(_own_profile(request))
    completeness = expert_completeness(expert)
    return render(
        request,
        "experts/profile/overview.html",
        {
            "expert": expert,
            "completeness": completeness,
            "sections": _sections(completeness),
            "can_submit": expert.roster_status in SUBMITTABLE,
        },
    )


@role_required(is_expert)
@require_POST
def profile_submit(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    try:
        services.expert_submit(expert=expert, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Thank you. Your profile is submitted; the programme team will review it."),
        )
    return redirect("experts:profile")


# --- Profile sections ---------------------------------------------------------------------------


def _sections(completeness) -> list[tuple[str, str, str]]:
    """(key, label, status) of each section, for the list of sections."""
    return [(key, label, completeness.section_status(key)) for key, label in PROFILE_SECTIONS]


def _render_section(
    request: HttpRequest, expert: Expert, section: str, template: str, **context
) -> HttpResponse:
    completeness = expert_completeness(expert)
    return render(
        request,
        template,
        {
            "expert": expert,
            "section": section,
            "section_label": SECTION_LABELS[section],
            "sections": _sections(completeness),
            "completeness": completeness,
            **context,
        },
    )


def _saved(request: HttpRequest, section: str) -> HttpResponse:
    """Confirm, then lead on to the next section (the overview after the last one)."""
    messages.success(request, _("“%(section)s” is saved.") % {"section": SECTION_LABELS[section]})
    position = SECTION_ORDER.index(section)
    if position + 1 < len(SECTION_ORDER):
        return redirect(f"experts:profile_{SECTION_ORDER[position + 1]}")
    return redirect("experts:profile")


def _plain_section(request: HttpRequest, section: str, form_class) -> HttpResponse:
    """A section that is one form over the profile's own fields."""
    expert = _editable_profile(request)
    form = form_class(request.POST if request.method == "POST" else None, instance=expert)
    if request.method == "POST" and form.is_valid():
        services.expert_profile_update(
            expert=expert, actor=request.user, section=section, data=form.cleaned_data
        )
        return _saved(request, section)
    return _render_section(request, expert, section, "experts/profile/section_form.html", form=form)


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_details(request: HttpRequest) -> HttpResponse:
    return _plain_section(request, "details", DetailsForm)


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_summary(request: HttpRequest) -> HttpResponse:
    return _plain_section(request, "summary", SummaryForm)


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_countries(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    if request.method == "POST":
        form = CountriesForm(request.POST)
        if form.is_valid():
            services.expert_countries_set(
                expert=expert, actor=request.user, countries=form.cleaned_data["countries"]
            )
            return _saved(request, "countries")
    else:
        form = CountriesForm(initial={"countries": expert.countries_of_experience.all()})
    return _render_section(
        request, expert, "countries", "experts/profile/section_form.html", form=form
    )


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_cv(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    if request.method == "POST":
        form = CVForm(request.POST, request.FILES)
        if form.is_valid():
            services.expert_cv_upload(
                expert=expert, actor=request.user, upload=form.cleaned_data["cv"]
            )
            return _saved(request, "cv")
    else:
        form = CVForm()
    return _render_section(request, expert, "cv", "experts/profile/cv.html", form=form)


def _rows_section(
    request: HttpRequest,
    section: str,
    initial: Callable[[Expert], list[dict]],
    save: Callable[[Expert, list], None],
) -> HttpResponse:
    """A section that is a list of rows (themes, languages); ``section`` names its formset."""
    expert = _editable_profile(request)
    formset_class = ROW_FORMSETS[section]
    if request.method == "POST":
        formset = formset_class(request.POST, prefix=section)
        if formset.is_valid():
            save(expert, formset.rows())
            return _saved(request, section)
    else:
        formset = formset_class(initial=initial(expert), prefix=section)
    return _render_section(
        request, expert, section, "experts/profile/rows.html", formset=formset, kind=section
    )


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_themes(request: HttpRequest) -> HttpResponse:
    return _rows_section(
        request,
        "themes",
        initial=lambda expert: [
            {"theme": row.theme_id, "years": row.years}
            for row in expert.themes.order_by("-years", "id")
        ],
        save=lambda expert, rows: services.expert_themes_replace(
            expert=expert, actor=request.user, themes=rows
        ),
    )


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_languages(request: HttpRequest) -> HttpResponse:
    return _rows_section(
        request,
        "languages",
        initial=lambda expert: [
            {"language": row.language_id, "level": row.level}
            for row in expert.languages.order_by("-level", "id")
        ],
        save=lambda expert, rows: services.expert_languages_replace(
            expert=expert, actor=request.user, languages=rows
        ),
    )


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_availability(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    formset_class = ROW_FORMSETS["periods"]
    if request.method == "POST":
        form = AvailabilityForm(request.POST)
        formset = formset_class(request.POST, prefix="periods")
        if form.is_valid() and formset.is_valid():
            services.expert_availability_update(
                expert=expert,
                actor=request.user,
                max_days_per_year=form.cleaned_data["max_days_per_year"],
                periods=formset.rows(),
            )
            return _saved(request, "availability")
    else:
        form = AvailabilityForm(initial={"max_days_per_year": expert.max_days_per_year})
        formset = formset_class(
            initial=[
                {"start": period.start, "end": period.end, "reason": period.reason}
                for period in expert.unavailable_periods.all()
            ],
            prefix="periods",
        )
    return _render_section(
        request,
        expert,
        "availability",
        "experts/profile/availability.html",
        form=form,
        formset=formset,
        kind="periods",
    )


@role_required(is_expert)
@require_http_methods(["GET", "POST"])
def profile_consent(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and expert.consent_given_at is None and form.is_valid():
        services.expert_consent_give(expert=expert, actor=request.user)
        return _saved(request, "consent")
    return _render_section(request, expert, "consent", "experts/profile/consent.html", form=form)


@role_required(is_expert)
@require_GET
def profile_row(request: HttpRequest, kind: str) -> HttpResponse:
    """htmx: one more empty row for a repeatable section, and the formset's new row count."""
    formset_class = ROW_FORMSETS.get(kind)
    if formset_class is None:
        raise Http404
    formset = formset_class(prefix=kind)
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest()
    if not 0 <= index < formset.max_num:
        return HttpResponse(status=204)
    return render(
        request,
        "experts/profile/_row_added.html",
        {"form": formset.row_form(index), "formset": formset, "kind": kind, "total": index + 1},
    )


# --- Data rights --------------------------------------------------------------------------------


def _render_data_page(request: HttpRequest, expert: Expert, delete_form) -> HttpResponse:
    return render(request, "experts/data.html", {"expert": expert, "delete_form": delete_form})


@role_required(is_expert)
@require_GET
def data(request: HttpRequest) -> HttpResponse:
    return _render_data_page(request, _own_profile(request), DeleteProfileForm(user=request.user))


@role_required(is_expert)
@require_POST
def data_export(request: HttpRequest) -> HttpResponse:
    payload = services.expert_data_export(expert=_own_profile(request), actor=request.user)
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-expert-profile-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(is_expert)
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    if expert.consent_given_at is None:
        messages.info(
            request, _("You have not given your consent, so there is nothing to withdraw.")
        )
        return redirect("experts:data")
    try:
        services.expert_consent_withdraw(expert=expert, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Your consent is withdrawn. Your profile is off the roster: nobody can find or "
                "invite you until you give your consent again and submit your profile."
            ),
        )
    return redirect("experts:data")


@role_required(is_expert)
@require_POST
def delete_profile(request: HttpRequest) -> HttpResponse:
    expert = _editable_profile(request)
    form = DeleteProfileForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_data_page(request, expert, form)
    try:
        services.expert_anonymise(expert=expert, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
        return redirect("experts:data")
    logout(request)
    messages.success(
        request,
        _(
            "Your profile is deleted and your account closed. Missions you took part in remain "
            "in the programme's statistics, without your name."
        ),
    )
    return redirect("public:home")
