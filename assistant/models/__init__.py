"""SQL tables. Importing this package registers them all."""

from assistant.models.auth import ApiToken, AuditEvent, User, WebSession
from assistant.models.chat import Conversation, Feedback, Message
from assistant.models.knowledge import Chunk, Document, KbState
from assistant.models.outreach import OutreachDraft, OutreachDraftVersion
from assistant.models.park import Company, Flow, Park
from assistant.models.pipeline import Synergy, SynergyEvent, SynergyImpact, SynergyNote

__all__ = [
    "ApiToken",
    "AuditEvent",
    "User",
    "WebSession",
    "Chunk",
    "Company",
    "Conversation",
    "Document",
    "Feedback",
    "Flow",
    "KbState",
    "Message",
    "OutreachDraft",
    "OutreachDraftVersion",
    "Park",
    "Synergy",
    "SynergyEvent",
    "SynergyImpact",
    "SynergyNote",
]
