"""A small iCalendar (RFC 5545) writer for the missions feed (the stack has no iCalendar library).

Text is escaped (§3.3.11), lines are folded at 75 octets (§3.1) and end in CRLF; missions are
all-day events, so DTEND is the day after the last day (exclusive).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    first_day: datetime.date
    last_day: datetime.date
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"  # TENTATIVE, CONFIRMED or CANCELLED
    last_modified: datetime.datetime | None = None


def escape_text(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with a space."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for character in line:
        width = len(character.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += character
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{event.first_day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.last_day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"STATUS:{event.status}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.last_modified:
        lines.append(f"LAST-MODIFIED:{_utc(event.last_modified)}")
    lines.append("END:VEVENT")
    return lines


def ics_calendar(*, name: str, events: Iterable[CalendarEvent]) -> str:
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Peer Cooperation Portal//Missions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(f"{fold_line(line)}\r\n" for line in lines)
