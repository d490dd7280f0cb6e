"""Conversations, their messages (with the trace behind each answer) and user feedback."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from assistant.clock import utcnow


def new_id() -> str:
    return uuid.uuid4().hex


class Conversation(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    title: str = Field(default="", max_length=200)
    lang: str = Field(default="en", max_length=8)
    # OpenAI-style clients resend the whole history: this hash of the user turns so far finds
    # the conversation again in any app process.
    history_key: str | None = Field(default=None, max_length=64, index=True)
    # Who may read and continue it (`Viewer.owner_key`); staff read every conversation.
    owner: str = Field(default="", max_length=250, index=True)
    # What the conversation is about so far (`assistant.chat.state.ConversationState`): the
    # material, quantity, companies and the last standalone question, kept apart from traces.
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Message(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, ondelete="CASCADE")
    seq: int = 0
    role: str = Field(max_length=16)  # user | assistant
    text: str = Field(sa_column=Column(Text, nullable=False))
    lang: str = Field(default="en", max_length=8)
    intent: str | None = Field(default=None, max_length=32)
    trace: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Feedback(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(foreign_key="message.id", index=True, ondelete="CASCADE")
    rating: str = Field(max_length=8)  # up | down
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
