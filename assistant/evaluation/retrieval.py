"""Retrieval evaluation: hit@1, hit@3, hit@5 and MRR per method and language.

Documents are ranked by their best chunk. Cases with `expected: []` are out of scope:
the relevance floor should return nothing for them.

`evaluate_heldout` scores a set the way the chat searches (the asker's language as the `lang`
filter, the relevance floor on, k passages): hit@k on doc ids, where a document's -en/-lv twin
counts, plus the passage's section when the case names it; with a plain BM25 baseline (the same
analyser, no glossary, no dense) in the same run.
"""

from __future__ import annotations

import re
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
    sections: list[str] = Field(default_factory=list)  # headings of the answering passage
    source: str | None = None


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
        "hit@3": sum(1 for r in ranks if r is not None and r <= 3) / n,
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


_TWIN = re.compile(r"-(en|lv)$")


def twin_ids(doc_ids: Sequence[str]) -> set[str]:
    """The ids and their other-language twins (`x-en` <-> `x-lv`)."""
    found = set(doc_ids)
    for doc_id in doc_ids:
        match = _TWIN.search(doc_id)
        if match:
            other = "lv" if match.group(1) == "en" else "en"
            found.add(f"{doc_id[: match.start()]}-{other}")
    return found


def _section_hit(sections: Sequence[str], wanted: Sequence[str]) -> bool:
    return any(w.lower() in s.lower() for s in sections for w in wanted)


def bm25_baseline(retriever: HybridRetriever, query: str, lang: str, k: int) -> list[str]:
    """Doc ids of the top `k` chunks by plain BM25 on the same analyser, the asker's language
    only (no glossary, no dense, no floor): the baseline."""
    snap = retriever.snapshot()
    found = snap.keyword.search(query, k, snap.mask({"lang": lang}))
    return [snap.records[cid].doc_id for cid, _ in found]


def evaluate_heldout(
    retriever: HybridRetriever, cases: list[RetrievalCase], k: int = 3
) -> dict[str, Any]:
    """hit@k per method on the in-scope cases, searched as the chat does."""
    in_scope = [c for c in cases if c.expected]
    rows: list[dict[str, Any]] = []
    for case in in_scope:
        wanted = twin_ids(case.expected)
        result = retriever.search(case.q, k, filters={"lang": case.lang})
        hybrid_docs = [h.doc_id for h in result.hits]
        baseline = bm25_baseline(retriever, case.q, case.lang, k)
        rows.append(
            {
                "q": case.q,
                "lang": case.lang,
                "source": case.source,
                "bm25": bool(wanted & set(baseline)),
                "hybrid": bool(wanted & set(hybrid_docs)),
                "section": (
                    _section_hit([h.section for h in result.hits], case.sections)
                    if case.sections
                    else None
                ),
                "hybrid_docs": hybrid_docs,
                "hit_langs": [h.lang for h in result.hits],
                "expected": case.expected,
            }
        )

    def share(key: str, subset: list[dict[str, Any]]) -> float:
        return sum(1 for r in subset if r[key]) / (len(subset) or 1)

    groups = {
        "all": rows,
        "lv": [r for r in rows if r["lang"] == "lv"],
        "en": [r for r in rows if r["lang"] == "en"],
        "issue-15": [r for r in rows if r["source"] == "issue-15"],
    }
    with_sections = [r for r in rows if r["section"] is not None]
    return {
        "k": k,
        "methods": {
            method: {name: round(share(method, g), 3) for name, g in groups.items()}
            for method in ("bm25", "hybrid")
        },
        "n": {name: len(g) for name, g in groups.items()},
        "section_hit": round(share("section", with_sections), 3),
        "section_cases": len(with_sections),
        "other_language_hits": sum(1 for r in rows for lang in r["hit_langs"] if lang != r["lang"]),
        "misses": [r for r in rows if not r["hybrid"]],
    }


def render_heldout(report: dict[str, Any]) -> str:
    k = report["k"]
    lines = [f"{'method':<8} " + " ".join(f"{g:>9}" for g in report["n"])]
    lines.append(f"{'n':<8} " + " ".join(f"{n:>9}" for n in report["n"].values()))
    for method, by_group in report["methods"].items():
        lines.append(f"{method:<8} " + " ".join(f"{v:>9.3f}" for v in by_group.values()))
    lines.append(
        f"section hit@{k}: {report['section_hit']:.3f} of {report['section_cases']} cases; "
        f"other-language passages returned: {report['other_language_hits']}"
    )
    for miss in report["misses"]:
        lines.append(f"miss: {miss['q']} -> {miss['expected']} (got {miss['hybrid_docs']})")
    return "\n".join(lines)
