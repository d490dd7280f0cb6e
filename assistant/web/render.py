"""Rendering a page: one Jinja2 environment (autoescaped, StrictUndefined) and the context every
template shares: the language, the translator, the language-switch links and the viewer."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from assistant import __version__
from assistant.web.auth import WebViewer
from assistant.web.i18n import COOKIE, LANGS, Translator, choose_lang

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ONE_YEAR = 365 * 24 * 3600
# Served pages load nothing from another origin; the browser enforces it too.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def source_label(source: str) -> str:
    """A source as plain text: a web address loses its scheme, so pages never reference it."""
    return _SCHEME.sub("", source).rstrip("/")


def to_json(value: Any) -> Markup:
    """JSON safe inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(text)


def asset_version() -> str:
    """Changes whenever a static file does, so browsers never keep a stale script."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in STATIC.glob("*") if p.is_file()):  # the page's own assets
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


@cache
def templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["source_label"] = source_label
    env.filters["to_json"] = to_json
    env.globals["asset_version"] = asset_version()
    return Jinja2Templates(env=env)


def lang_url(request: Request, lang: str) -> str:
    """The same page in another language (the other query parameters kept)."""
    query = {**request.query_params, "lang": lang}
    return f"{request.url.path}?{urlencode(query)}"


def page(
    request: Request, name: str, viewer: WebViewer | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = choose_lang(request)
    t = Translator(lang)
    shared = {
        "t": t,
        "lang": lang,
        "viewer": viewer,
        "path": request.url.path,
        "switch": {code: lang_url(request, code) for code in LANGS},
    }
    response = templates().TemplateResponse(
        request, name, {**shared, **context}, status_code=status_code
    )
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(COOKIE, lang, max_age=ONE_YEAR, samesite="lax")
    return response
