"""The first admin of a fresh data directory, so the web app can be signed into at once.

`assistant setup` calls `ensure_admin`: with no user in the database it creates the admin
(`ASSISTANT_ADMIN_NAME`, default "admin") with `ASSISTANT_ADMIN_PASSWORD`, or else a random
password written to `<data_dir>/admin-password.txt`, readable by the owner only. A data
directory that has users is left alone.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from assistant.auth.service import AuthService
from assistant.config import Settings

PASSWORD_FILE = "admin-password.txt"


@dataclass(frozen=True)
class FirstAdmin:
    name: str
    password_file: Path | None  # None: the password came from the settings


def ensure_admin(auth: AuthService, settings: Settings) -> FirstAdmin | None:
    """Create the first admin when there is no user yet; None when users exist."""
    if auth.has_users():
        return None
    given = settings.admin_password.get_secret_value() if settings.admin_password else None
    password = given or secrets.token_urlsafe(12)
    auth.create_user(settings.admin_name, "admin", password=password)
    if given:
        return FirstAdmin(settings.admin_name, None)
    path = settings.data_dir / PASSWORD_FILE
    _write_private(path, password + "\n")
    return FirstAdmin(settings.admin_name, path)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
