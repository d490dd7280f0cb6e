"""`assistant backup FILE` / `assistant restore FILE`: everything that is not derived.

The archive holds every SQL table (documents, chunks with their embeddings, the park, chat,
pipeline, outreach, impact) and the uploaded files. The vector index is derived: a restore
rebuilds it from the embeddings stored in SQL, without re-embedding. Tables are written as
JSON lines, so a backup of SQLite restores into PostgreSQL and back.

Consistency: PostgreSQL is read in one REPEATABLE READ transaction; SQLite is first copied
with SQLite's online backup API. A restore replaces the whole database (on PostgreSQL in one
transaction: a failed restore changes nothing).
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, create_engine, func, select, text
from sqlalchemy.engine import Connection, Engine

from assistant import __version__
from assistant.composition import Services
from assistant.db import alembic_config, schema_lock
from assistant.errors import Conflict, InvalidInput
from assistant.ops.archive import (
    FORMAT,
    open_archive,
    read_manifest,
    row_line,
    rows_of,
    upload_members,
)
from assistant.ops.archive import member as archive_member

BATCH = 500
SKIP = {"alembic_version"}  # the revision goes into the manifest


@dataclass
class BackupSummary:
    path: Path
    revision: str
    rows: dict[str, int] = field(default_factory=dict)
    uploads: int = 0
    vectors: int = 0
    seconds: float = 0.0

    def line(self, verb: str) -> str:
        return (
            f"{verb} {sum(self.rows.values())} rows in {len(self.rows)} tables, "
            f"{self.uploads} uploaded files (schema {self.revision}) "
            f"{'to' if verb == 'backed up' else 'from'} {self.path} "
            f"in {self.seconds:.1f} s"
        )


# ---- backup ------------------------------------------------------------------------------
def backup(services: Services, target: Path) -> BackupSummary:
    started = time.perf_counter()
    services.init_db()
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, _snapshot(services.engine, Path(tmp)) as conn:
        revision = _revision(conn)
        summary = BackupSummary(target, revision)
        with tarfile.open(partial, "w:gz") as archive:
            for table in _tables(conn):
                summary.rows[table.name] = _dump_table(conn, table, archive, Path(tmp))
            summary.uploads = _add_uploads(archive, services.settings.uploads_dir)
            manifest = {
                "format": FORMAT,
                "app_version": __version__,
                "revision": revision,
                "dialect": conn.dialect.name,
                "created_at": time.time(),
                "uploads_dir": str(services.settings.uploads_dir.resolve()),
                "rows": summary.rows,
                "uploads": summary.uploads,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    partial.replace(target)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def _snapshot(engine: Engine, tmp: Path) -> Iterator[Connection]:
    """A read-only connection that sees one moment of the database."""
    copy: Engine | None = None
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        path = tmp / "snapshot.db"
        with sqlite3.connect(str(engine.url.database)) as src, sqlite3.connect(str(path)) as dst:
            src.backup(dst)  # SQLite's online backup: a consistent copy while others write
        engine = copy = create_engine(f"sqlite:///{path}")
    level = "REPEATABLE READ" if engine.dialect.name == "postgresql" else None
    conn = engine.connect()
    if level:
        conn = conn.execution_options(isolation_level=level)
    try:
        with conn.begin():
            yield conn
    finally:
        conn.close()
        if copy is not None:
            copy.dispose()


def _revision(conn: Connection) -> str:
    heads = MigrationContext.configure(conn).get_current_heads()
    if len(heads) != 1:
        raise Conflict(f"the database is not at one schema revision: {heads}")
    return heads[0]


def _tables(conn: Connection) -> list[Table]:
    metadata = MetaData()
    metadata.reflect(conn)
    return [t for t in metadata.sorted_tables if t.name not in SKIP]


def _dump_table(conn: Connection, table: Table, archive: tarfile.TarFile, tmp: Path) -> int:
    path = tmp / f"{table.name}.jsonl"
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)[:1]
    with path.open("wb") as out:
        result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
        for row in result.mappings():
            out.write(row_line(dict(row)))
            count += 1
    archive.add(path, arcname=f"tables/{table.name}.jsonl")
    path.unlink()
    return count


def _add_uploads(archive: tarfile.TarFile, folder: Path) -> int:
    if not folder.is_dir():
        return 0
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".part"))
    for path in files:
        archive.add(path, arcname=f"uploads/{path.relative_to(folder).as_posix()}")
    return len(files)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(time.time())
    archive.addfile(info, io.BytesIO(data))


# ---- restore -----------------------------------------------------------------------------
def restore(services: Services, source: Path, *, force: bool = False) -> BackupSummary:
    """Replace the database (and add the uploaded files) with the backup's contents."""
    started = time.perf_counter()
    services.init_db()
    with open_archive(str(source)) as archive:
        manifest = read_manifest(archive)
        revision = str(manifest["revision"])
        _check_revision(revision)
        summary = BackupSummary(source, revision)
        with schema_lock(services.engine) as conn:
            if not force and _holds_data(conn):
                raise Conflict("the database already holds data; `--force` replaces it")
            _recreate_schema(conn, revision)
            for table in _tables(conn):
                handle = archive_member(archive, f"tables/{table.name}.jsonl")
                summary.rows[table.name] = _load_table(conn, table, handle) if handle else 0
            _reset_sequences(conn)
            command.upgrade(alembic_config(conn), "head")
            _move_upload_sources(conn, manifest, services.settings.uploads_dir)
        summary.uploads = _write_uploads(archive, services.settings.uploads_dir)
    summary.vectors = services.ingestor.reindex()
    summary.seconds = time.perf_counter() - started
    return summary


def _check_revision(revision: str) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    if script.get_revision(revision) is None:
        raise InvalidInput(
            f"the backup's schema revision {revision!r} is unknown to this "
            f"version ({__version__}): restore it with a newer one"
        )


def _holds_data(conn: Connection) -> bool:
    return any(
        conn.execute(select(func.count()).select_from(t)).scalar_one() for t in _tables(conn)
    )


def _recreate_schema(conn: Connection, revision: str) -> None:
    """Drop every table and build the schema of the backup's revision (older backups are
    loaded into their own schema, then upgraded like any database)."""
    metadata = MetaData()
    metadata.reflect(conn)
    metadata.drop_all(conn)
    command.upgrade(alembic_config(conn), revision)


def _load_table(conn: Connection, table: Table, handle: IO[bytes]) -> int:
    columns = {c.name for c in table.columns}
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows_of(handle):
        unknown = set(row) - columns
        if unknown:
            raise InvalidInput(f"the backup's {table.name} rows have unknown columns {unknown}")
        batch.append(row)
        if len(batch) >= BATCH:
            count += _insert(conn, table, batch)
    return count + _insert(conn, table, batch)


def _insert(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> int:
    if batch:
        conn.execute(table.insert(), batch)
    done = len(batch)
    batch.clear()
    return done


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: serial ids continue after the restored ones."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables(conn):
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                conn.execute(
                    text(
                        f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM '
                        f'"{table.name}"), 1), (SELECT COUNT(*) > 0 FROM "{table.name}"))'
                    ),
                    {"s": sequence},
                )


def _move_upload_sources(conn: Connection, manifest: dict[str, Any], uploads: Path) -> None:
    """Documents uploaded where the backup was made now live in this uploads folder."""
    old, new = str(manifest.get("uploads_dir") or ""), str(uploads.resolve())
    if not old or old == new:
        return
    conn.execute(
        text(
            "UPDATE document SET source = :new || substr(source, :cut) "
            "WHERE substr(source, 1, :n) = :prefix"
        ),
        {"new": new, "cut": len(old) + 1, "n": len(old) + 1, "prefix": old + "/"},
    )


def _write_uploads(archive: tarfile.TarFile, folder: Path) -> int:
    count = 0
    for relative, handle in upload_members(archive):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(handle.read())
        count += 1
    return count
