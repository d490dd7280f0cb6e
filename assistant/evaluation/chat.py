"""Chat evaluation with strict scoring (tests/eval/chat/FORMAT.md).

A turn passes only if the intent, the language, the outreach recipient, every fact as whole
words or numbers, the citations, the honest "not in the knowledge base" and the grounding of
every number hold, and no company is matched with itself. Grounding is checked against the
questions, the cited passages and the figures the answer shows, never the whole trace.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.auth.viewer import LOCAL_ADMIN, Viewer
from assistant.chat.service import ChatResponse, ChatService
from assistant.evaluation import read_cases
from assistant.llm.grounding import evidence_numbers, ungrounded
from assistant.text.normalize import fold

NOT_IN_KB = ("not in my knowledge base", "nav manā zināšanu bāzē")

Fact = str | int | float | list[str | int | float]


class Asker(BaseModel):
    role: Literal["company", "facilitator", "municipal"] = "facilitator"
    company: str | None = None


class Turn(BaseModel):
    q: str
    lang: Literal["lv", "en"]
    intent: str | list[str] | None = None
    recipient: str | None = None
    facts: list[Fact] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    not_in_kb: bool = False
    followup: bool = False

    @property
    def intents(self) -> list[str]:
        if self.intent is None:
            return []
        return [self.intent] if isinstance(self.intent, str) else list(self.intent)


class Case(BaseModel):
    id: str
    asker: Asker = Field(default_factory=Asker)
    turns: list[Turn] = Field(min_length=1)


def load_cases(path: str | Path) -> list[Case]:
    return [Case.model_validate(item) for item in read_cases(path)]


# ---- matching ------------------------------------------------------------------------------
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f,](?=\d{3}(?!\d))")


def _plain(text: str) -> str:
    """Folded text with thousands separators removed ('2 400' and '2,400' read '2400')."""
    previous = None
    text = fold(text)
    while previous != text:
        previous, text = text, _THOUSANDS.sub("", text)
    return text


def has_fact(answer: str, fact: str | int | float) -> bool:
    """A whole word, phrase or number; a trailing '*' allows any ending (Latvian stems)."""
    wanted = str(fact).strip()
    stem = wanted.endswith("*")
    body = _plain(wanted.rstrip("*"))
    if not body:
        return False
    tail = "" if stem or not (body[-1].isalnum() or body[-1] == "_") else r"(?![\w])"
    lead = r"(?<![\w.,])" if body[0].isdigit() else r"(?<![\w])" if body[0].isalnum() else ""
    return re.search(lead + re.escape(body) + tail, _plain(answer)) is not None


def _twin(doc_id: str) -> set[str]:
    base = doc_id.removesuffix("-en").removesuffix("-lv")
    return {doc_id, f"{base}-en", f"{base}-lv"}


def _same_company(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fold(str(a)).strip() == fold(str(b)).strip()


# ---- one turn ------------------------------------------------------------------------------
def check_turn(turn: Turn, response: ChatResponse, asked: list[str], asker: Asker) -> list[str]:
    problems: list[str] = []
    if turn.intents and response.intent not in turn.intents:
        problems.append(f"intent {response.intent} not in {turn.intents}")
    if response.language != turn.lang:
        problems.append(f"language {response.language} != {turn.lang}")
    if turn.recipient and not _same_company(response.recipient, turn.recipient):
        problems.append(f"recipient {response.recipient!r} != {turn.recipient!r}")
    for fact in turn.facts:
        options = fact if isinstance(fact, list) else [fact]
        if not any(has_fact(response.answer, o) for o in options):
            problems.append(f"missing fact {options}")
    problems += [f"must not say {w!r}" for w in turn.absent if has_fact(response.answer, w)]
    cited = {c.doc_id for c in response.citations}
    if turn.citations and not any(_twin(d) & cited for d in turn.citations):
        problems.append(f"none of {turn.citations} cited (cited: {sorted(cited)})")
    if turn.not_in_kb and not any(fold(m) in fold(response.answer) for m in NOT_IN_KB):
        problems.append("not covered, but the answer does not say so")
    loose = ungrounded(response.answer, shown_numbers(response, asked))
    if loose:
        problems.append(f"numbers not in the cited evidence: {loose[:5]}")
    problems += self_matches(response, asker)
    return problems


def shown_numbers(response: ChatResponse, asked: list[str]) -> set[float]:
    """What an answer's numbers may come from: the questions, the cited passages and the
    structured figures it shows (synergies, computed facts) — not the whole trace."""
    return evidence_numbers(
        " ".join(asked),
        [c.text for c in response.citations],
        [c.sources for c in response.citations],
        response.synergies,
        response.trace.get("facts", {}),
    )


PARK_WIDE = ("company_info", "park_overview", "park_gaps")


def self_matches(response: ChatResponse, asker: Asker) -> list[str]:
    """A company as its own partner: both ends of a pair the same company, or the asker's
    company on the partner's side — the taker when it offers a material, the supplier when it
    asks for one (a company that needs sawdust is rightly the target of the pairs it gets)."""
    found = []
    needs = response.trace.get("state", {}).get("direction") == "input"  # "what would it save?"
    asks = response.intent == "find_input" or (needs and response.intent != "byproduct_reuse")
    partner_side = "source_company" if asks else "target_company"
    for s in response.synergies:
        source, target = s.get("source_company"), s.get("target_company")
        if _same_company(source, target):
            found.append(f"self-match: {source}")
        elif response.intent in PARK_WIDE:
            continue  # another company's or the whole park's pairs: the asker may be in one
        elif asker.company and _same_company(s.get(partner_side), asker.company):
            found.append(f"the asker {asker.company} offered as its own partner")
    return found


# ---- a set ---------------------------------------------------------------------------------
EVALUATOR = Viewer(name="eval", role="facilitator", user_id=-1)


def company_ids(park: Any) -> dict[str, int]:
    """Every company's id by its real name (the evaluation sets name confidential askers)."""
    return {c.name: c.id or 0 for c in park.list_companies(viewer=LOCAL_ADMIN)}


def viewer_for(asker: Asker, company_ids: dict[str, int]) -> Viewer:
    if asker.role == "company":
        if asker.company not in company_ids:
            raise ValueError(f"unknown asker company {asker.company!r}")
        return Viewer(
            name="eval-company", role="company", user_id=-2, company_id=company_ids[asker.company]
        )
    if asker.role == "municipal":
        return Viewer(name="eval-council", role="municipal", user_id=-3)
    return EVALUATOR


def evaluate(chat: ChatService, cases: list[Case], company_ids: dict[str, int]) -> dict[str, Any]:
    """Every conversation asked in order, as its asker; a turn passes only if every check
    holds. Follow-up turns are also reported on their own."""
    rows: list[dict[str, Any]] = []
    for case in cases:
        viewer = viewer_for(case.asker, company_ids)
        conversation: str | None = None
        asked: list[str] = []
        for n, turn in enumerate(case.turns):
            response = chat.ask(turn.q, conversation, viewer=viewer)
            conversation = response.conversation_id
            asked.append(turn.q)
            problems = check_turn(turn, response, asked, case.asker)
            rows.append(
                {
                    "case": case.id,
                    "turn": n,
                    "q": turn.q,
                    "lang": turn.lang,
                    "followup": turn.followup,
                    "outreach": bool(turn.recipient),
                    "intent": response.intent,
                    "rewritten": response.trace.get("rewrite", {}).get("question"),
                    "ms": response.trace.get("elapsed_ms"),
                    "problems": problems,
                }
            )
    return summarise(rows)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def rate(selected: list[dict[str, Any]]) -> float:
        return sum(1 for r in selected if not r["problems"]) / (len(selected) or 1)

    def count(prefix: str) -> int:
        return sum(1 for r in rows for p in r["problems"] if p.startswith(prefix))

    followups = [r for r in rows if r["followup"]]
    return {
        "turns": len(rows),
        "passed": sum(1 for r in rows if not r["problems"]),
        "pass_rate": rate(rows),
        "followups": len(followups),
        "followup_pass_rate": rate(followups),
        "by_language": {
            lang: rate([r for r in rows if r["lang"] == lang]) for lang in ("lv", "en")
        },
        "intent_errors": count("intent"),
        "wrong_language": count("language"),
        "wrong_recipient": count("recipient"),
        "self_matches": count("self-match") + count("the asker"),
        "ungrounded": count("numbers"),
        "failed": [r for r in rows if r["problems"]],
    }


def render(report: dict[str, Any], name: str = "") -> str:
    lines = [
        f"{name} turns passed: {report['passed']}/{report['turns']} ({report['pass_rate']:.1%}); "
        f"follow-ups {report['followup_pass_rate']:.1%} of {report['followups']}; "
        f"lv {report['by_language']['lv']:.1%}, en {report['by_language']['en']:.1%}".strip(),
        f"wrong intent {report['intent_errors']}, wrong language {report['wrong_language']}, "
        f"wrong recipient {report['wrong_recipient']}, self-matches {report['self_matches']}, "
        f"ungrounded numbers {report['ungrounded']}",
    ]
    for r in report["failed"]:
        lines.append(f"FAIL {r['case']}#{r['turn']}: {r['q']!r} [{r['intent']}] {r['problems']}")
    return "\n".join(lines)
