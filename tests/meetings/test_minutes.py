"""The minutes of a meeting as a PDF and as a Word document."""

import io

import pytest
from docx import Document

from meetings import services
from meetings.minutes import meeting_minutes, minutes_docx, minutes_pdf
from tests.factories import OfficerFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, ScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_meeting():
    meeting = MeetingFactory(title="Weekly planning")
    accepted = AgendaItemFactory(
        meeting=meeting,
        request__title="Foster care standards in Podgorica",
        proposed_decision="accept",
        note="Strong ownership by the ministry.",
    )
    ScoreFactory(item=accepted, criterion__name="Relevance", value=5, comment="Core theme")
    AgendaItemFactory(
        meeting=meeting,
        request__title="Социјална заштита <script>alert(1)</script>\x0b",
        proposed_decision="accept",
        status_seen="submitted",
    )
    services.meeting_close(meeting=meeting, actor=OfficerFactory())
    return meeting


def test_the_minutes_hold_the_agenda_scores_and_outcomes(closed_meeting):
    minutes = meeting_minutes(closed_meeting)

    first, second = minutes.items
    assert (first.title, first.average, first.proposed) == (
        "Foster care standards in Podgorica",
        "5.0",
        "Accept",
    )
    assert [(s.criterion, s.value, s.comment) for s in first.scores] == [
        ("Relevance", 5, "Core theme")
    ]
    assert first.outcome == "Applied: the request is now “Accepted”."
    assert second.outcome.startswith("Skipped: The status changed since")


def test_the_pdf_is_a_pdf(closed_meeting):
    content = minutes_pdf(meeting_minutes(closed_meeting))

    assert content.startswith(b"%PDF")
    assert len(content) > 1000


def test_the_word_document_opens_and_holds_the_agenda(closed_meeting):
    document = Document(io.BytesIO(minutes_docx(meeting_minutes(closed_meeting))))

    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    reference = closed_meeting.items.first().request.reference
    assert "Weekly planning" in text
    assert f"{reference} – Foster care standards in Podgorica" in text
    assert "Социјална заштита <script>alert(1)</script>" in text
    assert "Outcome: Applied: the request is now “Accepted”." in text
    assert "Skipped: The status changed since" in text
    assert cells[:6] == ["Criterion", "Score", "Comment", "Relevance", "5", "Core theme"]
