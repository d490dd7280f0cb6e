"""The web UI's Latvian/English message catalogue, the language choice and number formats.

Every UI string lives in `messages.yaml` as `key: {en: ..., lv: ...}` (with `js: true` when the
page's script needs it); the labels of enum values (`stage.contacted`, `legal.by_product`, …)
come from the one labels file of assistant/text (labels.yaml). A missing key raises `KeyError`
instead of rendering an empty label, so a test that renders every page finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from fastapi import Request

from assistant.text.agreement import count, singular_agreement
from assistant.text.labels import catalogue as label_catalogue

LANGS = ("lv", "en")
DEFAULT_LANG = "lv"
COOKIE = "lang"
CATALOGUE = Path(__file__).with_name("messages.yaml")


# catalogue key prefix -> enum in assistant/text/labels.yaml
ENUM_KEYS = {
    "stage.": "stage",
    "kind.": "kind",
    "dir.": "direction",
    "legal.": "legal_kind",
    "family.": "family",
    "role.": "role",
    "esrs.": "esrs",
    "out.channel.": "channel",
    "out.tone.": "tone",
    "route.": "current_route",
}
SCRIPT_ENUMS = ("kind.",)  # the page's script labels these


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(CATALOGUE.read_text("utf-8"))
    for prefix, enum in ENUM_KEYS.items():
        for value, entry in label_catalogue()[enum].items():
            data[prefix + value] = {"en": entry["en"], "lv": entry["lv"]}
            if prefix in SCRIPT_ENUMS:
                data[prefix + value]["js"] = True
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

    def plural(self, key: str, n: int | float) -> str:
        """The label after a number: `key.one` when the number takes the singular (1, 21, 101
        in Latvian; 1 in English), else `key`."""
        one = singular_agreement(n) if self.lang == "lv" else n == 1
        return self(f"{key}.one") if one and f"{key}.one" in catalogue() else self(key)

    def count(self, n: int | float, noun: str) -> str:
        """`21 uzņēmums`, `22 uzņēmumi` / `21 companies`: a number that agrees with its noun
        (the noun by its Latvian nominative singular, see assistant/text/agreement.py)."""
        return count(n, noun, self.lang)

    def unit(self, unit: str | None) -> str:
        entry = catalogue().get(f"unit.{unit}")
        return str(entry[self.lang]) if entry else unit or ""

    def client_strings(self) -> dict[str, str]:
        """The strings the pages' scripts need (marked `js: true`)."""
        return {key: str(value[self.lang]) for key, value in catalogue().items() if value.get("js")}
