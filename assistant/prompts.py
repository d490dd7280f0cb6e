"""Prompt and answer templates: files under prompts/, rendered by a sandboxed Jinja2
environment with StrictUndefined, so a missing variable is an error, never a blank."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from assistant.errors import AssistantError
from assistant.text.agreement import count
from assistant.text.labels import label
from assistant.text.seasons import season

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


def money(value: float, lang: str, cents: bool = False) -> str:
    """Whole euros; with `cents`, a figure below €10 keeps two decimals (a per-unit price)."""
    digits = 2 if cents and abs(value) < 10 else 0
    rounded = round(value, digits) if digits else round(value)
    text = f"{abs(rounded):,.{digits}f}"
    if lang == "lv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    sign = "−" if rounded < 0 else ""
    return f"{sign}{text} €" if lang == "lv" else f"{sign}€{text}"


def num(value: float, lang: str, digits: int = 1) -> str:
    if abs(value) >= 100 or float(value).is_integer():
        text = f"{round(value):,}"
    else:
        text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    if lang == "lv":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


_UNITS_LV = {"t/year": "t gadā", "m3/year": "m³ gadā", "MWh/year": "MWh gadā"}
_UNITS_EN = {"t/year": "t a year", "m3/year": "m³ a year", "MWh/year": "MWh a year"}


def unit_label(unit: str | None, lang: str) -> str:
    table = _UNITS_LV if lang == "lv" else _UNITS_EN
    return table.get(unit or "", unit or "")


@lru_cache
def environment(root: str = str(PROMPTS_DIR)) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(root),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.globals.update(
        money=money, num=num, unit_label=unit_label, count=count, label=label, season=season
    )
    return env


def render(name: str, **context: Any) -> str:
    try:
        template = environment().get_template(name)
    except TemplateNotFound as exc:
        raise AssistantError(f"template {name} is missing from {PROMPTS_DIR}") from exc
    return template.render(**context).strip()


def template_names(prefix: str) -> list[str]:
    return sorted(n for n in environment().list_templates() if n.startswith(prefix))
