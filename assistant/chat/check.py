"""Stage 5, check: what the composed answer must hold before it is sent — every number from
the evidence, the asker's language without leaks, and no company as its own partner. The
results go into the trace (a failure is a defect to see, not something to hide)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.chat.compose import Draft
from assistant.chat.gather import Turn
from assistant.llm.grounding import evidence_numbers, ungrounded
from assistant.text.never import check_en, check_lv


@dataclass(frozen=True)
class Checks:
    ungrounded: list[float] = field(default_factory=list)
    language_leaks: list[str] = field(default_factory=list)
    self_matches: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.ungrounded or self.language_leaks or self.self_matches)

    def as_trace(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "ungrounded_numbers": self.ungrounded,
            "language_leaks": self.language_leaks,
            "self_matches": self.self_matches,
        }


def check(turn: Turn, draft: Draft) -> Checks:
    known = evidence_numbers(
        turn.question,
        turn.plan.question,
        [c.text for c in draft.citations],
        [c.sources for c in draft.citations],
        [s.model_dump(mode="json") for s in turn.evidence.synergies],
        turn.facts,
    )
    names = [c.name for c in turn.understanding.companies]
    materials = [s.material for s in turn.evidence.synergies]
    park = str(turn.extra.get("park_name") or "")
    allow = [*names, *materials, *(c.title for c in draft.citations), park]
    leaks = check_lv(draft.text, allow) if turn.lang == "lv" else check_en(draft.text, allow)
    return Checks(
        ungrounded=ungrounded(draft.text, known),
        language_leaks=[f"{f.kind}: {f.text}" for f in leaks][:10],
        self_matches=[
            f"{s.source_company} → {s.target_company}"
            for s in turn.evidence.synergies
            if s.kind == "pair" and s.source_company == s.target_company
        ],
    )
