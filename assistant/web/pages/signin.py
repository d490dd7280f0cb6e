"""Signing in and out of the web UI.

`POST /login` checks the password (Argon2) and sets the session cookie: HttpOnly, SameSite=Lax
and Secure (`cookie_secure`). A form posted from another origin is refused (login CSRF),
attempts are rate-limited per client address (429 with Retry-After), and `next` only ever
leads to a path on this site. `POST /logout` needs the session's CSRF token.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.api.auth_deps import SESSION_COOKIE
from assistant.api.deps import ServicesDep
from assistant.api.proxies import client_address
from assistant.auth.secrets import same
from assistant.errors import RateLimited, Unauthorized
from assistant.web.auth import cookie_secure, safe_next
from assistant.web.i18n import Translator, choose_lang
from assistant.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", None, next=safe_next(next), login_name="", error="")


@router.post("/login", response_class=HTMLResponse, response_model=None)
def login(
    request: Request,
    services: ServicesDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    t = Translator(choose_lang(request))
    target = safe_next(next)
    if not _same_origin(request):
        return _again(request, target, name, t("auth.bad_origin"), 403)
    try:
        services.login_limiter.check(client_address(request))
        signed_in = services.auth.sign_in(name, password)
    except RateLimited as exc:
        refused = _again(request, target, name, t("auth.too_many"), 429)
        refused.headers["Retry-After"] = str(exc.retry_after_s)
        return refused
    except Unauthorized:
        return _again(request, target, name, t("auth.wrong"), 401)
    response = RedirectResponse(target, 303)
    settings = services.settings
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.session_id,
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings.cookie_secure),
        path="/",
        max_age=int(settings.session_hours * 3600),
    )
    return response


@router.post("/logout", response_model=None)
def logout(
    request: Request, services: ServicesDep, csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        try:
            _, expected = services.auth.session(session_id)
        except Unauthorized:
            expected = None
        if expected is not None and not same(csrf, expected):
            return RedirectResponse("/", 303)  # a forged sign-out does nothing
        services.auth.sign_out(session_id)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, services.settings.cookie_secure),
    )
    return response


def _same_origin(request: Request) -> bool:
    """A browser sends Origin with a form POST; when it does, it must be this site."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.url.netloc  # a TLS proxy may change the scheme


def _again(request: Request, target: str, name: str, error: str, status: int) -> HTMLResponse:
    return page(
        request, "login.html", None, status_code=status, next=target, login_name=name, error=error
    )
