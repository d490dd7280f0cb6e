"""Grounding checks: citations that exist, and numbers that come from the evidence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_NUM = re.compile(r"(?<![\w.])(\d{1,3}(?:[ \u00a0,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w])")
_CITE = re.compile(r"\[(\d{1,3})\]")
_LIST_MARK = re.compile(r"^\s*\d{1,2}\.\s", re.MULTILINE)


def numbers(text: str) -> list[float]:
    """Numbers as written in English or Latvian ('2,400', '2 400', '12,5', '1.8')."""
    found = []
    text = _LIST_MARK.sub(" ", _CITE.sub(" ", text))
    for raw in _NUM.findall(text):
        cleaned = raw.replace("\u00a0", " ")
        if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", cleaned):
            found.append(float(re.sub(r"[ ,]", "", cleaned)))
        elif re.fullmatch(r"\d{1,3}(?: \d{3})+,\d+", cleaned):
            found.append(float(cleaned.replace(" ", "").replace(",", ".")))
        else:
            found.append(float(cleaned.replace(",", ".")))
    return found


def evidence_numbers(*sources: Any) -> set[float]:
    text = " ".join(s if isinstance(s, str) else json.dumps(s, ensure_ascii=False, default=str)
                    for s in sources)
    values = set(numbers(text))
    values.update(float(m) for m in re.findall(r"-?\d+(?:\.\d+)?", text))
    return {abs(v) for v in values}


def ungrounded(answer: str, known: Iterable[float]) -> list[float]:
    """Numbers in the answer that no evidence number explains (allowing for rounding)."""
    pool = sorted(set(known))
    return [n for n in numbers(answer) if not _explained(n, pool)]


def _explained(value: float, pool: list[float]) -> bool:
    return any(abs(value - k) <= max(0.51, abs(k) * 0.005) for k in pool)


def cited(text: str) -> list[int]:
    return [int(n) for n in _CITE.findall(text)]


def strip_unknown_citations(text: str, allowed: set[int]) -> str:
    return _CITE.sub(lambda m: m.group(0) if int(m.group(1)) in allowed else "", text)
