"""Rendering a draft from its facts through the templates in prompts/outreach/."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.config import Settings
from assistant.outreach.facts import Facts
from assistant.prompts import render
from assistant.text.formatting import date_text


def signature(settings: Settings, lang: str) -> dict[str, str]:
    """The facilitator from settings; a bilingual title 'LV / EN' gives the draft's half."""
    title = settings.facilitator_title
    if " / " in title:
        lv, en = title.split(" / ", 1)
        title = lv if lang == "lv" else en
    return {
        "name": settings.facilitator_name,
        "title": title.strip(),
        "organisation": settings.facilitator_organisation,
        "email": settings.facilitator_email,
        "phone": settings.facilitator_phone,
    }


def long_date(day: date, lang: str) -> str:
    """The letter's date: "2026. gada 6. decembrī" / "6 December 2026" (any locale)."""
    return date_text(day, lang, "loc" if lang == "lv" else "nom")


def draft_text(
    facts: Facts,
    lang: str,
    channel: str,
    tone: str,
    settings: Settings | None,
    today: date | None = None,
    me: dict[str, str] | None = None,
) -> tuple[str, str]:
    """(subject, body) of a draft, signed by the facilitator unless `me` says who writes."""
    if me is None:
        if settings is None:
            raise ValueError("a draft needs the facilitator's settings or who signs it")
        me = signature(settings, lang)
    context: dict[str, Any] = {
        **facts.context,
        "lang": lang,
        "tone": tone,
        "channel": channel,
        "me": me,
        "today": long_date(today or date.today(), lang),
        "address": facts.context.get("address", ""),
    }
    subject = _tidy(render(f"outreach/subject.{lang}.j2", **context))
    body = _tidy(render(f"outreach/{channel}.{lang}.j2", **context, subject=subject))
    return subject, body


def _tidy(text: str) -> str:
    """One blank line at most, no trailing spaces."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
