"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}.

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


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status, headers=headers)


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
    async def _assistant(_: Request, exc: AssistantError) -> JSONResponse:
        return error_response(
            exc.status_code, exc.code, exc.message, exc.details, headers=_headers_of(exc)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(
            422, "validation_error", "the request is not valid", _details(exc.errors())
        )

    @app.exception_handler(ValidationError)
    async def _invalid(_: Request, exc: ValidationError) -> JSONResponse:
        # A model a service built from the request's data refused it (a flow confirmed in
        # chat, a row of an import): the request's fault, with the same details as above.
        return error_response(
            422, "invalid_input", f"the {exc.title} data is not valid", _details(exc.errors())
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (204, 304):  # no body allowed
            return Response(status_code=exc.status_code, headers=exc.headers)
        return error_response(
            exc.status_code,
            status_code_name(exc.status_code),
            str(exc.detail),
            getattr(exc, "details", None),
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        # PostgreSQL refused a value (an id past its integer range, a string over a column's
        # length): the request's fault, not the server's.
        return error_response(
            422,
            "invalid_input",
            "a value is out of the range the database can store",
            {"reason": type(exc.orig).__name__},
        )

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        if "SQLite INTEGER" in str(exc):  # SQLite's counterpart of the DataError above
            return error_response(
                422, "invalid_input", "a number is out of the range the database can store"
            )
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "an unexpected error occurred")
