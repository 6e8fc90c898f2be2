"""The CV, served only to the expert it belongs to and to programme staff."""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from uploads.responses import attachment_response
from uploads.validation import DOCUMENTS

from ..selectors import experts_visible_to


@login_required
@require_GET
def cv_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Another expert's CV, like any CV that does not exist, answers 404."""
    expert = get_object_or_404(experts_visible_to(request.user), pk=pk)
    if not expert.cv:
        raise Http404
    name = expert.cv_name or PurePath(expert.cv.name).name
    extension = PurePath(name).suffix.lower().lstrip(".")
    content_type = DOCUMENTS.get(extension, "application/octet-stream")
    return attachment_response(expert.cv, name=name, content_type=content_type)
