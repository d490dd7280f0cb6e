"""Signed-in test clients: a user of a role, and the header its API token goes in."""

from __future__ import annotations

import itertools

from assistant.composition import Services

_numbers = itertools.count(1)


def bearer(
    services: Services, role: str = "admin", company: str | None = None, name: str | None = None
) -> dict[str, str]:
    """A new user of `role` (a company user belongs to `company`) and its Authorization
    header."""
    issued = services.auth.create_user(name or f"test-{role}-{next(_numbers)}", role, company)
    return {"Authorization": f"Bearer {issued.token}"}


PASSWORD = "a long test password"


def session_cookie(
    services: Services, role: str = "facilitator", company: str | None = None
) -> dict[str, str]:
    """A new user of `role` signed in through the real sign-in check: the browser's cookie."""
    from assistant.api.auth_deps import SESSION_COOKIE

    name = f"web-{role}-{next(_numbers)}"
    services.auth.create_user(name, role, company, password=PASSWORD)
    return {SESSION_COOKIE: services.auth.sign_in(name, PASSWORD).session_id}
