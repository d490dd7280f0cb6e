"""Request body limits, as a small ASGI middleware.

A multipart upload may carry up to `upload_max_bytes` (plus room for the multipart framing);
any other body (JSON, forms, text) at most `JSON_MAX_BYTES`. A declared Content-Length over the
limit is refused before anything is read; a body sent without one (chunked) is counted as it
streams in and refused as soon as it passes the limit. Both give a 413 in the one error shape.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import asker_lang, error_body
from assistant.text.labels import error_message

JSON_MAX_BYTES = 1024 * 1024  # 1 MiB for JSON and every other non-upload body
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the uploaded file


class BodyTooLarge(HTTPException):
    """Raised from `receive` while the body streams in. An HTTPException, so FastAPI's body
    parsing lets it through unchanged and the error handlers answer 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit
        self.details = {"limit_bytes": limit}


class BodyLimitMiddleware:
    def __init__(
        self, app: ASGIApp, upload_max_bytes: int, json_max_bytes: int = JSON_MAX_BYTES
    ) -> None:
        self.app = app
        self.upload_limit = upload_max_bytes + MULTIPART_OVERHEAD
        self.other_limit = json_max_bytes

    def limit_for(self, scope: Scope) -> int:
        content_type = _header(scope, b"content-type") or ""
        if content_type.lower().startswith("multipart/form-data"):
            return self.upload_limit
        return self.other_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(limit, scope)(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge as exc:  # read outside a route (no handler saw it)
            if started:
                raise
            await _too_large(exc.limit, scope)(scope, receive, send)


def _too_large(limit: int, scope: Scope) -> JSONResponse:
    message = f"the request body is larger than {limit} bytes"
    lv = error_message("too_large", "lv") if asker_lang(Request(scope)) == "lv" else None
    return JSONResponse(
        error_body("too_large", message, {"limit_bytes": limit}, lv),
        413,
        headers={"Connection": "close"},
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _content_length(scope: Scope) -> int | None:
    raw = _header(scope, b"content-length")
    if raw is None:
        return None
    try:
        return max(int(raw.strip()), 0)
    except ValueError:
        return None  # the server rejects a malformed length before we see it
