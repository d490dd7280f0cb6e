"""Chat evaluation: language, required facts, expected citations, honest "not in the KB"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.auth.viewer import Viewer
from assistant.chat.service import ChatResponse, ChatService
from assistant.evaluation import read_cases
from assistant.llm.grounding import evidence_numbers, ungrounded
from assistant.text.normalize import fold

NOT_IN_KB = ("not in my knowledge base", "nav manā zināšanu bāzē")


class Turn(BaseModel):
    q: str
    lang: str = Field(pattern="^(lv|en)$")
    intent: str | None = None
    facts: list[str | list[str]] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    not_in_kb: bool = False


class Case(BaseModel):
    id: str
    turns: list[Turn] = Field(min_length=1)


def load_cases(path: str | Path) -> list[Case]:
    raw = read_cases(path)
    return [Case.model_validate(item) for item in raw]


def _twin(doc_id: str) -> set[str]:
    base = doc_id.removesuffix("-en").removesuffix("-lv")
    return {doc_id, f"{base}-en", f"{base}-lv"}


def check_turn(turn: Turn, response: ChatResponse) -> list[str]:
    problems = []
    answer = fold(response.answer)
    if response.language != turn.lang:
        problems.append(f"language {response.language} != {turn.lang}")
    for fact in turn.facts:
        options = fact if isinstance(fact, list) else [fact]
        if not any(fold(str(o)) in answer for o in options):
            problems.append(f"missing fact {options}")
    cited = {c.doc_id for c in response.citations}
    if turn.citations and not any(_twin(d) & cited for d in turn.citations):
        problems.append(f"none of {turn.citations} cited (cited: {sorted(cited)})")
    if turn.not_in_kb and (not any(fold(m) in answer for m in NOT_IN_KB) or cited):
        problems.append("out of scope, but the answer does not say so honestly")
    loose = ungrounded(
        response.answer,
        evidence_numbers(turn.q, response.trace, [c.model_dump() for c in response.citations]),
    )
    if loose:
        problems.append(f"numbers not in the evidence: {loose[:5]}")
    return problems


EVALUATOR = Viewer(name="eval", role="facilitator", user_id=-1)


def evaluate(chat: ChatService, cases: list[Case], viewer: Viewer = EVALUATOR) -> dict[str, Any]:
    """The set as the park's facilitator asks it: drafts and profile updates on behalf of the
    companies are the facilitator's work (a company user or the council gets no draft)."""
    results: list[dict[str, Any]] = []
    turns, intents_ok, lang_ok, honest = 0, 0, 0, [0, 0]
    for case in cases:
        conversation: str | None = None
        failures = []
        for turn in case.turns:
            response = chat.ask(turn.q, conversation, viewer=viewer)
            conversation = response.conversation_id
            turns += 1
            intents_ok += int(turn.intent is None or response.intent == turn.intent)
            lang_ok += int(response.language == turn.lang)
            if turn.not_in_kb:
                honest[0] += 1
                honest[1] += int(response.intent == "out_of_scope" and not response.citations)
            problems = check_turn(turn, response)
            if problems:
                failures.append({"q": turn.q, "intent": response.intent, "problems": problems})
        results.append({"id": case.id, "passed": not failures, "failures": failures})
    passed = sum(1 for r in results if r["passed"])
    return {
        "cases": len(cases),
        "passed": passed,
        "pass_rate": passed / (len(cases) or 1),
        "turns": turns,
        "language_accuracy": lang_ok / (turns or 1),
        "intent_accuracy": intents_ok / (turns or 1),
        "out_of_scope_honest": honest[1] / (honest[0] or 1),
        "out_of_scope_cases": honest[0],
        "failed": [r for r in results if not r["passed"]],
    }


def render(report: dict[str, Any]) -> str:
    lines = [
        f"cases passed: {report['passed']}/{report['cases']} ({report['pass_rate']:.1%})",
        f"turns: {report['turns']}; language right: {report['language_accuracy']:.1%}; "
        f"intent right: {report['intent_accuracy']:.1%}",
        f"out of scope answered honestly: {report['out_of_scope_honest']:.1%} "
        f"of {report['out_of_scope_cases']}",
    ]
    for failed in report["failed"]:
        for f in failed["failures"]:
            lines.append(f"FAIL {failed['id']}: {f['q']!r} [{f['intent']}] {f['problems']}")
    return "\n".join(lines)
