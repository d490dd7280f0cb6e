"""The chat page at `/`: past conversations beside the chat; answers stream from the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assistant.api.deps import ServicesDep
from assistant.web.auth import ViewerDep
from assistant.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def chat_page(
    request: Request,
    services: ServicesDep,
    viewer: ViewerDep,
    c: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    conversations = services.chat.memory.recent(viewer.viewer, 30)
    current = c if c and any(item.id == c for item in conversations) else None
    return page(request, "chat.html", viewer, conversations=conversations, current=current)
