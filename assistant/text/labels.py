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

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")


@cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(LABELS_FILE.read_text("utf-8"))
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
