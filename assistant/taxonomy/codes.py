"""Code formats: EWC ("03 01 05", "10 01 04*"), NACE Rev. 2 ("16.10", "16.1", "16"), units."""

from __future__ import annotations

import re

_EWC = re.compile(r"^\s*(\d{2})\s*(\d{2})\s*(\d{2})\s*(\*?)\s*$")
_EWC_PREFIX = re.compile(r"^\s*(\d{2})(?:\s*(\d{2}))?(?:\s*(\d{2}))?\s*\*?\s*$")
_NACE = re.compile(r"^\s*([A-Ua-u]\s*)?(\d{2})(?:\.?(\d))?(\d)?\s*$")

UNITS = ("t/year", "m3/year", "MWh/year")
_UNIT_ALIASES = {
    "t/year": "t/year",
    "t/yr": "t/year",
    "t/y": "t/year",
    "t/a": "t/year",
    "t/gadā": "t/year",
    "t/gada": "t/year",
    "tonnes/year": "t/year",
    "m3/year": "m3/year",
    "m³/year": "m3/year",
    "m3/yr": "m3/year",
    "m3/y": "m3/year",
    "m3/a": "m3/year",
    "m3/gadā": "m3/year",
    "m³/gadā": "m3/year",
    "m3/gada": "m3/year",
    "mwh/year": "MWh/year",
    "mwh/yr": "MWh/year",
    "mwh/y": "MWh/year",
    "mwh/a": "MWh/year",
    "mwh/gadā": "MWh/year",
    "mwh/gada": "MWh/year",
}


def normalize_ewc(code: str) -> str | None:
    """'030105' / '03 01 05' -> '03 01 05', keeping a hazardous mark; None if malformed."""
    match = _EWC.match(code or "")
    if not match:
        return None
    a, b, c, star = match.groups()
    return f"{a} {b} {c}{star}"


def ewc_prefix(code: str) -> str | None:
    """A chapter, sub-chapter or full code as written in rules: '03', '03 01', '03 01 05'."""
    match = _EWC_PREFIX.match(code or "")
    if not match:
        return None
    return " ".join(part for part in match.groups() if part)


def ewc_bare(code: str) -> str:
    """The code without the hazardous mark."""
    return code.rstrip("*").strip()


def normalize_nace(code: str) -> str | None:
    """'16.10', '1610', 'C16.10' -> '16.10'; '16.1' stays a group; '16' a division."""
    match = _NACE.match(code or "")
    if not match:
        return None
    _section, division, group, klass = match.groups()
    if group is None:
        return division
    if klass is None:
        return f"{division}.{group}"
    return f"{division}.{group}{klass}"


def nace_levels(code: str) -> tuple[str, ...]:
    """A code and every level above it: '16.29' -> ('16.29', '16.2', '16')."""
    levels = [code]
    if len(code) == 5:
        levels.append(code[:4])
    if len(code) >= 4:
        levels.append(code[:2])
    return tuple(levels)


def nace_matches(company_nace: str, pattern: str) -> bool:
    """A company's code falls under a rule's class, group or division."""
    if len(pattern) == 2:
        return company_nace[:2] == pattern
    return company_nace.startswith(pattern)


def normalize_unit(unit: str) -> str | None:
    return _UNIT_ALIASES.get(re.sub(r"\s+", "", (unit or "").lower()))
