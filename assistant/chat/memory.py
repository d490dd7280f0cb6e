"""Conversation persistence: every turn with its trace, so follow-ups resolve.

A conversation belongs to the viewer who started it: only its owner continues it, only its
owner and staff read it. Another viewer gets "not found", so an id reveals nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from assistant.auth.viewer import Viewer
from assistant.clock import utcnow
from assistant.db import session_scope
from assistant.errors import InvalidInput, NotFound
from assistant.models import Conversation, Feedback, Message


class Memory:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def conversation(
        self, conversation_id: str | None, title: str, lang: str, viewer: Viewer
    ) -> Conversation:
        """The viewer's conversation to continue, or a new one it owns."""
        with session_scope(self._engine) as session:
            if conversation_id:
                found = session.get(Conversation, conversation_id)
                if found is None or found.owner != viewer.owner_key:
                    raise NotFound(f"no conversation {conversation_id!r}")
                return found
            created = Conversation(title=title[:200], lang=lang, owner=viewer.owner_key)
            session.add(created)
            return created

    def by_history_key(self, key: str, viewer: Viewer) -> Conversation | None:
        with Session(self._engine) as session:
            return session.exec(
                select(Conversation)
                .where(Conversation.history_key == key, Conversation.owner == viewer.owner_key)
                .order_by(col(Conversation.updated_at).desc())
            ).first()

    def set_history_key(self, conversation_id: str, key: str) -> None:
        with session_scope(self._engine) as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is not None:
                conversation.history_key = key
                session.add(conversation)

    def forget(self, conversation_id: str) -> None:
        """Remove a conversation a failed request had started (its messages cascade)."""
        with session_scope(self._engine) as session:
            for message in session.exec(
                select(Message).where(Message.conversation_id == conversation_id)
            ):
                session.delete(message)
            session.flush()
            found = session.get(Conversation, conversation_id)
            if found is not None:
                session.delete(found)

    def state(self, conversation_id: str) -> dict[str, Any]:
        with Session(self._engine) as session:
            found = session.get(Conversation, conversation_id)
            return dict(found.state or {}) if found is not None else {}

    def last_assistant(self, conversation_id: str) -> Message | None:
        with Session(self._engine) as session:
            return session.exec(
                select(Message)
                .where(Message.conversation_id == conversation_id, Message.role == "assistant")
                .order_by(col(Message.seq).desc())
            ).first()

    def append(
        self,
        conversation_id: str,
        question: str,
        answer: str,
        lang: str,
        intent: str,
        trace: dict[str, Any],
        state: dict[str, Any] | None = None,
    ) -> Message:
        """The question, the answer and the conversation's new state, in one transaction."""
        with session_scope(self._engine) as session:
            conversation = session.get(Conversation, conversation_id)
            assert conversation is not None
            seq = session.exec(
                select(func.count())
                .select_from(Message)
                .where(Message.conversation_id == conversation_id)
            ).one()
            session.add(
                Message(
                    conversation_id=conversation_id, seq=seq, role="user", text=question, lang=lang
                )
            )
            reply = Message(
                conversation_id=conversation_id,
                seq=seq + 1,
                role="assistant",
                text=answer,
                lang=lang,
                intent=intent,
                trace=trace,
            )
            session.add(reply)
            conversation.updated_at = utcnow()
            conversation.lang = lang
            if state is not None:
                conversation.state = state
            session.add(conversation)
            return reply

    def messages(self, conversation_id: str, viewer: Viewer) -> tuple[Conversation, list[Message]]:
        with Session(self._engine) as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or not viewer.may_read_owned_by(conversation.owner):
                raise NotFound(f"no conversation {conversation_id!r}")
            rows = session.exec(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(col(Message.seq))
            ).all()
            return conversation, list(rows)

    def recent(self, viewer: Viewer, limit: int = 50) -> list[Conversation]:
        """The viewer's own conversations, newest first."""
        with Session(self._engine) as session:
            return list(
                session.exec(
                    select(Conversation)
                    .where(Conversation.owner == viewer.owner_key)
                    .order_by(col(Conversation.updated_at).desc())
                    .limit(limit)
                )
            )

    def feedback(self, message_id: str, rating: str, comment: str, viewer: Viewer) -> Feedback:
        if rating not in ("up", "down"):
            raise InvalidInput("rating must be 'up' or 'down'")
        with session_scope(self._engine) as session:
            message = session.get(Message, message_id)
            conversation = session.get(Conversation, message.conversation_id) if message else None
            if message is None or conversation is None or conversation.owner != viewer.owner_key:
                raise NotFound(f"no message {message_id!r}")
            if message.role != "assistant":
                raise InvalidInput("feedback is given on the assistant's answers")
            item = Feedback(message_id=message_id, rating=rating, comment=comment[:2000])
            session.add(item)
            return item
