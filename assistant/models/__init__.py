"""SQL tables. Importing this package registers them all."""

from assistant.models.knowledge import Chunk, Document, KbState

__all__ = ["Chunk", "Document", "KbState"]
