"""Retrieval evaluation: hit@1, hit@5 and MRR per method and language.

Documents are ranked by their best chunk. Cases with `expected: []` are out of scope:
the relevance floor should return nothing for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.evaluation import read_cases
from assistant.retrieval.hybrid import HybridRetriever

MODES = ("keyword", "dense", "hybrid")
DEPTH = 40


class RetrievalCase(BaseModel):
    q: str = Field(min_length=1)
    lang: str = Field(pattern="^(lv|en)$")
    expected: list[str]


def load_cases(path: str | Path) -> list[RetrievalCase]:
    raw = read_cases(path)
    return [RetrievalCase.model_validate(item) for item in raw]


def doc_ranking(retriever: HybridRetriever, query: str, mode: str, floor: bool) -> list[str]:
    hits = retriever.search(query, DEPTH, mode=mode, apply_floor=floor).hits  # type: ignore[arg-type]
    return list(dict.fromkeys(h.doc_id for h in hits))


def _rank(ranking: Sequence[str], expected: Sequence[str]) -> int | None:
    for position, doc_id in enumerate(ranking, 1):
        if doc_id in expected:
            return position
    return None


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr": sum(1.0 / r for r in ranks if r is not None and r <= 10) / n,
    }


def evaluate(retriever: HybridRetriever, cases: list[RetrievalCase]) -> dict[str, Any]:
    in_scope = [c for c in cases if c.expected]
    out_scope = [c for c in cases if not c.expected]
    report: dict[str, Any] = {"methods": {}, "misses": []}
    for mode in MODES:
        per_lang: dict[str, list[int | None]] = {"lv": [], "en": []}
        for case in in_scope:
            rank = _rank(doc_ranking(retriever, case.q, mode, floor=False), case.expected)
            per_lang[case.lang].append(rank)
            if mode == "hybrid" and (rank is None or rank > 5):
                report["misses"].append({"q": case.q, "expected": case.expected, "rank": rank})
        report["methods"][mode] = {
            lang: _metrics(ranks)
            for lang, ranks in {**per_lang, "all": per_lang["lv"] + per_lang["en"]}.items()
        }
    answered = [bool(doc_ranking(retriever, c.q, "hybrid", floor=True)) for c in in_scope]
    silent = [not doc_ranking(retriever, c.q, "hybrid", floor=True) for c in out_scope]
    report["floor"] = {
        "in_scope_answered": sum(answered) / (len(answered) or 1),
        "out_of_scope_cases": len(out_scope),
        "out_of_scope_silent": sum(silent) / (len(silent) or 1),
    }
    return report


def render(report: dict[str, Any]) -> str:
    lines = [f"{'method':<8} {'lang':<4} {'n':>4} {'hit@1':>6} {'hit@5':>6} {'MRR':>6}"]
    for mode, by_lang in report["methods"].items():
        for lang, m in by_lang.items():
            lines.append(
                f"{mode:<8} {lang:<4} {m['n']:>4} {m['hit@1']:>6.3f} "
                f"{m['hit@5']:>6.3f} {m['mrr']:>6.3f}"
            )
    lv = report["methods"]
    lines.append(
        f"Latvian gain of hybrid over dense-only: hit@5 "
        f"{lv['hybrid']['lv']['hit@5'] - lv['dense']['lv']['hit@5']:+.3f}, MRR "
        f"{lv['hybrid']['lv']['mrr'] - lv['dense']['lv']['mrr']:+.3f}"
    )
    floor = report["floor"]
    lines.append(
        f"relevance floor: {floor['in_scope_answered']:.3f} of in-scope questions "
        f"answered; {floor['out_of_scope_silent']:.3f} of "
        f"{floor['out_of_scope_cases']} out-of-scope questions get no passage"
    )
    for miss in report["misses"]:
        lines.append(f"miss (hybrid rank {miss['rank']}): {miss['q']} -> {miss['expected']}")
    return "\n".join(lines)
