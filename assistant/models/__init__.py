"""SQL tables. Importing this package registers them all."""

from assistant.models.chat import Conversation, Feedback, Message
from assistant.models.knowledge import Chunk, Document, KbState
from assistant.models.park import Company, Flow, Park

__all__ = [
    "Chunk", "Company", "Conversation", "Document", "Feedback", "Flow", "KbState", "Message",
    "Park",
]
