"""CSV and XLSX downloads of the staff dashboard's tables: managers only, audited."""

import csv
import io

import pytest
import tablib
from django.urls import reverse

from audit.models import AuditRecord
from reporting.scope import AudienceKind
from reporting.tables import TABLES_BY_AUDIENCE
from tests.factories import ExpertUserFactory, ManagerFactory, OfficerFactory, PartnerUserFactory
from tests.reporting.data import PERIOD


def export_url(table: str) -> str:
    return reverse("reporting:staff_export", args=[table])


def test_export_csv_has_the_rows_of_the_table_and_its_total(client, programme):
    client.force_login(ManagerFactory())

    response = client.get(export_url("experts_by_member_state"), {**PERIOD, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="programme-experts-by-member-state.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Member state", "Experts", "Expert-days delivered"],
        ["Germany", "2", "9"],
        ["Luxembourg", "1", "11"],
        ["Total", "3", "20"],
    ]


def test_export_keeps_the_dashboard_filters(client, programme):
    client.force_login(ManagerFactory())

    response = client.get(
        export_url("requests_by_month"),
        {"start": "2025-03-01", "end": "2025-04-30", "region": "central_asia", "format": "csv"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Month", "Central Asia", "Total"],
        ["2025-03-01", "2", "2"],
        ["2025-04-01", "0", "0"],
        ["Total", "2", "2"],
    ]


def test_export_xlsx_opens_with_the_same_numbers(client, programme):
    client.force_login(ManagerFactory())

    response = client.get(export_url("satisfaction"), {**PERIOD, "format": "xlsx"})

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = tablib.Dataset().load(io.BytesIO(response.content), format="xlsx")
    assert book.headers == ["Dimension", "Average rating (1 to 5)", "Answers"]
    assert list(book) == [
        ("Relevance", 4.0, 2),
        ("Expertise", 4.5, 2),
        ("Organisation", 3.5, 2),
        ("Usefulness", 3.0, 2),
        ("All dimensions", 3.8, 2),
    ]


@pytest.mark.parametrize("table", TABLES_BY_AUDIENCE[AudienceKind.PROGRAMME])
def test_every_staff_table_exports_to_csv_and_xlsx(client, programme, table):
    client.force_login(ManagerFactory())

    for file_format in ("csv", "xlsx"):
        response = client.get(export_url(table), {**PERIOD, "format": file_format})

        assert response.status_code == 200, (table, file_format)


def test_export_leaves_an_audit_record(client, programme):
    manager = ManagerFactory()
    client.force_login(manager)

    client.get(export_url("missions_by_country"), {**PERIOD, "format": "csv", "country": "KZ"})

    record = AuditRecord.objects.get(action="export")
    assert (record.object_id, record.actor) == (str(manager.pk), manager)
    assert record.data == {
        "table": "missions_by_country",
        "format": "csv",
        "filters": {"start": "2025-01-01", "end": "2025-06-30", "country": "KZ"},
    }


@pytest.mark.parametrize("factory", [OfficerFactory, PartnerUserFactory, ExpertUserFactory])
def test_export_answers_404_to_everyone_but_managers(client, db, factory):
    client.force_login(factory())

    response = client.get(export_url("requests"), {"format": "csv"})

    assert response.status_code == 404
    assert AuditRecord.objects.filter(action="export").count() == 0


@pytest.mark.parametrize(
    ("table", "file_format"),
    [("expert_missions", "csv"), ("unknown", "csv"), ("requests", "pdf"), ("requests", "")],
)
def test_export_answers_404_to_an_unknown_table_or_format(client, db, table, file_format):
    client.force_login(ManagerFactory())

    response = client.get(export_url(table), {"format": file_format})

    assert response.status_code == 404


def test_export_refuses_invalid_filters(client, db):
    client.force_login(ManagerFactory())

    response = client.get(
        export_url("requests"), {"format": "csv", "start": "2025-06-30", "end": "2025-01-01"}
    )

    assert response.status_code == 400
    assert AuditRecord.objects.filter(action="export").count() == 0
