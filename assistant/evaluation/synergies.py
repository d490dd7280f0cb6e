"""Synergy evaluation.

1. Receiving sectors on the documented-exchange corpus: grouped cross-validation (leave one
   case out, weights fitted inside each fold), hit@1/3/5 at NACE division level next to the
   EWC-chapter popularity baseline on the same folds (assistant/synergies/crossval.py).
2. Hand-labelled sector cases (hit@3 at NACE group level) — secondary: labels that copied a
   rule's own receiver list were dropped, the rest were still written by the rules' authors.
3. Pair recall on small parks, split by language. Each pair case's park is imported into its
   own in-memory SQLite database, so the evaluation goes through the same import, taxonomy
   resolution and matching as a real park.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
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
from assistant.synergies.corpus import load_corpus
from assistant.synergies.crossval import cross_validate
from assistant.synergies.queries import QueryMaker
from assistant.synergies.ranker import Ranker
from assistant.synergy_rules.registry import Registry
from assistant.taxonomy import Taxonomy, default_taxonomy

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
        return {
            **data,
            "id": data.get("id") or data.get("name", ""),
            "park": park,
            "expected": pairs,
        }


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


def corpus_report(
    taxonomy: Taxonomy,
    registry: Registry,
    languages: tuple[str, ...] = ("en", "lv"),
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Leave-one-case-out cross-validation of the receiver ranking on the shipped corpus."""
    probe = Ranker(load_corpus(), {}, default_taxonomy())
    return cross_validate(
        probe.corpus, QueryMaker(taxonomy, registry), probe.category_of, languages, progress
    )


def render_corpus(report: dict[str, Any]) -> str:
    lines = [
        f"Receiving sectors, documented-exchange corpus: {report['rows']} exchanges, "
        f"{report['cases']} cases, leave-one-case-out, division level",
        f"{'subset':<18} {'n':>4}  {'model h@1':>9} {'h@3':>6} {'h@5':>6}  "
        f"{'baseline h@1':>12} {'h@3':>6} {'h@5':>6}  {'h@3 ratio':>9} {'no answer':>9}",
    ]
    for key, m in report["model"].items():
        b = report["baseline"][key]
        ratio = m["hit@3"] / b["hit@3"] if b["hit@3"] else float("inf")
        lines.append(
            f"{key:<18} {m['n']:>4}  {m['hit@1']:>9.3f} {m['hit@3']:>6.3f} "
            f"{m['hit@5']:>6.3f}  {b['hit@1']:>12.3f} {b['hit@3']:>6.3f} "
            f"{b['hit@5']:>6.3f}  {ratio:>9.2f} {m['no_answer']:>9}"
        )
    weights = ", ".join(
        f"{k} {v['mean']:.2f} [{v['min']:.2f}-{v['max']:.2f}]" for k, v in report["weights"].items()
    )
    lines.append(f"fold weights (mean [min-max]): {weights}")
    return "\n".join(lines)


def render(report: dict[str, Any]) -> str:
    lines = [render_corpus(report["corpus"]), ""] if report.get("corpus") else []
    lines.append(f"{'metric':<14} {'lang':<4} {'n':>4} {'value':>6}")
    for lang, m in sorted(report["sectors"].items()):
        lines.append(
            f"{'sector hit@3':<14} {lang:<4} {m['n']:>4} {m['hit@3']:>6.3f}  "
            "(hand-labelled, secondary)"
        )
    for lang, m in sorted(report["pairs"].items()):
        lines.append(f"{'pair recall':<14} {lang:<4} {m['n']:>4} {m['recall']:>6.3f}")
    for miss in report["misses"]:
        lines.append(f"miss: {miss}")
    return "\n".join(lines)
