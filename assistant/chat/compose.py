"""The offline composer: evidence in, a grounded answer out, through templates in prompts/."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.chat.evidence import Evidence, partner_of, per_unit_figures
from assistant.chat.extract import (
    answers_figure,
    asks_for_figure,
    asks_status,
    best_sentences,
    states_status,
    years_in,
)
from assistant.chat.rewrite import elliptic
from assistant.llm.injection import Screened, inert, neutralise, note
from assistant.park.visibility import labels_in
from assistant.prompts import render
from assistant.synergies.models import SuggestionPublic
from assistant.text.normalize import fold

if TYPE_CHECKING:
    from assistant.chat.gather.turn import Turn

MAX_PAIRS = 3


class Citation(BaseModel):
    n: int
    doc_id: str
    title: str
    section: str
    sources: list[str]
    text: str

    @property
    def heading(self) -> str:
        """The section path without the document title (the citation shows the title)."""
        prefix = f"{self.title} > "
        return self.section[len(prefix) :] if self.section.startswith(prefix) else self.section


@dataclass
class Draft:
    text: str
    citations: list[Citation]
    composer: str = "offline"
    notes: list[str] = field(default_factory=list)


def citations_of(evidence: Evidence) -> list[Citation]:
    """Title, section and sources go into the answer's source list: without active markup."""
    return [
        Citation(
            n=n,
            doc_id=h.doc_id,
            title=inert(h.title),
            section=inert(h.section),
            sources=[inert(s) for s in h.sources],
            text=h.text,
        )
        for n, h in enumerate(evidence.hits, 1)
    ]


TEMPLATE = {"unsure": "knowledge"}
HEADED = ("byproduct_reuse", "find_input")  # answers that open with the material asked about


def head(turn: Turn) -> str:
    """The answer's opening line, known before any evidence is gathered (the material and the
    amount asked about): what a stream can send first. Empty when the answer has none."""
    state = turn.state
    if turn.intent not in HEADED or state.material is None:
        return ""
    return render(
        f"answers/_head_{turn.intent}.{turn.lang}.md.j2",
        lang=turn.lang,
        material=state.material.text,
        quantity=state.quantity,
        unit=state.unit,
        **whose_need(turn),
    )


def whose_need(turn: Turn) -> dict[str, Any]:
    """Whose need a find-input answer is about: the asker's own, another company's named in
    the conversation ("who could heat the greenhouses?"), or nobody's in particular."""
    state, own = turn.state, turn.viewer.company_id
    other = state.company if state.company and state.company_id != own else None
    return {"needer": other, "own_need": own is not None and other is None}


def compose(turn: Turn) -> Draft:
    """The answer from the turn's evidence through the intent's template: the direct answer
    first, then the evidence with citations, then the next steps."""
    state, evidence = turn.state, turn.evidence
    citations = citations_of(evidence)
    screened = {c.n: neutralise(c.text) for c in citations}
    quoted = _passages(citations, screened, turn.query, evidence.focus)
    context = {
        "lang": turn.lang,
        "question": turn.question,
        "intent": turn.intent,
        "intents": turn.plan.intents,
        "followup": turn.plan.followup,
        "material": state.material.text if state.material else None,
        "quantity": state.quantity,
        "unit": state.unit,
        "company": state.company,
        "passages": quoted,
        "lead": quoted[0] if quoted else None,
        **synergy_context(
            evidence.synergies, turn.lang, per_unit=per_unit_figures(evidence.synergies, state)
        ),
        "nearest": nearest(evidence.synergies, turn) if turn.plan.focus == "nearest" else None,
        "capacity": [],
        "nothing_cost": None,
        "codes": [],
        "tax_ref": None,
        "covered": True,
        "unrecorded": False,
        "per_t": None,
        "price": None,
        "price_used": None,
        "about_material": [],
        "problem": None,
        "needers": [],
        **whose_need(turn),
        **turn.extra,
    }
    answering = sentences_asked(turn, quoted, citations) if context["covered"] else None
    if answering:  # "how long?": the sentence with the figure leads
        quoted = [answering[0], *(p for p in quoted if p is not answering[0])]
        context["passages"], context["lead"] = quoted, quoted[0]
    elif answering is not None and not (context.get("nothing_cost") or context.get("codes")):
        context["covered"] = False  # "how much …?" and no quoted sentence holds a figure
    if turn.intent == "value" and state.direction == "input" and context["best"]:
        context["best"] = as_taker(context["best"])
    if turn.intent == "value" and state.material:
        context["about_material"] = about(quoted, state.material.text, context["tax_ref"])
    name = TEMPLATE.get(turn.intent, turn.intent)
    body = labels_in(render(f"answers/{name}.{turn.lang}.md.j2", **context), turn.lang)
    used = [c for c in citations if f"[{c.n}]" in body]
    if used:
        body += "\n\n" + render(f"answers/_sources.{turn.lang}.md.j2", citations=used)
    notes = [
        note(f"passage [{c.n}] ({c.doc_id})", screened[c.n])
        for c in citations
        if screened[c.n].neutralised
    ]
    return Draft(text=body, citations=used, notes=notes)


FIGURE_CHECKED = ("regulation", "good_practice", "unsure")


def sentences_asked(
    turn: Turn, quoted: list[dict[str, Any]], citations: list[Citation]
) -> list[dict[str, Any]] | None:
    """For a question that asks for a figure ("how much", "cik", "and in 2028?") or whether a
    measure has been adopted ("has it been adopted yet?"), the quoted sentences that say it
    (none: the knowledge base does not answer it); None when the question asks neither."""
    if turn.intent not in FIGURE_CHECKED:
        return None
    if asks_status(_asked(turn)):
        return [p for p in quoted if states_status(p["text"])]
    if not asks_for_figure(_asked(turn)):
        return None
    return _answering(turn, quoted, citations)


def _asked(turn: Turn) -> str:
    # "Un 2028. gadā?" asks the previous question again, for another year
    return turn.plan.question if elliptic(turn.question) else turn.question


def _answering(
    turn: Turn, quoted: list[dict[str, Any]], citations: list[Citation]
) -> list[dict[str, Any]]:
    """The quoted sentences that hold the kind of figure asked for (about a case the question
    names: from that case's own passages; for the year it names, when it names one)."""
    asked = _asked(turn)
    named = {c.n for c in citations if c.doc_id in turn.evidence.named}
    years = years_in(turn.understanding.message)
    return [
        p
        for p in quoted
        if answers_figure(asked, p["text"])
        and (not named or p["n"] in named)
        and (not years or years & years_in(p["text"]))
    ]


def as_taker(best: dict[str, Any]) -> dict[str, Any]:
    """A pair seen from its receiving end: the partner is the supplier, the gains swap."""
    return best | {
        "partner": best["source"],
        "source_gain": best["receiver_gain"],
        "receiver_gain": best["source_gain"],
        "quantity": None,  # the supplier's amount is not the asker's "on record"
        "taken": None,
    }


def nearest(suggestions: list[SuggestionPublic], turn: Turn) -> dict[str, Any] | None:
    """The closest of the partners the last answer listed (else of all the pairs found); the
    supplier when the asker needs an input."""
    pairs = [s for s in suggestions if s.kind == "pair" and s.distance_km is not None]
    direction = turn.state.direction
    listed = [s for s in pairs if partner_of(s, direction) in turn.plan.listed]
    if not (listed or pairs):
        return None
    best = min(listed or pairs, key=lambda s: s.distance_km or 0.0)
    return {"company": partner_of(best, direction), "km": best.distance_km}


def _passages(
    citations: list[Citation], screened: dict[int, Screened], question: str, focus: dict[str, str]
) -> list[dict[str, Any]]:
    """The sentences to quote, from each passage as data (see `assistant.llm.injection`)."""
    found = []
    for c in citations:
        hint = focus.get(c.doc_id, "")
        for sentence in best_sentences(
            screened[c.n].text, f"{question} {hint}".strip(), limit=4 if c.n == 1 else 2
        ):
            found.append({"n": c.n, "text": sentence, "title": c.title})
    return found


def about(quoted: list[dict[str, Any]], material: str, skip: int | None) -> list[dict[str, Any]]:
    """The quoted sentences that name the material (in any inflection), at most three: what a
    value answer says the knowledge base holds about it."""
    stems = [w[:5] for w in re.findall(r"[a-z]+", fold(material)) if len(w) > 3]
    named = [p for p in quoted if p["n"] != skip and any(s in fold(p["text"]) for s in stems)]
    return named[:3]


def synergy_context(
    suggestions: list[SuggestionPublic], lang: str, per_unit: bool
) -> dict[str, Any]:
    pairs = [prepare(s, lang) for s in suggestions if s.kind == "pair"][:MAX_PAIRS]
    missing = [prepare(s, lang) for s in suggestions if s.kind == "missing_partner"]
    pooling = [prepare(s, lang) for s in suggestions if s.kind == "pooling"][:2]
    best = pairs[0] if pairs else (missing[0] if missing else None)
    return {
        "pairs": pairs,
        "missing": missing[:2],
        "pooling": pooling,
        "best": best,
        "per_unit": per_unit,
    }


def _taken(s: SuggestionPublic) -> float | None:
    """The amount the partner takes when it is less than the source's amount on record (the
    figures are for that amount, not for all of it)."""
    offered, taken = s.source_flow.quantity, s.benefit.exchanged_per_year
    if offered is None or not taken or taken >= offered:
        return None
    return taken


def prepare(s: SuggestionPublic, lang: str) -> dict[str, Any]:
    terms = {a.term: a for a in s.benefit.assumptions}
    avoided = terms.get("avoided_disposal")
    legal = s.legal_route
    today = s.benefit.counterfactual
    sectors = [(t.label_lv or t.label) if lang == "lv" else t.label for t in s.target_sectors]
    return {
        "kind": s.kind,
        "partner": s.target_company,
        "source": s.source_company,
        "companies": s.companies,
        "km": s.distance_km,
        "score": s.score,
        "title": s.title_lv if lang == "lv" and s.title_lv else s.title,
        "explanation": s.explanation_lv if lang == "lv" else s.explanation,
        "eur": s.benefit.eur_per_year,
        "tonnes": s.benefit.tonnes_per_year,
        "eur_range": s.benefit.range.eur_per_year if s.benefit.range else None,
        "eur_low": s.benefit.eur_low_per_year,
        "eur_high": s.benefit.eur_high_per_year,
        "source_gain": s.benefit.source_eur_per_year,
        "receiver_gain": s.benefit.receiver_eur_per_year,
        "today": (today.label_lv if lang == "lv" else today.label) if today else None,
        "co2": s.benefit.co2e_t_per_year,
        "water": s.benefit.water_m3_per_year,
        "avoided": avoided.value if avoided else None,
        "avoided_formula": avoided.formula if avoided else None,
        "substituted": terms["substituted_input"].value if "substituted_input" in terms else None,
        "transport": terms["transport"].value if "transport" in terms else None,
        "legal": (legal.lv if lang == "lv" else legal.en) if legal else None,
        "legal_kind": legal.kind if legal else None,
        "checks": s.next_checks_lv if lang == "lv" else s.next_checks,
        "sectors": sectors,
        "quantity": s.source_flow.quantity,
        "taken": _taken(s),
        "unit": s.source_flow.unit,
        "rule_id": s.rule_id,
    }
