"""The error tree. Edges (HTTP, CLI) translate these; nothing else catches broadly.

Each error has a `code` (stable, English) and an English `message`; the edges show it in the
asker's language too: the code's Latvian text (assistant/text/labels.yaml, `error`) or the
`message_lv` a raise site gives.

AssistantError
 ├── InvalidInput          bad request data (422)
 │    └── UnsupportedFile  a file type we cannot ingest (415)
 ├── Unauthorized          no valid token or session (401)
 ├── Forbidden             signed in, but the role may not do this (403)
 ├── NotFound              an id that does not exist (404)
 │    └── ModelNotFound    an OpenAI-style request names a model we do not serve (404)
 ├── Conflict              a write that clashes with stored data (409)
 ├── TooLarge              an upload or body over its limit (413)
 ├── RateLimited           too many requests for one token (429)
 └── BackendUnavailable   a store or model that cannot be reached (503)
"""

from __future__ import annotations

from typing import Any


class AssistantError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, details: Any = None, message_lv: str | None = None) -> None:
        super().__init__(message)
        self.message = message  # English: the API's `message`, part of its contract
        self.details = details
        # Latvian for this case; without it the edges show the code's Latvian text
        # (assistant.text.labels.error_message).
        self.message_lv = message_lv


class InvalidInput(AssistantError):
    status_code = 422
    code = "invalid_input"


class UnsupportedFile(InvalidInput):
    status_code = 415
    code = "unsupported_file"


class Unauthorized(AssistantError):
    status_code = 401
    code = "unauthorized"


class Forbidden(AssistantError):
    status_code = 403
    code = "forbidden"


class NotFound(AssistantError):
    status_code = 404
    code = "not_found"


class ModelNotFound(NotFound):
    code = "model_not_found"


class Conflict(AssistantError):
    status_code = 409
    code = "conflict"


class TooLarge(AssistantError):
    status_code = 413
    code = "too_large"


class BackendUnavailable(AssistantError):
    status_code = 503
    code = "backend_unavailable"


class RateLimited(AssistantError):
    status_code = 429
    code = "rate_limited"

    def __init__(
        self,
        message: str,
        retry_after_s: int,
        details: object = None,
        message_lv: str | None = None,
    ) -> None:
        super().__init__(message, details, message_lv)
        self.retry_after_s = retry_after_s
