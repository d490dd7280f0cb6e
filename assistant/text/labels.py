"""The Latvian and English label of every enum value a person sees, read from labels.yaml.

    label("stage", "contacted", "lv")  -> "Uzrunāta"
    label("legal_kind", "by_product", "en") -> "by-product (WFD Art. 5)"
    labels("direction", "lv")          -> {"output": "Piedāvā", "input": "Meklē"}

An unknown enum or value raises KeyError: a page or sentence never falls back to showing the
raw value (`end_of_waste`, `identified`) to a reader.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from assistant import yamlio

LABELS_FILE = Path(__file__).with_name("labels.yaml")


@cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = yamlio.safe_load(LABELS_FILE.read_text("utf-8"))
    return data


def label(enum: str, value: str | bool, lang: str, default: str | None = None) -> str:
    """The label; an unknown value is a KeyError unless a `default` is given."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    entry = catalogue()[enum].get(value)
    if entry is None:
        if default is None:
            raise KeyError(f"{enum}.{value}")
        return default
    return entry[lang]


def labels(enum: str, lang: str) -> dict[str, str]:
    return {value: entry[lang] for value, entry in catalogue()[enum].items()}


def enums() -> list[str]:
    return list(catalogue())


def error_message(code: str, lang: str, status: int = 500) -> str:
    """The message of an error `code` (the `code` of the API's JSON error and of a CLI error)
    in `lang`. A code without its own text gets the general one of its kind (`http_error`),
    so a reader never sees a bare English code; tests/i18n/test_error_messages.py keeps every
    code the product produces in labels.yaml."""
    texts = catalogue()["error"]
    entry = texts.get(code) or texts["internal_error" if status >= 500 else "http_error"]
    return entry["lv" if lang == "lv" else "en"]


def lang_of(value: str | None) -> str | None:
    """ "lv" or "en" from a language value such as `lv`, `lv-LV`, `lv_LV.UTF-8`, `en-GB`;
    None for anything else."""
    code = (value or "").strip().lower()[:2]
    return code if code in ("lv", "en") else None
