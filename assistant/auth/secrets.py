"""Random secrets and the digests they are stored as (a leaked table reveals no token)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "simb_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 suffices for random 256-bit secrets: unlike passwords they cannot be guessed."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
