"""What a gathering step sees and fills in: the turn, its plan and the evidence found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.auth.viewer import ANONYMISED, Viewer
from assistant.chat.evidence import Evidence, park_view
from assistant.chat.rewrite import Plan
from assistant.chat.state import ConversationState
from assistant.chat.tools import ChatTools
from assistant.chat.understand import Understanding
from assistant.synergies.park_data import ParkData


@dataclass
class Turn:
    tools: ChatTools
    understanding: Understanding
    plan: Plan
    viewer: Viewer = ANONYMISED  # who asks: what the evidence may show and what may change
    acts: bool = True  # False for an earlier turn replayed as context: it changes nothing
    evidence: Evidence = field(default_factory=Evidence)
    extra: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    _view: list[ParkData | None] = field(default_factory=list, repr=False)

    def park(self) -> ParkData | None:
        """The park as the asker may see it, read once per turn (None: no park yet)."""
        if not self._view:
            self._view.append(park_view(self.tools, self.viewer))
        return self._view[0]

    @property
    def question(self) -> str:
        return self.understanding.message

    @property
    def query(self) -> str:
        return self.plan.query

    @property
    def lang(self) -> str:
        return self.understanding.language.chosen

    @property
    def state(self) -> ConversationState:
        return self.plan.state

    @property
    def intent(self) -> str:
        return self.plan.intent

    @property
    def confident(self) -> bool:
        return not self.understanding.prediction.unsure
