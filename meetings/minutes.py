"""The minutes of a meeting (agenda, scores, proposed and applied decisions, skips with their
reasons) as a PDF (reportlab) or a Word document (python-docx), served like the list exports and
audited."""

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.services import audit_record_create
from cooperation.models import RejectionReason
from cooperation.transitions import REQUEST_MACHINE

from .models import Meeting, Outcome
from .selectors import meeting_items
from .transitions import decision_label

MINUTES_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# A font with the partner countries' letters (č, ć, đ, Cyrillic), when the system has one;
# reportlab's built-in Helvetica covers Latin-1 only.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)


@dataclass(frozen=True)
class ScoreLine:
    criterion: str
    value: int
    comment: str


@dataclass(frozen=True)
class MinutesItem:
    number: int
    reference: str
    title: str
    institution: str
    status_seen: str
    scores: list[ScoreLine]
    average: str
    proposed: str
    note: str
    outcome: str


@dataclass(frozen=True)
class Minutes:
    title: str
    heading: str
    status: str
    items: list[MinutesItem]


def _outcome(item) -> str:
    if item.outcome == Outcome.APPLIED:
        return _("Applied: the request is now “%(status)s”.") % {
            "status": REQUEST_MACHINE.state_label(item.applied_status)
        }
    if item.outcome == Outcome.SKIPPED:
        return _("Skipped: %(reason)s") % {"reason": item.outcome_reason}
    return str(Outcome.PENDING.label)


def _proposed(item) -> str:
    if not item.proposed_decision:
        return _("No decision proposed")
    label = decision_label(item.proposed_decision)
    if item.rejection_reason in RejectionReason.values:
        label = f"{label} ({RejectionReason(item.rejection_reason).label})"
    return label


def meeting_minutes(meeting: Meeting) -> Minutes:
    """What the minutes say, for every format."""
    items = []
    for number, item in enumerate(meeting_items(meeting), start=1):
        items.append(
            MinutesItem(
                number=number,
                reference=item.request.reference or "",
                title=item.request.title,
                institution=f"{item.request.lead_institution} · "
                f"{item.request.lead_institution.country.name}",
                status_seen=REQUEST_MACHINE.state_label(item.status_seen),
                scores=[
                    ScoreLine(str(score.criterion), score.value, score.comment)
                    for score in item.scores.all()
                ],
                average=formats.number_format(item.average, 1) if item.average else "–",
                proposed=_proposed(item),
                note=item.note,
                outcome=_outcome(item),
            )
        )
    status = meeting.get_status_display()
    if meeting.closed_at:
        status = _("%(status)s on %(when)s by %(who)s") % {
            "status": status,
            "when": formats.date_format(timezone.localtime(meeting.closed_at), "DATETIME_FORMAT"),
            "who": meeting.closed_by,
        }
    return Minutes(
        title=meeting.title,
        heading=_("Minutes of the decision meeting of %(date)s")
        % {"date": formats.date_format(meeting.date, "DATE_FORMAT")},
        status=status,
        items=items,
    )


# --- PDF -----------------------------------------------------------------------------------------


def _pdf_font() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in UNICODE_FONTS:
        if path.exists():
            name = path.stem
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            return name, name
    return "Helvetica", "Helvetica-Bold"


def minutes_pdf(minutes: Minutes) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = _pdf_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith(("Heading", "Title")) else font

    def para(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), styles[style])

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=minutes.heading, leftMargin=2 * cm, rightMargin=2 * cm
    )
    story = [
        para(minutes.heading, "Title"),
        para(minutes.title, "Heading2"),
        para(_("Status: %(status)s") % {"status": minutes.status}),
        Spacer(1, 0.4 * cm),
        para(_("Agenda"), "Heading2"),
    ]
    for item in minutes.items:
        story.append(para(f"{item.number}. {item.reference} – {item.title}"))
    if not minutes.items:
        story.append(para(_("The agenda is empty.")))
    for item in minutes.items:
        story += [
            Spacer(1, 0.4 * cm),
            para(f"{item.number}. {item.reference} – {item.title}", "Heading3"),
            para(item.institution),
            para(_("Status when put on the agenda: %(status)s") % {"status": item.status_seen}),
        ]
        if item.scores:
            rows = [[para(_("Criterion")), para(_("Score")), para(_("Comment"))]]
            rows += [[para(s.criterion), para(str(s.value)), para(s.comment)] for s in item.scores]
            rows.append([para(_("Average")), para(item.average), para("")])
            table = Table(rows, colWidths=[6 * cm, 2 * cm, 9 * cm], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
        else:
            story.append(para(_("Not scored.")))
        story.append(para(_("Proposed decision: %(decision)s") % {"decision": item.proposed}))
        if item.note:
            story.append(para(_("Note: %(note)s") % {"note": item.note}))
        story.append(para(_("Outcome: %(outcome)s") % {"outcome": item.outcome}))
    document.build(story)
    return buffer.getvalue()


# --- Word document -------------------------------------------------------------------------------


def _docx_text(text: str) -> str:
    """Text Word accepts: XML 1.0 forbids most control characters (a NUL among them)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


def minutes_docx(minutes: Minutes) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = _docx_text(minutes.heading)
    document.add_heading(_docx_text(minutes.heading), level=0)
    document.add_heading(_docx_text(minutes.title), level=1)
    document.add_paragraph(_docx_text(_("Status: %(status)s") % {"status": minutes.status}))
    document.add_heading(_("Agenda"), level=1)
    for item in minutes.items:
        document.add_paragraph(_docx_text(f"{item.reference} – {item.title}"), style="List Number")
    if not minutes.items:
        document.add_paragraph(_("The agenda is empty."))
    for item in minutes.items:
        document.add_heading(_docx_text(f"{item.number}. {item.reference} – {item.title}"), 2)
        document.add_paragraph(_docx_text(item.institution))
        document.add_paragraph(
            _("Status when put on the agenda: %(status)s") % {"status": item.status_seen}
        )
        if item.scores:
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, header in zip(
                table.rows[0].cells, (_("Criterion"), _("Score"), _("Comment")), strict=True
            ):
                cell.text = header
            for score in item.scores:
                cells = table.add_row().cells
                cells[0].text = _docx_text(score.criterion)
                cells[1].text = str(score.value)
                cells[2].text = _docx_text(score.comment)
            cells = table.add_row().cells
            cells[0].text, cells[1].text = _("Average"), item.average
        else:
            document.add_paragraph(_("Not scored."))
        document.add_paragraph(
            _docx_text(_("Proposed decision: %(decision)s") % {"decision": item.proposed})
        )
        if item.note:
            document.add_paragraph(_docx_text(_("Note: %(note)s") % {"note": item.note}))
        document.add_paragraph(_docx_text(_("Outcome: %(outcome)s") % {"outcome": item.outcome}))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


RENDERERS = {"pdf": minutes_pdf, "docx": minutes_docx}


def minutes_response(meeting: Meeting, *, file_format: str, exported_by) -> HttpResponse:
    """The minutes as a download ``minutes-<date>-<id>.<format>``; audited like every export."""
    minutes = meeting_minutes(meeting)
    response = HttpResponse(
        RENDERERS[file_format](minutes), content_type=MINUTES_FORMATS[file_format]
    )
    audit_record_create(
        target=meeting,
        actor=exported_by,
        action="export",
        data={"table": "minutes", "format": file_format, "rows": len(minutes.items)},
    )
    name = f"minutes-{meeting.date.isoformat()}-{meeting.pk}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
