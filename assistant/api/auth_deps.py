"""Authentication and role checks, declared once as dependencies.

Every `/api` and `/v1` route depends on `authenticate` (wired per router in the app factory):
an `Authorization: Bearer` API token, or the web app's session cookie — and then, for a
request that changes something, the session's CSRF token in the `X-CSRF-Token` header (a
cross-site page can make the browser send the cookie, never read the token). The check runs
as an async dependency so the audit actor it sets is seen by the endpoint's thread.

Guessing is rate-limited per client address (`client_address`): every request that presents
an unknown, revoked or expired token or session counts, and once
`ASSISTANT_AUTH_FAILURES_PER_MINUTE` are spent every request from that address is answered 429
with Retry-After — a right guess included — until the bucket refills.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from anyio import to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.deps import get_services
from assistant.api.proxies import client_address
from assistant.auth.audit import set_actor
from assistant.auth.secrets import digest, same
from assistant.auth.viewer import Role, Viewer
from assistant.composition import Services
from assistant.errors import Forbidden, Unauthorized

SESSION_COOKIE = "simbioze_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Declares the scheme in the OpenAPI schema (the docs' "Authorize" button); the header itself
# is read in `_identify`, which also accepts the session cookie.
_BEARER = HTTPBearer(auto_error=False, description="An API token from `assistant users create`")


async def authenticate(
    request: Request,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None,
) -> Viewer:
    cached: Viewer | None = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    services = get_services(request)
    failures, address = services.auth_failure_limiter, "address:" + client_address(request)
    failures.ensure_open(address)
    try:
        viewer, key = await to_thread.run_sync(_identify, services, request)
    except Unauthorized:
        if request.headers.get("authorization") or request.cookies.get(SESSION_COOKIE):
            failures.take(address)  # a wrong, revoked or expired credential: a guess
        raise
    services.rate_limiter.check(key)
    request.state.viewer = viewer
    set_actor(viewer.actor)
    return viewer


def _identify(services: Services, request: Request) -> tuple[Viewer, str]:
    """The viewer and the rate-limit key of the request's credentials."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if header:
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("use `Authorization: Bearer <token>`")
        return services.auth.viewer_for_token(token.strip()), "token:" + digest(token.strip())
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        raise Unauthorized("sign in, or send an API token as `Authorization: Bearer <token>`")
    viewer, csrf = services.auth.session(session_id)
    if request.method not in SAFE_METHODS and not same(request.headers.get(CSRF_HEADER, ""), csrf):
        raise Forbidden(f"the {CSRF_HEADER} header is missing or wrong (reload the page)")
    return viewer, "session:" + digest(session_id)


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Viewer]]:
    async def check(viewer: Annotated[Viewer, Depends(authenticate)]) -> Viewer:
        if viewer.role not in roles:
            raise Forbidden(f"this needs the role {' or '.join(roles)}; you are {viewer.role}")
        return viewer

    return check


def writes_need(*roles: Role) -> Callable[..., Coroutine[Any, Any, Viewer]]:
    """Any signed-in role may read; only `roles` may change."""

    async def check(request: Request, viewer: Annotated[Viewer, Depends(authenticate)]) -> Viewer:
        if request.method not in SAFE_METHODS and viewer.role not in roles:
            raise Forbidden(
                f"changing this needs the role {' or '.join(roles)}; you are {viewer.role}"
            )
        return viewer

    return check


ViewerDep = Annotated[Viewer, Depends(authenticate)]
