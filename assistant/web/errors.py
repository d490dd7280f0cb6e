"""What a page does when its viewer is not signed in (to the sign-in form) or may not see it
(the "forbidden" page)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from assistant.web.auth import PageForbidden, SignInRequired, safe_next
from assistant.web.render import page


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _to_sign_in(_: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(safe_next(exc.next_path))}", 303)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden) -> Response:
        return page(request, "forbidden.html", exc.web, status_code=403)
