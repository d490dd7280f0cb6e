"""`assistant kb ingest` killed in the middle: the next run completes, and the vector index
and the chunks match the document table (embedded Chroma and a Chroma server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, select

from assistant.config import Settings
from assistant.models import Chunk, Document
from assistant.retrieval.vector_index import ChromaVectorIndex

ASSISTANT = str(Path(sys.executable).parent / "assistant")
DOCUMENTS = 400


def corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    for n in range(DOCUMENTS):
        sections = "\n\n".join(
            f"## Section {s}\nCompany {n} sends {s * 10 + n} t of material {s} a year to "
            f"partner {n + s}; by-products, sawdust and ash are reused."
            for s in range(4)
        )
        (folder / f"doc-{n:03d}.md").write_text(
            f"---\nid: doc-{n:03d}\ntitle: Document {n}\nlang: en\ntype: guide\n---\n"
            f"# Document {n}\n\n{sections}\n",
            "utf-8",
        )


def documents(url: str) -> int:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(Document)).one())
    except (OperationalError, ProgrammingError):  # no table yet: the run is starting
        return 0
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "store", ["embedded", pytest.param("server", marks=pytest.mark.chroma_server)]
)
def test_killed_ingest_heals_on_the_next_run(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    corpus(tmp_path / "kb")
    chroma_url = request.getfixturevalue("chroma_url") if store == "server" else ""
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_EMBEDDING_BACKEND": "hash",
        "ASSISTANT_KNOWLEDGE_DIR": str(tmp_path / "kb"),
        "ASSISTANT_CHROMA_URL": chroma_url,
        "ASSISTANT_CHROMA_COLLECTION": f"kill{store}",
    }
    settings = Settings(
        data_dir=tmp_path / "data",
        embedding_backend="hash",
        chroma_url=chroma_url or None,
        chroma_collection=f"kill{store}",
        _env_file=None,
    )  # type: ignore[call-arg]
    url = settings.sqlalchemy_url  # the suite's database (ASSISTANT_DATABASE_URL) or SQLite

    first = subprocess.Popen(
        [ASSISTANT, "kb", "ingest"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stored, deadline = 0, time.time() + 240
    while time.time() < deadline and first.poll() is None:
        stored = (
            documents(url)
            if (tmp_path / "data" / "assistant.db").exists() or not url.startswith("sqlite")
            else 0
        )
        if stored >= 20:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert first.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    assert 0 < documents(url) < DOCUMENTS, "killed, but not in the middle"

    second = subprocess.run(
        [ASSISTANT, "kb", "ingest", "--json"], env=env, capture_output=True, text=True, timeout=600
    )
    assert second.returncode == 0, second.stderr
    engine = create_engine(url)
    with Session(engine) as session:
        docs = session.exec(select(Document)).all()
        chunks = session.exec(select(Chunk.id, Chunk.document_id)).all()
    engine.dispose()
    assert len(docs) == DOCUMENTS
    per_doc = {d.id: 0 for d in docs}
    for _, document_id in chunks:
        per_doc[document_id] += 1
    assert all(per_doc[d.id] == d.n_chunks > 0 for d in docs)
    index = ChromaVectorIndex.from_settings(settings)
    assert index.ids() == {chunk_id for chunk_id, _ in chunks}
