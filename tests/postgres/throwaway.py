"""Throw-away PostgreSQL databases for the test suite (127.0.0.1:5432, user postgres, trust).

`ASSISTANT_TEST_DATABASE=postgres` runs the whole suite on PostgreSQL instead of SQLite: the
fixtures in tests/conftest.py give every test module, and every test that has its own tmp
directory, a fresh database cloned from one migrated at the start of the session. Nothing is
skipped: if the server cannot be reached, pytest stops with an error before any test runs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
from sqlalchemy import create_engine

BACKEND_VAR = "ASSISTANT_TEST_DATABASE"
ADMIN_URL = os.environ.get(
    "ASSISTANT_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SERVER = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
_template: list[str] = []  # the migrated template, built once per session
_deferred: list[str] = []  # databases dropped when the session ends
# DROP DATABASE waits for a checkpoint (seconds on a busy server): drop in the background.
_dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-database")
_drops: list[Future[None]] = []


def backend() -> str:
    return os.environ.get(BACKEND_VAR, "sqlite") or "sqlite"


def on_postgres() -> bool:
    return backend() == "postgres"


def unreachable_reason() -> str | None:
    """Why the server cannot be used, or None when it answers."""
    try:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"{ADMIN_URL}: {exc}".strip()
    return None


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # names below are generated here, never user input


def create_database(label: str, *, migrated: bool = True) -> str:
    """A new database: a clone of the migrated template, or empty with `migrated=False`."""
    name = f"simbioze_t_{label}_{uuid.uuid4().hex[:10]}"
    template = f' TEMPLATE "{_migrated_template()}"' if migrated else ""
    _admin(f'CREATE DATABASE "{name}"{template}')
    return f"{SERVER}/{name}"


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    _drops.append(_dropper.submit(_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def throwaway_database(label: str, *, migrated: bool = True) -> Iterator[str]:
    url = create_database(label, migrated=migrated)
    try:
        yield url
    finally:
        drop_database(url)


@contextmanager
def scoped_database(label: str, *, drop_at_session_end: bool = False) -> Iterator[str | None]:
    """The one switch of the suite: None on SQLite (the database lives in the test's data
    directory), a throw-away PostgreSQL database with ASSISTANT_TEST_DATABASE=postgres.

    `drop_at_session_end` keeps it until the session ends, for a database that a
    session-scoped fixture built while it was current may still use."""
    if not on_postgres():
        yield None
        return
    if drop_at_session_end:
        url = create_database(label)
        _deferred.append(url)
        yield url
        return
    with throwaway_database(label) as url:
        yield url


@contextmanager
def database_env(url: str | None) -> Iterator[None]:
    """Point `ASSISTANT_DATABASE_URL` (read by every Settings, also in CLI subprocesses) at
    `url` for the duration; None leaves the environment alone."""
    if url is None:
        yield
        return
    previous = os.environ.get("ASSISTANT_DATABASE_URL")
    os.environ["ASSISTANT_DATABASE_URL"] = url
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("ASSISTANT_DATABASE_URL", None)
        else:
            os.environ["ASSISTANT_DATABASE_URL"] = previous


def _migrated_template() -> str:
    if not _template:
        from assistant.db import migrate

        url = create_database("template", migrated=False)
        engine = create_engine(url)
        migrate(engine)
        engine.dispose()  # a template must have no open connection while it is cloned
        _template.append(url.rsplit("/", 1)[1])
    return _template[0]


def drop_leftovers() -> None:
    """At the end of the session: the deferred databases and the template."""
    while _deferred:
        drop_database(_deferred.pop())
    while _template:
        drop_database(f"{SERVER}/{_template.pop()}")
    for done in _drops:
        done.result()  # a failed drop is an error, not a silent leftover
    _drops.clear()
