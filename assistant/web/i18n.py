"""The web UI's Latvian/English message catalogue, the language choice and number formats.

Every UI string lives in `messages.yaml` as `key: {en: ..., lv: ...}` (with `js: true` when the
page's script needs it). A missing key raises `KeyError` instead of rendering an empty label, so
a test that renders every page finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from fastapi import Request

LANGS = ("lv", "en")
DEFAULT_LANG = "lv"
COOKIE = "lang"
CATALOGUE = Path(__file__).with_name("messages.yaml")


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(CATALOGUE.read_text("utf-8"))
    return data


def choose_lang(request: Request) -> str:
    """`?lang=` first, then the `lang` cookie, then Accept-Language, then Latvian."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGS:
            return candidate
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT_LANG


@dataclass(frozen=True)
class Translator:
    lang: str

    def __call__(self, key: str, **values: Any) -> str:
        text = str(catalogue()[key][self.lang])
        return text.format(**values) if values else text

    def maybe(self, key: str, fallback: str) -> str:
        """The string for a key built from data (a legal route kind), or the data itself."""
        return self(key) if key in catalogue() else fallback

    def pick(self, en: str | None, lv: str | None) -> str:
        """The text in the UI language when there is one, else the other."""
        first, second = (lv, en) if self.lang == "lv" else (en, lv)
        return first or second or ""

    def number(self, value: float | int | None, digits: int = 0) -> str:
        """1 234,5 in Latvian, 1,234.5 in English (non-breaking thin-space groups in LV)."""
        if value is None:
            return "–"
        text = f"{value:,.{digits}f}"
        if self.lang == "lv":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    def unit(self, unit: str | None) -> str:
        entry = catalogue().get(f"unit.{unit}")
        return str(entry[self.lang]) if entry else unit or ""

    def client_strings(self) -> dict[str, str]:
        """The strings the pages' scripts need (marked `js: true`)."""
        return {key: str(value[self.lang]) for key, value in catalogue().items()
                if value.get("js")}
