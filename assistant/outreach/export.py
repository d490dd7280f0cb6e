"""Exporting a draft: an .eml message (UTF-8, ready for any mail client) or plain text."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from assistant.clock import utcnow
from assistant.config import Settings
from assistant.errors import InvalidInput
from assistant.models.outreach import DraftPublic

FORMATS = {"eml": "message/rfc822", "txt": "text/plain; charset=utf-8"}


def check_format(fmt: str) -> str:
    normal = fmt.strip().lower().lstrip(".")
    if normal not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r} (use eml or txt)")
    return normal


def to_txt(draft: DraftPublic) -> str:
    label = "Temats" if draft.language == "lv" else "Subject"
    return f"{label}: {draft.subject}\n\n{draft.body}\n"


def to_eml(draft: DraftPublic, settings: Settings, to_email: str = "") -> bytes:
    message = EmailMessage()
    message["Subject"] = draft.subject
    message["From"] = formataddr((settings.facilitator_name, settings.facilitator_email))
    if to_email:
        message["To"] = formataddr((draft.target, to_email))
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="simbioze.local")
    message["X-Simbioze-Draft"] = f"{draft.id}; version {draft.version}; {draft.channel}"
    body = draft.body + "\n"
    readable = max(len(line.encode("utf-8")) for line in body.splitlines()) < 900
    message.set_content(body, charset="utf-8", cte="8bit" if readable else "quoted-printable")
    message["Content-Language"] = draft.language
    return message.as_bytes()


def filename(draft: DraftPublic, fmt: str) -> str:
    return f"outreach-{draft.id}-v{draft.version}.{fmt}"
