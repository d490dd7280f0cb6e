"""Who is looking at the web UI: the hook where sign-in will plug in.

Until the trust issue adds sign-in and roles, every visitor of the dashboard is the park's
facilitator (named by `ASSISTANT_FACILITATOR_NAME`). When roles exist, `current_viewer` reads
the session and `require_facilitator` refuses the other roles; the pages need no change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from assistant.api.deps import get_services


@dataclass(frozen=True)
class Viewer:
    name: str
    role: str  # "facilitator" until the trust issue adds the other roles
    signed_in: bool = False


def current_viewer(request: Request) -> Viewer:
    """The visitor. No sign-in yet: the park's facilitator."""
    return Viewer(name=get_services(request).settings.facilitator_name, role="facilitator")


def require_facilitator(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """The dashboard's guard; with roles it will refuse everyone but facilitators."""
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
FacilitatorDep = Annotated[Viewer, Depends(require_facilitator)]
