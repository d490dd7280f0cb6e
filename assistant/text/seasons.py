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
    return month_spans(months(written), "en") or None


_ORDER = list(_MONTHS)  # the month stems, January first
_LV_NAMES = (
    "janvāris februāris marts aprīlis maijs jūnijs jūlijs augusts septembris oktobris "
    "novembris decembris"
).split()


def months(written: str | None) -> frozenset[int]:
    """The months (1–12) an availability names: "visu gadu" all, "oktobris–aprīlis" across
    the new year; none when it names no month."""
    text = fold(written or "")
    if _ALL_YEAR.search(text):
        return frozenset(range(1, 13))
    found: set[int] = set()
    for start, end in _SPAN.findall(text):
        first = _ORDER.index(start) + 1
        last = _ORDER.index(end) + 1 if end else first
        span = last - first if last >= first else last + 12 - first
        found.update((first - 1 + i) % 12 + 1 for i in range(span + 1))
    return frozenset(found)


def month_spans(found: frozenset[int], lang: str) -> str:
    """Months as spans in the reader's language: {10, 11, 12, 1} → "October–January"."""
    if not found:
        return ""
    if len(found) == 12:
        return "visu gadu" if lang == "lv" else "all year"
    names = _LV_NAMES if lang == "lv" else [_MONTHS[stem] for stem in _ORDER]
    starts = [m for m in sorted(found) if (m - 2) % 12 + 1 not in found]
    spans = []
    for start in starts:
        end = start
        while end % 12 + 1 in found:
            end = end % 12 + 1
        first, last = names[start - 1], names[end - 1]
        spans.append(first if start == end else f"{first}–{last}")
    return ", ".join(spans)
