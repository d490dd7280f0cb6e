"""Who is looking at the web UI: the signed-in viewer of the session cookie.

A page without a valid session redirects to `/login` (`SignInRequired`, turned into a redirect
by `install`); the dashboard refuses everyone but facilitators and admins with a 403 page. The
session's CSRF token goes into every page (`<meta name="csrf-token">`): the scripts send it as
`X-CSRF-Token` with every change, and the sign-out form carries it as a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from assistant.api.auth_deps import SESSION_COOKIE
from assistant.api.deps import get_services
from assistant.api.proxies import scheme
from assistant.auth.viewer import Viewer
from assistant.errors import Unauthorized


@dataclass(frozen=True)
class WebViewer:
    """The viewer of a page and the CSRF token its scripts send back."""

    viewer: Viewer
    csrf: str

    @property
    def name(self) -> str:
        return self.viewer.name

    @property
    def role(self) -> str:
        return self.viewer.role

    @property
    def is_staff(self) -> bool:
        return self.viewer.is_staff


class PageForbidden(Exception):
    """A signed-in viewer whose role may not open the page: a 403 page, not a redirect."""

    def __init__(self, web: WebViewer, message: str) -> None:
        super().__init__(message)
        self.web = web


class SignInRequired(Exception):
    """A page asked for without a valid session: the browser goes to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def current_viewer(request: Request) -> WebViewer:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        raise SignInRequired(_here(request))
    try:
        viewer, csrf = get_services(request).auth.session(session_id)
    except Unauthorized as exc:
        raise SignInRequired(_here(request)) from exc
    return WebViewer(viewer, csrf)


def require_staff(web: Annotated[WebViewer, Depends(current_viewer)]) -> WebViewer:
    """The dashboard is the facilitator's workspace: facilitators and admins only."""
    if not web.is_staff:
        raise PageForbidden(web, "dashboard")
    return web


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def cookie_secure(request: Request, setting: bool | None) -> bool:
    """The session cookie's Secure flag: `ASSISTANT_COOKIE_SECURE` when set; otherwise Secure
    unless the browser talks plain http to this machine (local development)."""
    if setting is not None:
        return setting
    host = (request.url.hostname or "").lower()
    local = host in LOCAL_HOSTS or host.endswith(".localhost")
    return not (local and scheme(request) == "http")


def _here(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + query


def safe_next(target: str | None) -> str:
    """Only a path on this site (never `//host` or a scheme): no open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


ViewerDep = Annotated[WebViewer, Depends(current_viewer)]
FacilitatorDep = Annotated[WebViewer, Depends(require_staff)]
