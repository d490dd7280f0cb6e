"""The chat orchestrator: language → entities → intent → evidence → composed, cited answer."""

from __future__ import annotations

import re
import time
from typing import Any

from pydantic import BaseModel, Field

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.chat.compose import Citation, Draft, compose
from assistant.chat.context import Context, MaterialRef
from assistant.chat.entities import Entities, EntityExtractor
from assistant.chat.handlers import HANDLERS, Turn, confirm_pending
from assistant.chat.intents import classify, is_confirmation
from assistant.chat.llm import llm_compose
from assistant.chat.memory import Memory
from assistant.chat.tools import ChatTools
from assistant.errors import InvalidInput
from assistant.llm.grounding import evidence_numbers
from assistant.llm.model import ChatModel, LlmFailed
from assistant.text.language import detect_language

RETRIEVAL_INTENTS = ("regulation", "good_practice")
MATERIAL_INTENTS = ("byproduct_reuse", "find_input", "regulation", "update_profile")
_FOLLOWUP = re.compile(
    r"^\s*(and|but|also|what about|how about|un|bet|kā ar|ka ar|a ja|"
    r"bet ja|un ja|vai arī|vai ari)\b",
    re.IGNORECASE,
)
_INPUT_CUES = ("need", "use", "vajag", "izmantojam", "nepieciešam", "patērējam", "iepērkam")


class ChatResponse(BaseModel):
    conversation_id: str
    message_id: str
    answer: str
    language: str
    intent: str
    citations: list[Citation] = Field(default_factory=list)
    synergies: list[dict[str, Any]] = Field(default_factory=list)
    trace: dict[str, Any] = Field(default_factory=dict)


class ChatService:
    def __init__(
        self, tools: ChatTools, memory: Memory, llm: ChatModel | None = None, max_chars: int = 4000
    ) -> None:
        self._tools, self._memory, self._llm, self._max_chars = tools, memory, llm, max_chars

    @property
    def memory(self) -> Memory:
        return self._memory

    def ask(
        self,
        message: str,
        conversation_id: str | None = None,
        lang: str | None = None,
        *,
        viewer: Viewer = ANONYMISED,
        acts: bool = True,
    ) -> ChatResponse:
        """One turn, answered with what `viewer` may see (and changing only what it may).
        `acts=False`: an earlier turn replayed as context only; it proposes, confirms and
        writes nothing."""
        started = time.perf_counter()
        message = self.validate(message, lang)
        conversation = self._memory.conversation(conversation_id, message, lang or "en", viewer)
        last = self._memory.last_assistant(conversation.id) if conversation_id else None
        ctx = Context.from_trace(last.trace if last else None)
        language = self._language(message, lang, ctx)
        entities = self._entities(message, language["chosen"], viewer)
        turn, classification = self._plan(
            Turn(self._tools, message, language["chosen"], ctx, viewer, acts), language, entities
        )
        draft = self._compose(turn, classification["intent"])
        trace = self._trace(turn, classification, entities, draft, language, started)
        reply = self._memory.append(
            conversation.id, message, draft.text, turn.lang, classification["intent"], trace
        )
        return ChatResponse(
            conversation_id=conversation.id,
            message_id=reply.id,
            answer=draft.text,
            language=turn.lang,
            intent=classification["intent"],
            citations=draft.citations,
            synergies=[s.model_dump(mode="json") for s in turn.evidence.synergies[:5]],
            trace=trace,
        )

    def replayed(self, conversation_id: str) -> ChatResponse | None:
        """The stored last answer of a conversation, as it was given (nothing runs again)."""
        last = self._memory.last_assistant(conversation_id)
        if last is None:
            return None
        trace = last.trace or {}
        return ChatResponse(
            conversation_id=conversation_id,
            message_id=last.id,
            answer=last.text,
            language=last.lang,
            intent=last.intent or "",
            trace=trace,
            citations=[Citation.model_validate(c) for c in trace.get("citations", [])],
            synergies=list(trace.get("synergies", []))[:5],
        )

    # ---- steps -----------------------------------------------------------------------
    def validate(self, message: str, lang: str | None = None) -> str:
        message = (message or "").strip()
        if not message:
            raise InvalidInput("the message is empty")
        limit = self._max_chars
        if len(message) > limit:
            raise InvalidInput(f"the message is longer than {limit} characters")
        if lang not in (None, "lv", "en"):
            raise InvalidInput("lang must be 'lv' or 'en'")
        return message

    @staticmethod
    def _language(message: str, lang: str | None, ctx: Context) -> dict[str, Any]:
        detected = detect_language(message)
        short = len(message.split()) <= 2
        confident = detected.confidence >= (0.9 if short else 0.6)
        chosen = lang or (detected.lang if confident or not ctx.lang else ctx.lang)
        return {
            "detected": detected.lang,
            "confidence": round(detected.confidence, 3),
            "requested": lang,
            "chosen": chosen,
        }

    def _entities(self, message: str, lang: str, viewer: Viewer) -> Entities:
        """Only companies the viewer may see by name can be named (a confidential one is not
        recognised, so no answer confirms it exists)."""
        companies = [
            (c.id or 0, c.name)
            for c in self._tools.park.list_companies(viewer=viewer)
            if not c.confidential or viewer.sees_confidential_of(c.id)
        ]
        return EntityExtractor(companies).extract(message, lang)

    def _plan(
        self, turn: Turn, language: dict[str, Any], entities: Entities
    ) -> tuple[Turn, dict[str, Any]]:
        message, lang, ctx = turn.question, turn.lang, turn.ctx
        answer = is_confirmation(message) if ctx.pending else None
        if answer is not None:
            confirm_pending(turn, answer)
            ctx.lang, ctx.intent = lang, "update_profile"
            return turn, {
                "intent": "update_profile",
                "reason": "reply to a pending proposal",
                "scores": {},
                "followup": True,
            }
        found = classify(message, entities)
        intent, followup = found.intent, self._is_followup(message, entities, ctx)
        if followup and intent == "out_of_scope" and ctx.intent:
            intent = ctx.intent
        self._remember(ctx, entities, lang, intent, followup)
        turn.followup = followup
        turn.confident = found.scores.get(intent, 0.0) >= 1.0
        turn.direction = (
            "input"
            if any(c in message.lower() for c in _INPUT_CUES) and intent == "update_profile"
            else "output"
        )
        HANDLERS[intent](turn)
        if intent == "out_of_scope" or (intent in RETRIEVAL_INTENTS and not turn.evidence.hits):
            intent = self._rescue(turn, intent)
        ctx.intent = intent
        ctx.topic = message if not followup or not ctx.topic else f"{ctx.topic} {message}"[-600:]
        return turn, {
            "intent": intent,
            "reason": found.reason,
            "scores": found.scores,
            "followup": followup,
        }

    @staticmethod
    def _is_followup(message: str, entities: Entities, ctx: Context) -> bool:
        if ctx.material is None and ctx.company_id is None:
            return False
        short = len(message.split()) <= 10
        return bool(_FOLLOWUP.match(message)) or (
            short and not entities.materials and not entities.companies
        )

    @staticmethod
    def _remember(ctx: Context, entities: Entities, lang: str, intent: str, followup: bool) -> None:
        ctx.lang = lang
        if entities.material:
            m = entities.material
            ctx.material = MaterialRef(text=m.text, category=m.category, ewc_code=m.ewc_code)
            if not entities.quantity:
                ctx.quantity, ctx.unit = None, None
        elif intent in MATERIAL_INTENTS and not followup:
            ctx.material, ctx.quantity, ctx.unit = None, None, None
        if entities.quantity:
            ctx.quantity, ctx.unit = entities.quantity.value, entities.quantity.unit
        if entities.company:
            ctx.company_id, ctx.company = entities.company.id, entities.company.name

    def _rescue(self, turn: Turn, intent: str) -> str:
        """A question with no domain cue is answered only on strong evidence: most of its
        words in a passage and a high semantic similarity, not one shared place name."""
        if intent == "out_of_scope" and self._strongly_covered(turn.question, turn.lang):
            HANDLERS["regulation"](turn)
            if turn.evidence.hits:
                return "regulation"
        return intent if turn.evidence.hits else "out_of_scope"

    def _strongly_covered(self, question: str, lang: str) -> bool:
        retriever = self._tools.retriever
        result = retriever.search(question, 5, filters={"lang": lang})
        floor = retriever.params.floor_for(result.trace.query_lang)
        return any(
            t.relevant and t.coverage >= 0.6 and (t.dense_similarity or 0) >= floor
            for t in result.trace.candidates
        )

    def _compose(self, turn: Turn, intent: str) -> Draft:
        offline = compose(intent, turn.lang, turn.question, turn.ctx, turn.evidence, turn.extra)
        if self._llm is None or intent in ("help", "out_of_scope", "update_profile"):
            return offline
        known = evidence_numbers(
            turn.question,
            [s.model_dump() for s in turn.evidence.synergies],
            [c.model_dump() for c in offline.citations],
            turn.facts,
            turn.extra,
        )
        facts = [
            s.model_dump(
                include={
                    "kind",
                    "source_company",
                    "target_company",
                    "title",
                    "benefit",
                    "legal_route",
                    "distance_km",
                }
            )
            for s in turn.evidence.synergies[:3]
        ]
        try:
            return llm_compose(
                self._llm, turn.lang, turn.question, offline, offline.citations, facts, known
            )
        except LlmFailed as exc:
            offline.notes.append(f"llm fallback: {exc}")
            return offline

    @staticmethod
    def _trace(
        turn: Turn,
        classification: dict[str, Any],
        entities: Entities,
        draft: Draft,
        language: dict[str, Any],
        started: float,
    ) -> dict[str, Any]:
        return {
            "language": language,
            "intent": classification,
            "entities": {
                "quantity": entities.quantity.__dict__ if entities.quantity else None,
                "materials": [m.__dict__ for m in entities.materials],
                "companies": [c.__dict__ for c in entities.companies],
                "ewc_codes": entities.ewc_codes,
                "nace_codes": entities.nace_codes,
            },
            "context": turn.ctx.model_dump(),
            "retrieval": [
                {"chunk_id": h.chunk_id, "doc_id": h.doc_id, "score": h.score}
                for h in turn.evidence.hits
            ],
            "synergies": [s.model_dump(mode="json") for s in turn.evidence.synergies],
            "facts": turn.facts,
            "extra": {k: v for k, v in turn.extra.items() if k != "overview"},
            "citations": [c.model_dump(mode="json") for c in draft.citations],
            "composer": draft.composer,
            "notes": turn.evidence.notes + draft.notes,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
        }
