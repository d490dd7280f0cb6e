"""The few collaborators the chat's handlers use, handed to them explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.outreach import OutreachService
    from assistant.park import ParkService
    from assistant.retrieval.hybrid import HybridRetriever
    from assistant.synergies import SynergyEngine
    from assistant.taxonomy import Taxonomy


@dataclass(frozen=True)
class ChatTools:
    park: ParkService  # companies the asker may see, and profile updates
    retriever: HybridRetriever  # passages from the knowledge base
    engine: SynergyEngine  # synergies, always on the asker's public view of the park
    taxonomy: Taxonomy  # materials, codes and sector labels
    outreach: OutreachService  # drafts (staff only)
