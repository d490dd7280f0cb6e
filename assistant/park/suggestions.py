"""The synergy suggestions an edge shows: the engine's, computed on the viewer's public view."""

from __future__ import annotations

from assistant.auth.viewer import Viewer
from assistant.park import visibility
from assistant.park.service import ParkService
from assistant.synergies.engine import SynergyEngine
from assistant.synergies.models import SuggestionPublic


def suggestions_for(
    viewer: Viewer,
    park: ParkService,
    engine: SynergyEngine,
    company: str | int | None = None,
    limit: int | None = None,
) -> list[SuggestionPublic]:
    """For the park, or those touching one company (by id or by a name the viewer may see)."""
    view = visibility.park_view(park.snapshot(), viewer)
    if isinstance(company, str):
        company = park.find_company(company, viewer=viewer).id
    elif company is not None:
        park.get_company(company, viewer=viewer)  # 404 for an unknown id
    return visibility.suggestions(engine.match(view, company, limit=limit))
