"""Downloads of the staff dashboard's tables as CSV or XLSX, for programme managers.

Exports are sensitive: each one leaves an audit record (who, which table, which filters).
"""

import tablib
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.rules import is_manager
from audit.services import audit_record_create

from ..filters import DashboardFilterForm
from ..scope import Audience, AudienceKind
from ..selectors import Dashboard
from ..tables import TABLES_BY_AUDIENCE, build_table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
@role_required(is_manager)
def staff_export(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the staff dashboard, ``?format=csv|xlsx`` and the dashboard's filters."""
    file_format = request.GET.get("format", "")
    if table not in TABLES_BY_AUDIENCE[AudienceKind.PROGRAMME] or file_format not in CONTENT_TYPES:
        raise Http404
    filters = DashboardFilterForm(request.GET).filters()
    if filters is None:
        raise BadRequest("The filters of the export are not valid.")
    exported = build_table(table, Dashboard(audience=Audience.programme(), filters=filters))
    dataset = tablib.Dataset(*exported.export_rows, headers=exported.headers, title=table)
    content = dataset.export(file_format)
    audit_record_create(
        target=request.user,
        actor=request.user,
        action="export",
        data={"table": table, "format": file_format, "filters": filters.as_params()},
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"programme-{table.replace('_', '-')}.{file_format}"
    )
    return response
