"""SQL engine, sessions and the schema. SQLite under the data directory by default; PostgreSQL
by URL. The schema is owned by the Alembic migrations in `assistant/migrations/`.

Alembic is imported only when the schema is not at the newest revision: importing it takes a
tenth of a second or more, and a process that finds the schema up to date (every one but the
first) needs only the revision ids, read from the migration files' `revision` and
`down_revision` (tests/startup/test_db_heads.py checks them against Alembic's own reading).
"""

from __future__ import annotations

import ast
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from assistant.config import Settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the first revision: what `create_all` built before migrations existed
BASELINE_TABLES = (
    "conversation",
    "document",
    "kbstate",
    "park",
    "chunk",
    "company",
    "message",
    "feedback",
    "flow",
    "synergy",
    "outreachdraft",
    "synergyevent",
    "synergyimpact",
    "synergynote",
    "outreachdraftversion",
)
_PG_LOCK_KEY = 0x53494D42  # "SIMB": one advisory lock serialises migrations across workers


def make_engine(settings: Settings) -> Engine:
    url = settings.sqlalchemy_url
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if url in ("sqlite://", "sqlite:///:memory:"):
        return create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str] | None:
    """The newest revisions, read from the migration files without Alembic: every `revision`
    that no file names as its `down_revision`. None when a file does not state both as plain
    literals (then only Alembic can tell)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        if path.name == "__init__.py":
            continue
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text("utf-8")).body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    return None
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str) or "down_revision" not in found:
            return None
        downs = (down,) if isinstance(down, str) or down is None else down
        if not isinstance(downs, tuple | list) or not all(isinstance(d, str) for d in downs if d):
            return None
        revisions.add(revision)
        parents.update(str(d) for d in downs if d)
    return frozenset(revisions - parents) or None


def _at_head(engine: Engine) -> bool:
    """Whether the database's revisions are the newest ones (read without Alembic)."""
    heads = script_heads()
    if heads is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return False  # no version table yet: a new or legacy database
    return frozenset(str(r[0]) for r in rows) == heads


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. Idempotent and safe when several workers start
    at once (a PostgreSQL advisory lock or a file lock next to the SQLite database)."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with schema_lock(engine) as conn:
        if frozenset(MigrationContext.configure(conn).get_current_heads()) == _heads():
            return
        if _is_legacy(conn):
            _adopt_legacy(conn)
        command.upgrade(alembic_config(conn), "head")
        _check_models_are_migrated(conn)


def create_tables(engine: Engine) -> None:
    """The schema at the newest migration (the name predates the migrations)."""
    migrate(engine)


def _check_models_are_migrated(conn: Connection) -> None:
    """A table added to the models without a revision fails here, by name, not later as
    "no such table"."""
    import assistant.models  # noqa: F401  (registers every table on SQLModel.metadata)

    missing = sorted(set(SQLModel.metadata.tables) - set(inspect(conn).get_table_names()))
    if missing:
        raise RuntimeError(
            f"no migration creates the tables {missing}: run `python -m "
            "assistant.migrations revision -m '…'` and commit the new revision"
        )


def _is_legacy(conn: Connection) -> bool:
    """A database built by `create_all` before migrations: tables, but no alembic_version."""
    tables = set(inspect(conn).get_table_names())
    return "alembic_version" not in tables and "document" in tables


def _adopt_legacy(conn: Connection) -> None:
    """Create whatever baseline tables the legacy database lacks, then mark it as the
    baseline, so the later revisions apply to it like to any other."""
    from alembic import command

    import assistant.models  # noqa: F401  (registers every table on SQLModel.metadata)

    present = set(inspect(conn).get_table_names())
    missing = [SQLModel.metadata.tables[name] for name in BASELINE_TABLES if name not in present]
    SQLModel.metadata.create_all(conn, tables=missing)
    command.stamp(alembic_config(conn), BASELINE)


@contextmanager
def schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other migration or restore runs beside; on
    SQLite with foreign keys off, so tables can be rebuilt or reloaded in any order."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # transactional DDL: a failed upgrade leaves nothing
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            yield conn
        return
    database = engine.url.database
    lock = Path(f"{database}.migrate-lock") if database else None
    with _file_lock(lock), engine.connect() as conn:
        # Batch migrations rebuild tables; cascading deletes must not fire while they do.
        _pragma(conn, "foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
        finally:
            _pragma(conn, "foreign_keys=ON")


def _pragma(conn: Connection, setting: str) -> None:
    conn.exec_driver_sql(f"PRAGMA {setting}")  # no effect inside a transaction: commit it alone
    conn.commit()


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None or str(path).startswith(":memory:"):
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
