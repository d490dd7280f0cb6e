"""The web UI: sign-in, the chat page at `/`, the facilitator's dashboard under `/dashboard`
and the static files under `/static`. Registered in the app factory like every API route
module; `install` adds the redirect to the sign-in page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from assistant.web.errors import install
from assistant.web.pages import chat, knowledge, park, signin, work
from assistant.web.render import STATIC

router = APIRouter(include_in_schema=False)
for _pages in (signin, chat, park, work, knowledge):
    router.include_router(_pages.router)
router.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

__all__ = ["install", "router"]
