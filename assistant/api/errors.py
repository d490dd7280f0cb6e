"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}.

`code` and the English `message` are the contract. An asker who reads Latvian also gets
`message_lv`: the request's `lang` (`?lang=lv`, or a JSON body's `"lang": "lv"`), else the
`lang` cookie of the web pages, else the first of lv/en in `Accept-Language` decides. The
Latvian text is the raise site's own (`AssistantError.message_lv`) or the code's
(assistant/text/labels.yaml, `error`).

Every path to an error response ends here: the assistant's own errors, request validation
(and a model a service builds from the request's data), HTTP errors raised by the router (404,
405), by static files or by middleware (413), and any unexpected exception (500, logged with its
traceback).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AssistantError, RateLimited, Unauthorized
from assistant.text.labels import error_message, lang_of

log = logging.getLogger("assistant.api")

_CODES = {413: "too_large", 422: "validation_error", 429: "rate_limited", 500: "internal_error"}


def status_code_name(status: int) -> str:
    """`not_found`, `method_not_allowed`, …: the HTTP reason phrase, with a few shorter names."""
    if status in _CODES:
        return _CODES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "http_error"


def error_body(
    code: str, message: str, details: Any = None, message_lv: str | None = None
) -> dict[str, Any]:
    error = {"code": code, "message": message, "details": jsonable_encoder(details)}
    if message_lv is not None:
        error["message_lv"] = message_lv
    return {"error": error}


def asker_lang(request: Request | None) -> str:
    """ "lv" or "en": the request's `lang` (query, then a JSON body already read), the `lang`
    cookie, then the first of lv/en in Accept-Language by its weight; English by default."""
    if request is None:
        return "en"
    for value in (request.query_params.get("lang"), _body_lang(request)):
        if lang_of(value) and len(str(value)) <= 5:
            return str(lang_of(value))
    if cookie := lang_of(request.cookies.get("lang")):
        return cookie
    return _accept_language(request.headers.get("accept-language", ""))


def _body_lang(request: Request) -> str | None:
    """`lang` of a JSON body the route has read (never reads the body itself: the stream may
    be spent)."""
    body = getattr(request, "_json", None)
    if body is None:
        raw = getattr(request, "_body", None)
        if not raw or len(raw) > 1_000_000:
            return None
        try:
            import json

            body = json.loads(raw)
        except ValueError:
            return None
    value = body.get("lang") if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


def _accept_language(header: str) -> str:
    best, best_q = "en", 0.0
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        lang = lang_of(tag)
        if lang is None:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q or (q == best_q and position == 0):
            best, best_q = lang, q
    return best


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
    request: Request | None = None,
    message_lv: str | None = None,
) -> JSONResponse:
    """The error; with `message_lv` when the asker (`request`) reads Latvian."""
    lv = None
    if asker_lang(request) == "lv":
        lv = message_lv or error_message(code, "lv", status)
    return JSONResponse(error_body(code, message, details, lv), status, headers=headers)


def _headers_of(exc: AssistantError) -> dict[str, str] | None:
    if isinstance(exc, Unauthorized):
        return {"WWW-Authenticate": 'Bearer realm="simbioze"'}
    if isinstance(exc, RateLimited):
        return {"Retry-After": str(exc.retry_after_s)}
    return None


def _details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Where and why, never the input itself (it may be huge, or not JSON: NaN)."""
    return [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AssistantError)
    async def _assistant(request: Request, exc: AssistantError) -> JSONResponse:
        return error_response(
            exc.status_code,
            exc.code,
            exc.message,
            exc.details,
            headers=_headers_of(exc),
            request=request,
            message_lv=exc.message_lv,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(
            422,
            "validation_error",
            "the request is not valid",
            _details(exc.errors()),
            request=request,
        )

    @app.exception_handler(ValidationError)
    async def _invalid(request: Request, exc: ValidationError) -> JSONResponse:
        # A model a service built from the request's data refused it (a flow confirmed in
        # chat, a row of an import): the request's fault, with the same details as above.
        return error_response(
            422,
            "invalid_input",
            f"the {exc.title} data is not valid",
            _details(exc.errors()),
            request=request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (204, 304):  # no body allowed
            return Response(status_code=exc.status_code, headers=exc.headers)
        return error_response(
            exc.status_code,
            status_code_name(exc.status_code),
            str(exc.detail),
            getattr(exc, "details", None),
            headers=getattr(exc, "headers", None),
            request=request,
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # PostgreSQL refused a value (an id past its integer range, a string over a column's
        # length): the request's fault, not the server's.
        return error_response(
            422,
            "invalid_input",
            "a value is out of the range the database can store",
            {"reason": type(exc.orig).__name__},
            request=request,
        )

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        if "SQLite INTEGER" in str(exc):  # SQLite's counterpart of the DataError above
            return error_response(
                422,
                "invalid_input",
                "a number is out of the range the database can store",
                request=request,
            )
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(
            500, "internal_error", "an unexpected error occurred", request=request
        )
