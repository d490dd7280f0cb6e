"""An invitation from the facilitator to one company — to a haves-and-wants workshop or a
short meeting — when no exchange is proposed yet: "draft an invitation to the glass company
for our workshop next month". Rendered, never saved (there is no synergy to track)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.outreach.render import long_date
from assistant.prompts import render
from assistant.text.normalize import fold

INVITATION = re.compile(r"\b(invit\w*|uzaicin\w*|aicin\w*|ielug\w*)\b")
_WORKSHOP = re.compile(r"\b(workshop\w*|haves|darbnic\w*|parpalikum\w*|seminar\w*)")
_NEXT_MONTH = re.compile(r"\b(next month|nakamaja menesi|nakammenes\w*)\b")
_NEXT_WEEK = re.compile(r"\b(next week|nakamaja nedela|nakamnedel\w*)\b")


def asks_invitation(message: str) -> bool:
    return bool(INVITATION.search(fold(message)))


def invitation(
    message: str, recipient: str, outputs: list[str], lang: str, me: dict[str, str]
) -> dict[str, Any]:
    """The invitation's subject and body, in `lang`, signed by `me`."""
    text = fold(message)
    context = {
        "recipient": recipient,
        "workshop": bool(_WORKSHOP.search(text)),
        "when": "next_month"
        if _NEXT_MONTH.search(text)
        else "next_week"
        if _NEXT_WEEK.search(text)
        else None,
        "outputs": outputs[:3],
        "me": me,
        "today": long_date(date.today(), lang),
    }
    subject = render(f"outreach/invitation_subject.{lang}.j2", **context).strip()
    body = render(f"outreach/invitation.{lang}.j2", **context).strip()
    return {
        "kind": "invitation",
        "target": recipient,
        "subject": subject,
        "body": body,
        "saved": False,
    }
