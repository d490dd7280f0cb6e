"""The chat pipeline: understand → rewrite → gather → compose → check, one typed stage each.

The conversation's state is read from and written back to the conversation (with the
question and the answer, in one transaction); a failed turn changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.chat.check import check
from assistant.chat.classifier import IntentClassifier, default_classifier
from assistant.chat.compose import Citation, Draft, compose, head
from assistant.chat.evidence import partner_of
from assistant.chat.gather import Turn, confirm_pending, gather
from assistant.chat.gather.side import settle_side
from assistant.chat.llm import llm_compose
from assistant.chat.memory import Memory
from assistant.chat.rewrite import Plan, plan
from assistant.chat.state import ConversationState
from assistant.chat.tools import ChatTools
from assistant.chat.trace import build_trace
from assistant.chat.understand import Understander, Understanding, visible_companies
from assistant.errors import InvalidInput
from assistant.llm.grounding import evidence_numbers
from assistant.llm.model import ChatModel, LlmFailed
from assistant.retrieval.protocols import Embedder

OnToken = Callable[[str], None]
SHOWN = 8  # the synergies an answer can show (pairs, then pooling and missing partners)
NO_LLM = ("help", "out_of_scope", "update_profile", "outreach_request")


class ChatResponse(BaseModel):
    conversation_id: str
    message_id: str
    answer: str
    language: str
    intent: str
    intents: list[str] = Field(default_factory=list)
    recipient: str | None = None  # the company an outreach draft is addressed to
    citations: list[Citation] = Field(default_factory=list)
    synergies: list[dict[str, Any]] = Field(default_factory=list)
    trace: dict[str, Any] = Field(default_factory=dict)


class ChatService:
    def __init__(
        self,
        tools: ChatTools,
        memory: Memory,
        llm: ChatModel | None = None,
        max_chars: int = 4000,
        classifier: IntentClassifier | None = None,
        cache_dir: Path | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """`embedder`: gives the intent classifier each question's sentence embedding (none:
        words and character n-grams only)."""
        self._tools, self._memory, self._llm, self._max_chars = tools, memory, llm, max_chars
        self._classifier, self._cache_dir, self._embedder = classifier, cache_dir, embedder

    @property
    def memory(self) -> Memory:
        return self._memory

    def _understander(self) -> Understander:
        return Understander(self.classifier)

    @property
    def classifier(self) -> IntentClassifier:
        if self._classifier is None:
            self._classifier = default_classifier(self._cache_dir, self._embedder)
        return self._classifier

    def ask(
        self,
        message: str,
        conversation_id: str | None = None,
        lang: str | None = None,
        *,
        viewer: Viewer = ANONYMISED,
        acts: bool = True,
        on_token: OnToken | None = None,
    ) -> ChatResponse:
        """One turn, answered with what `viewer` may see (and changing only what it may).
        `acts=False`: an earlier turn replayed as context only; it proposes, confirms and
        writes nothing. `on_token` receives the answer in pieces, in order, as they are
        ready; the pieces join to the final answer."""
        started = time.perf_counter()
        message = self.validate(message, lang)
        conversation = self._memory.conversation(conversation_id, message, lang or "en", viewer)
        state = ConversationState.load(
            self._memory.state(conversation.id) if conversation_id else None
        )
        understood = self._understander()(
            message,
            lang,
            state.lang,
            visible_companies(self._tools.park, viewer),
            pending=state.pending is not None,
        )
        early = on_token if self._llm is None else None  # an LLM rewrites the whole answer
        turn, sent = self._turn(understood, state, viewer, acts, early)
        draft = self._compose(turn, on_token, sent)
        checks = check(turn, draft)
        trace = build_trace(turn, draft, checks, started)
        reply = self._memory.append(
            conversation.id,
            message,
            draft.text,
            turn.lang,
            turn.intent,
            trace,
            state=turn.state.model_dump(mode="json"),
        )
        return ChatResponse(
            conversation_id=conversation.id,
            message_id=reply.id,
            answer=draft.text,
            language=turn.lang,
            intent=turn.intent,
            intents=list(turn.plan.intents),
            recipient=(turn.extra.get("draft") or {}).get("target"),
            citations=draft.citations,
            synergies=[s.model_dump(mode="json") for s in turn.evidence.synergies[:SHOWN]],
            trace=trace,
        )

    def _turn(
        self,
        understood: Understanding,
        state: ConversationState,
        viewer: Viewer,
        acts: bool,
        early: OnToken | None = None,
    ) -> tuple[Turn, str]:
        """The turn with its evidence, and what was already sent to `early` (the answer's
        opening line, before the evidence is gathered)."""
        if understood.reply is not None:  # "yes" / "no" to a proposed profile update
            reply_plan = Plan(
                ["update_profile"],
                True,
                understood.message,
                understood.message,
                state.model_copy(deep=True),
                ["a reply to a pending proposal"],
            )
            reply_plan.state.lang = understood.language.chosen
            turn = Turn(self._tools, understood, reply_plan, viewer, acts)
            confirm_pending(turn, understood.reply)
            return turn, ""
        turn = Turn(self._tools, understood, plan(understood, state, viewer), viewer, acts)
        settle_side(turn)
        sent = head(turn) if early is not None else ""
        if sent and early is not None:
            early(sent)
        gather(turn)
        if turn.intent == "unsure" and not turn.evidence.hits:
            turn.plan.intents = ["out_of_scope"]
            turn.plan.reasons.append("unsure and no passage fits: not in the knowledge base")
        if turn.intent in ("byproduct_reuse", "find_input", "value"):  # answers that list partners
            turn.state.partners = partners_of(turn)
        turn.state.intent = turn.intent
        return turn, sent

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
            intents=list(trace.get("rewrite", {}).get("intents", [])),
            trace=trace,
            citations=[Citation.model_validate(c) for c in trace.get("citations", [])],
            synergies=list(trace.get("synergies", []))[:5],
        )

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

    def _compose(self, turn: Turn, on_token: OnToken | None, sent: str = "") -> Draft:
        offline = compose(turn)
        if sent and not offline.text.startswith(sent):  # never expected: keep what was sent
            offline.text = f"{sent}\n\n{offline.text}"
            offline.notes.append("the streamed opening line differs from the answer's")
        if self._llm is None or turn.intent in NO_LLM:
            _emit(offline.text[len(sent) :], on_token)
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
                self._llm,
                turn.lang,
                turn.question,
                offline,
                offline.citations,
                facts,
                known,
                **({"on_token": on_token} if on_token else {}),
            )
        except LlmFailed as exc:
            offline.notes.append(f"llm fallback: {exc}")
            _emit(offline.text, on_token)
            return offline


def partners_of(turn: Turn) -> list[str]:
    """The other companies of the answer's pairs, best first: the suppliers when the asker
    needs the material, else the takers (never the asker itself)."""
    found = [
        partner_of(s, turn.state.direction) for s in turn.evidence.synergies if s.kind == "pair"
    ]
    own = {turn.state.company} if turn.viewer.company_id is not None else set()
    return [p for p in dict.fromkeys(found) if p and p not in own][:3] or turn.state.partners


def _emit(text: str, on_token: OnToken | None) -> None:
    """The offline answer in its parts (paragraphs), in order."""
    if on_token is None:
        return
    parts = text.split("\n\n")
    for n, part in enumerate(parts):
        on_token(part + ("\n\n" if n < len(parts) - 1 else ""))
