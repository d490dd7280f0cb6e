"""Shared fixtures: real local storage (SQLite and Chroma in tmp), fakes only at the edges."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.config import Settings  # noqa: E402
from assistant.core.container import Services  # noqa: E402
from assistant.retrieval.embedders import HashEmbedder  # noqa: E402
from assistant.retrieval.vector_index import InMemoryVectorIndex  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"

SAMPLE_EN = """---
id: sample-by-products-en
title: "By-products in practice"
lang: en
type: regulation
jurisdiction: EU
sources: ["Directive 2008/98/EC, Article 5"]
reviewed: 2026-11-24
---
# By-products in practice

## The four conditions
A production residue is a by-product when further use is certain, it needs no processing
beyond normal industrial practice, it is produced as an integral part of production and its
use is lawful.

## Sawdust example
Clean sawdust sold every week to a pellet maker can meet the by-product conditions.
"""

SAMPLE_LV = """---
id: sample-landfill-tax-lv
title: "Dabas resursu nodoklis par apglabāšanu"
lang: lv
type: regulation
jurisdiction: LV
sources: ["Dabas resursu nodokļa likums"]
reviewed: 2026-11-24
translation_of: sample-landfill-tax-en
---
# Dabas resursu nodoklis par apglabāšanu

## Likmes
Par sadzīves atkritumu apglabāšanu poligonā 2026. gadā jāmaksā 130 eiro par tonnu.

## Zāģskaidas
Zāģskaidas, kas nonāk poligonā, palielina uzņēmuma izmaksas.
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        embedding_backend="hash",
        knowledge_dir=tmp_path / "kb",
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    yield built
    built.close()


@pytest.fixture
def kb_dir(settings: Settings) -> Path:
    folder = settings.knowledge_dir
    folder.mkdir(parents=True)
    (folder / "by-products-en.md").write_text(SAMPLE_EN, "utf-8")
    (folder / "landfill-tax-lv.md").write_text(SAMPLE_LV, "utf-8")
    return folder


@pytest.fixture(scope="session")
def real_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The shipped knowledge base with the real offline model and embedded Chroma."""
    data = tmp_path_factory.mktemp("real-data")
    settings = Settings(data_dir=data, _env_file=None)  # type: ignore[call-arg]
    built = Services(settings)
    built.init_db()
    report = built.ingestor.ingest_paths([KNOWLEDGE])
    assert not report.failed, report.failed
    yield built
    built.close()


@pytest.fixture(scope="module")
def park_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The shipped knowledge base and the demo park, with the fast hashing embedder."""
    from assistant.park import load_demo_park

    data = tmp_path_factory.mktemp("park-data")
    settings = Settings(data_dir=data, embedding_backend="hash", _env_file=None)  # type: ignore[call-arg]
    built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
    built.init_db()
    assert not built.ingestor.ingest_paths([KNOWLEDGE]).failed
    load_demo_park(built, KNOWLEDGE / "parks" / "demo_park.json")
    yield built
    built.close()
