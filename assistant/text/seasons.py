"""When a flow is there, in the reader's language: a company writes its availability freely
("galvenokārt septembris–maijs"); an English answer shows its months ("September–May") and
never the Latvian words around them."""

from __future__ import annotations

import re

from assistant.text.normalize import fold

_MONTHS = {
    "janvar": "January",
    "februar": "February",
    "mart": "March",
    "april": "April",
    "maij": "May",
    "junij": "June",
    "julij": "July",
    "august": "August",
    "septembr": "September",
    "oktobr": "October",
    "novembr": "November",
    "decembr": "December",
}
_MONTH = r"(janvar|februar|mart|april|maij|junij|julij|august|septembr|oktobr|novembr|decembr)\w*"
_SPAN = re.compile(rf"\b{_MONTH}(?:\s*[–-]\s*{_MONTH})?")
_ALL_YEAR = re.compile(r"\b(visu gadu|all year|year[- ]round)\b")


def season(written: str | None, lang: str) -> str | None:
    """The availability for a reader: as written in a Latvian answer; in an English one "all
    year" or the month spans it names, else nothing (rather than Latvian words)."""
    if not written or not written.strip():
        return None
    if lang == "lv":
        return written.strip()
    text = fold(written)
    if _ALL_YEAR.search(text):
        return "all year"
    spans = [
        _MONTHS[start] + (f"–{_MONTHS[end]}" if end else "") for start, end in _SPAN.findall(text)
    ]
    return ", ".join(spans) or None
