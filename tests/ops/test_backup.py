"""`assistant backup` / `assistant restore`: a round trip gives back every row, the uploaded
files and a vector index that matches SQL, on SQLite, on PostgreSQL and between the two."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from assistant.composition import Services
from assistant.config import Settings
from assistant.errors import Conflict, InvalidInput
from assistant.models.park import CompanyCreate
from assistant.models.pipeline import SynergyCreate, SynergyNoteCreate
from assistant.ops import backup, restore
from assistant.park.io import validate
from assistant.retrieval.embedders import HashEmbedder
from assistant.retrieval.vector_index import InMemoryVectorIndex
from tests.park.factories import park
from tests.postgres.throwaway import scoped_database, throwaway_database

ASSISTANT = str(Path(sys.executable).parent / "assistant")
UPLOADED = "# Upload\n\nOur kiln ash (10 01 03) goes to the cement plant.\n"


@contextmanager
def fresh(data_dir: Path, database_url: str | None) -> Iterator[Services]:
    settings = Settings(
        data_dir=data_dir, embedding_backend="hash", database_url=database_url, _env_file=None
    )  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    try:
        yield built
    finally:
        built.close()


def fill(services: Services, kb_dir: Path) -> None:
    """A bit of everything: documents, an upload, a park, a synergy with a note, a chat."""
    services.ingestor.ingest_paths([kb_dir])
    upload = services.settings.uploads_dir / "kiln-ash.md"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text(UPLOADED, "utf-8")
    services.ingestor.ingest_paths([upload])
    services.park.import_document(validate(park()))
    synergy = services.pipeline.add(
        SynergyCreate(
            source="SIA Zāģētava", target="SIA Granulas", material="zāģskaidas", manual=True
        )
    )
    services.pipeline.note(synergy.id, SynergyNoteCreate(text="Called the sawmill."))
    first = services.chat.ask("kam var noderēt zāģskaidas?")
    services.chat.ask("un cik tas maksā?", first.conversation_id)


def dump(services: Services) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, comparable across databases."""

    def norm(value: Any) -> Any:
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        return value

    out: dict[str, list[dict[str, Any]]] = {}
    with Session(services.engine) as session:
        for table in SQLModel.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [{k: norm(v) for k, v in r.items()} for r in rows.mappings()]
    return out


def chunk_ids(services: Services) -> set[str]:
    return {row["id"] for row in dump(services)["chunk"]}


def round_trip(
    tmp_path: Path, kb_dir: Path, source_url: str | None, target_url: str | None
) -> None:
    archive = tmp_path / "backups" / "simbioze.tar.gz"
    with fresh(tmp_path / "source", source_url) as source:
        fill(source, kb_dir)
        before = dump(source)
        summary = backup(source, archive)
        assert summary.rows["chunk"] == len(before["chunk"]) > 0 and summary.uploads == 1
    with fresh(tmp_path / "target", target_url) as target:
        restored = restore(target, archive)
        assert restored.vectors == len(before["chunk"])
        after = dump(target)
        moved = str(target.settings.uploads_dir.resolve() / "kiln-ash.md")
        for row in before["document"]:
            if row["source"].endswith("/uploads/kiln-ash.md"):
                row["source"] = moved  # the upload now lives in this data directory
        revision = {r["key"]: r["value"] for r in after.pop("kbstate")}["kb_revision"]
        assert revision > {r["key"]: r["value"] for r in before.pop("kbstate")}["kb_revision"]
        assert after == before  # the search caches' revision moved on: the index was rebuilt
        assert (target.settings.uploads_dir / "kiln-ash.md").read_text("utf-8") == UPLOADED
        assert target.vectors.ids() == chunk_ids(target)
        hits = target.retriever.search("kiln ash cement", 3).hits
        assert hits and hits[0].doc_id == "kiln-ash"
        new = target.park.create_company(CompanyCreate(name="SIA Jauns", nace="16.10"))
        assert new.id == max(c["id"] for c in before["company"]) + 1  # ids continue
        with pytest.raises(Conflict):
            restore(target, archive)  # it holds data now
        restore(target, archive, force=True)
        assert len(dump(target)["company"]) == len(before["company"])


def test_round_trip_on_the_suite_database(tmp_path: Path, kb_dir: Path) -> None:
    with scoped_database("restore-target") as target_url:
        round_trip(tmp_path, kb_dir, os.environ.get("ASSISTANT_DATABASE_URL"), target_url)


@pytest.mark.postgres
def test_sqlite_backup_restores_into_postgres_and_back(tmp_path: Path, kb_dir: Path) -> None:
    with throwaway_database("restore-into") as into, throwaway_database("restore-from") as out:
        round_trip(tmp_path / "to-pg", kb_dir, None, into)
        round_trip(tmp_path / "from-pg", kb_dir, out, None)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path, services: Services) -> None:
    not_tar = tmp_path / "notes.tar.gz"
    not_tar.write_text("hello")
    with pytest.raises(InvalidInput, match="not a Simbioze backup"):
        restore(services, not_tar)
    no_manifest = tmp_path / "empty.tar.gz"
    with tarfile.open(no_manifest, "w:gz"):
        pass
    with pytest.raises(InvalidInput, match="manifest"):
        restore(services, no_manifest)


def test_cli_backup_and_restore(tmp_path: Path, kb_dir: Path) -> None:
    def run(data: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "ASSISTANT_DATA_DIR": str(tmp_path / data),
            "ASSISTANT_EMBEDDING_BACKEND": "hash",
            "ASSISTANT_KNOWLEDGE_DIR": str(kb_dir),
            "ASSISTANT_CHROMA_URL": "",
        }
        if data == "restored":
            env.pop("ASSISTANT_DATABASE_URL", None)  # always SQLite: a second database
        return subprocess.run(
            [ASSISTANT, *args], env=env, capture_output=True, text=True, timeout=300
        )

    assert run("data", "kb", "ingest").returncode == 0
    archive = str(tmp_path / "kb.tar.gz")
    made = run("data", "backup", archive, "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["rows"]["document"] == 2
    back = run("restored", "restore", archive)
    assert back.returncode == 0, back.stderr
    assert "restored" in back.stdout and "vector index rebuilt from SQL" in back.stdout
    listed = run("restored", "kb", "list", "--json")
    assert {d["doc_id"] for d in json.loads(listed.stdout)} == {
        "sample-by-products-en",
        "sample-landfill-tax-lv",
    }
    again = run("restored", "restore", archive)
    assert again.returncode == 2 and "--force" in again.stderr
