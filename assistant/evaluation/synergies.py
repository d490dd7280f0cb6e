"""Synergy evaluation: sector hit@3 (NACE group level) and pair recall, split by language.

Each pair case's park is imported into its own in-memory SQLite database, so the evaluation
goes through the same import, taxonomy resolution and matching as a real park.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from assistant.db import create_tables
from assistant.errors import InvalidInput
from assistant.park.service import ParkService
from assistant.synergies import SynergyEngine
from assistant.taxonomy import Taxonomy

GROUP = 4  # "23.5": hit at NACE group level
TOP = 3


class SectorCase(BaseModel):
    id: str = ""
    material: str = ""
    ewc: str | None = None
    nace: str | None = None
    lang: str = "en"
    expected: list[str]

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        if isinstance(data, dict) and "expected" not in data:
            for key in ("expected_nace", "expected_sectors", "sectors"):
                if key in data:
                    data = {**data, "expected": data[key]}
        return data


class PairCase(BaseModel):
    id: str = ""
    lang: str = "en"
    park: dict[str, Any]
    expected: list[tuple[str, str]] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        park = data.get("park")
        if isinstance(park, dict) and "companies" not in park:
            park = {"park": park, "companies": data.get("companies", [])}
        raw = data.get("expected") or data.get("expected_pairs") or data.get("pairs") or []
        pairs = [(p["source"], p["target"]) if isinstance(p, dict) else tuple(p) for p in raw]
        return {**data, "id": data.get("id") or data.get("name", ""), "park": park,
                "expected": pairs}


class Cases(BaseModel):
    sector_cases: list[SectorCase] = Field(default_factory=list)
    pair_cases: list[PairCase] = Field(default_factory=list)


def load_cases(path: str | Path) -> Cases:
    try:
        raw = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read the evaluation file {path}", str(exc)) from exc
    return Cases.model_validate(raw)


def sector_hit(engine: SynergyEngine, case: SectorCase) -> tuple[bool, list[str]]:
    found = [h.nace for h in engine.sectors(case.material, case.ewc, case.nace)[:TOP]]
    groups = {code[:GROUP] for code in found}
    return any(code[:GROUP] in groups for code in case.expected), found


def found_pairs(
    engine: SynergyEngine, taxonomy: Taxonomy, park: dict[str, Any]
) -> set[tuple[str, str]]:
    db = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    try:
        create_tables(db)
        service = ParkService(db, taxonomy)
        service.import_document(_park_document(park))
        suggestions = engine.match(service.snapshot())
    finally:
        db.dispose()
    pairs = set()
    for s in suggestions:
        if s.target_company is None:
            continue
        for source in s.companies or [s.source_company]:
            pairs.add((source.casefold(), s.target_company.casefold()))
    return pairs


def _park_document(park: dict[str, Any]) -> Any:
    from assistant.park.io import validate

    return validate(park)


def evaluate(engine: SynergyEngine, taxonomy: Taxonomy, cases: Cases) -> dict[str, Any]:
    report: dict[str, Any] = {"sectors": {}, "pairs": {}, "misses": []}
    hits: dict[str, list[bool]] = defaultdict(list)
    for case in cases.sector_cases:
        ok, found = sector_hit(engine, case)
        hits[case.lang].append(ok)
        hits["all"].append(ok)
        if not ok:
            report["misses"].append(
                {"case": case.id or case.material, "expected": case.expected, "found": found}
            )
    report["sectors"] = {
        lang: {"n": len(v), "hit@3": sum(v) / (len(v) or 1)} for lang, v in hits.items()
    }
    recall: dict[str, list[bool]] = defaultdict(list)
    for pcase in cases.pair_cases:
        pairs = found_pairs(engine, taxonomy, pcase.park)
        for source, target in pcase.expected:
            ok = (source.casefold(), target.casefold()) in pairs
            recall[pcase.lang].append(ok)
            recall["all"].append(ok)
            if not ok:
                report["misses"].append({"case": pcase.id, "expected": [source, target]})
    report["pairs"] = {
        lang: {"n": len(v), "recall": sum(v) / (len(v) or 1)} for lang, v in recall.items()
    }
    return report


def render(report: dict[str, Any]) -> str:
    lines = [f"{'metric':<14} {'lang':<4} {'n':>4} {'value':>6}"]
    for lang, m in sorted(report["sectors"].items()):
        lines.append(f"{'sector hit@3':<14} {lang:<4} {m['n']:>4} {m['hit@3']:>6.3f}")
    for lang, m in sorted(report["pairs"].items()):
        lines.append(f"{'pair recall':<14} {lang:<4} {m['n']:>4} {m['recall']:>6.3f}")
    for miss in report["misses"]:
        lines.append(f"miss: {miss}")
    return "\n".join(lines)
