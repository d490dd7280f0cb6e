"""One contract every vector index must pass: in-memory fake, embedded Chroma, Chroma server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.errors import BackendUnavailable
from assistant.retrieval.vector_index import ChromaVectorIndex, InMemoryVectorIndex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(
    params=["memory", "chroma", pytest.param("server", marks=pytest.mark.chroma_server)]
)
def index(request, tmp_path):
    if request.param == "memory":
        return InMemoryVectorIndex()
    if request.param == "chroma":
        return ChromaVectorIndex.from_settings(Settings(data_dir=tmp_path, _env_file=None))
    url = request.getfixturevalue("chroma_server")
    built = ChromaVectorIndex.from_settings(
        Settings(
            data_dir=tmp_path,
            chroma_url=url,
            chroma_collection=f"c{tmp_path.name[-8:]}",
            _env_file=None,
        )
    )
    built.reset()
    return built


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _fill(index) -> None:
    vectors = np.stack([_unit(1, 0, 0), _unit(0.9, 0.1, 0), _unit(0.3, 1, 0), _unit(0, 0, 1)])
    metas = [
        {"doc_id": "a", "lang": "en"},
        {"doc_id": "b", "lang": "lv"},
        {"doc_id": "c", "lang": "en"},
        {"doc_id": "d", "lang": "lv"},
    ]
    index.upsert(["a#0", "b#0", "c#0", "d#0"], vectors, metas)


def test_query_ranks_by_cosine_similarity(index):
    _fill(index)
    hits = index.query(_unit(1, 0, 0), 3)
    assert [h.chunk_id for h in hits] == ["a#0", "b#0", "c#0"]
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-4)


def test_where_filters(index):
    _fill(index)
    assert [h.chunk_id for h in index.query(_unit(1, 0, 0), 3, where={"lang": "lv"})] == [
        "b#0",
        "d#0",
    ]


def test_upsert_replaces_and_delete_removes(index):
    _fill(index)
    index.upsert(["a#0"], np.stack([_unit(0, 0, 1)]), [{"doc_id": "a", "lang": "en"}])
    assert index.query(_unit(0, 0, 1), 1)[0].chunk_id in {"a#0", "d#0"}
    index.delete(["a#0", "missing#9"])
    assert index.ids() == {"b#0", "c#0", "d#0"}


def test_reset_empties_the_index(index):
    _fill(index)
    index.reset()
    assert index.ids() == set()
    index.ping()


def test_unreachable_server_is_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(BackendUnavailable):
        ChromaVectorIndex.from_settings(
            Settings(data_dir=tmp_path, chroma_url=url, _env_file=None)
        ).ping()
