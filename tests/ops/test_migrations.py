"""The schema belongs to the Alembic migrations: they match the models, run on SQLite and
PostgreSQL, adopt databases built before them, survive racing workers and ship in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, Table, create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import assistant.models  # noqa: F401  (every table on the metadata)
from assistant.db import BASELINE, alembic_config, migrate
from tests.postgres.throwaway import throwaway_database

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    with throwaway_database("migrations", migrated=False) as url:
        engine = create_engine(url)
        yield engine
        engine.dispose()


def _head_diff(engine: Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_migrations_create_exactly_the_models(empty_engine: Engine) -> None:
    migrate(empty_engine)
    diff = _head_diff(empty_engine)
    assert diff == [], (
        "the models and the migrations differ; generate a revision with "
        f"`python -m assistant.migrations revision -m '…'` and read it: {diff}"
    )


def test_downgrade_to_base_and_up_again(empty_engine: Engine) -> None:
    migrate(empty_engine)
    with empty_engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate(empty_engine)
    assert _head_diff(empty_engine) == []


def test_a_database_built_before_migrations_is_adopted(empty_engine: Engine) -> None:
    late = "outreachdraftversion"  # a table the legacy database never got
    with empty_engine.begin() as conn:  # the baseline schema, as `create_all` once built it
        command.upgrade(alembic_config(conn), BASELINE)
        conn.execute(text(f"DROP TABLE {late}"))
        conn.execute(text("DROP TABLE alembic_version"))
    migrate(empty_engine)
    with empty_engine.connect() as conn:
        heads = set(MigrationContext.configure(conn).get_current_heads())
    assert heads == set(ScriptDirectory.from_config(alembic_config()).get_heads())
    assert late in inspect(empty_engine).get_table_names()
    assert _head_diff(empty_engine) == []


def test_workers_starting_together_migrate_once(empty_engine: Engine) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def worker() -> None:
        engine = create_engine(empty_engine.url)
        try:
            start.wait()
            migrate(engine)
        except BaseException as exc:  # noqa: BLE001  (collected for the assertion)
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert _head_diff(empty_engine) == []


def test_the_wheel_ships_the_migrations(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        REPO / "assistant", source / "assistant", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            str(source),
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if n.startswith("assistant/migrations/")}
    expected = {
        f"assistant/migrations/{p.relative_to(REPO / 'assistant' / 'migrations')}"
        for p in (REPO / "assistant" / "migrations").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected <= shipped
    assert any(n.startswith("assistant/migrations/versions/0001") for n in shipped)


def test_a_model_table_without_a_migration_is_named(tmp_path: Path) -> None:
    table = Table("not_migrated_yet", SQLModel.metadata, Column("id", Integer, primary_key=True))
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        with pytest.raises(RuntimeError, match="not_migrated_yet"):
            migrate(engine)
    finally:
        SQLModel.metadata.remove(table)
        engine.dispose()
