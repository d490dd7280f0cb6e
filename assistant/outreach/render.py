"""Rendering a draft from its facts through the templates in prompts/outreach/."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.config import Settings
from assistant.outreach.facts import Facts
from assistant.prompts import render
from assistant.text.formatting import date_text

# The shipped defaults are Latvian; an English draft is signed in English. An operator writes
# both halves in one setting, "Latvian / English" (as `.env.example` shows for the title).
SHIPPED = {
    "Parka fasilitators": "Parka fasilitators / Park facilitator",
    "Pašvaldības attīstības nodaļa": (
        "Pašvaldības attīstības nodaļa / Municipal development department"
    ),
}


def half(value: str, lang: str) -> str:
    """The draft's half of a bilingual setting "LV / EN" ("LV" alone serves both)."""
    value = SHIPPED.get(value.strip(), value)
    if " / " not in value:
        return value.strip()
    lv, en = value.split(" / ", 1)
    return (lv if lang == "lv" else en).strip()


def signature(settings: Settings, lang: str) -> dict[str, str]:
    """The facilitator from settings; a bilingual name, title or organisation 'LV / EN' gives
    the draft's half, and the shipped Latvian defaults have their English half here."""
    return {
        "name": half(settings.facilitator_name, lang),
        "title": half(settings.facilitator_title, lang),
        "organisation": half(settings.facilitator_organisation, lang),
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
