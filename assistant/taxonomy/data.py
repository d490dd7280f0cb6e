"""Reading the taxonomy files in `data/`: categories, material synonyms, EWC and NACE lists.

Nothing is read at import time; each loader reads its file once (lru_cache).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant import yamlio
from assistant.errors import InvalidInput
from assistant.taxonomy.codes import normalize_ewc, normalize_nace

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Category:
    id: str
    kind: str
    en: str
    lv: str
    ewc: tuple[str, ...]
    hazardous: bool = False
    # Bought and priced as its own grade (aluminium, copper, PET): a buyer of another grade
    # that shares its waste code does not take it.
    grade: bool = False


@dataclass(frozen=True)
class Material:
    """One material with its synonyms in both languages."""

    terms: tuple[str, ...]
    category: str
    codes: tuple[str, ...]

    @property
    def ewc(self) -> str | None:
        return self.codes[0] if self.codes else None


@dataclass(frozen=True)
class EwcEntry:
    code: str  # "10 01 04*" keeps its mark
    hazardous: bool
    chapter: str
    sub_chapter: str
    description: str


@dataclass(frozen=True)
class NaceEntry:
    code: str
    label: str
    label_lv: str = ""


def _yaml(name: str) -> Any:
    path = DATA_DIR / name
    if not path.exists():
        return None
    try:
        return yamlio.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"taxonomy file {name} is not valid YAML", str(exc)) from exc


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


@lru_cache
def load_categories() -> tuple[Category, ...]:
    rows = _yaml("categories.yaml") or []
    return tuple(
        Category(
            id=r["id"],
            kind=r.get("kind", "material"),
            en=r.get("en", r["id"]),
            lv=r.get("lv", ""),
            ewc=tuple(c for c in map(normalize_ewc, _as_list(r.get("ewc"))) if c),
            hazardous=bool(r.get("hazardous", False)),
            grade=bool(r.get("grade", False)),
        )
        for r in rows
    )


@lru_cache
@lru_cache
def load_material_rows() -> tuple[dict[str, Any], ...]:
    """The raw material entries, with their Latvian and English synonyms kept apart."""
    raw = _yaml("materials.yaml") or []
    if isinstance(raw, dict):
        raw = raw.get("materials", [])
    return tuple(row for row in raw if isinstance(row, dict) and row.get("category"))


def load_materials() -> tuple[Material, ...]:
    raw = _yaml("materials.yaml") or []
    if isinstance(raw, dict):
        raw = raw.get("materials", [])
    found = []
    for row in raw:
        terms = [
            t for key in ("lv", "en", "synonyms", "terms", "names") for t in _as_list(row.get(key))
        ]
        raw_codes = _as_list(row.get("ewc") or row.get("ewc_code"))
        codes = [c for c in map(normalize_ewc, raw_codes) if c]
        if terms and row.get("category"):
            found.append(Material(tuple(terms), row["category"], tuple(codes)))
    return tuple(found)


@lru_cache
def load_ewc() -> dict[str, EwcEntry]:
    """Keyed by the bare code ('10 01 04')."""
    with (DATA_DIR / "ewc_codes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        r["code"].rstrip("*").strip(): EwcEntry(
            r["code"].strip(),
            r["hazardous"] == "true",
            r["chapter"],
            r["sub_chapter"],
            r["description"],
        )
        for r in rows
    }


@lru_cache
def load_ewc_lv() -> dict[str, str]:
    return {code.rstrip("*"): label for code, label in _code_labels("ewc_lv.yaml", normalize_ewc)}


@lru_cache
def load_nace() -> dict[str, NaceEntry]:
    labels_lv = dict(_code_labels("nace_lv.yaml", normalize_nace))
    found: dict[str, NaceEntry] = {}
    with (DATA_DIR / "nace_rev2.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Class"] or row["Group"] or row["Division"]
            if code:
                found[code] = NaceEntry(code, row["Activity"].strip(), labels_lv.get(code, ""))
    return found


def _code_labels(name: str, normalize: Any) -> list[tuple[str, str]]:
    """Latvian labels, written either as a mapping {code: label} or a list of {code, lv}."""
    raw = _yaml(name) or {}
    if isinstance(raw, dict):
        items = [
            (str(k), v if isinstance(v, str) else (v or {}).get("lv", "")) for k, v in raw.items()
        ]
    else:
        items = [(str(r.get("code", "")), r.get("lv") or r.get("label", "")) for r in raw]
    pairs = []
    for code, label in items:
        key = normalize(code)
        if key and label:
            pairs.append((key, str(label)))
    return pairs
