"""Shared fixtures: real local storage (SQLite and Chroma in tmp; throw-away PostgreSQL
databases with ASSISTANT_TEST_DATABASE=postgres, see tests/postgres/throwaway.py), fakes only
at the edges."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.composition import Services  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.retrieval.embedders import HashEmbedder  # noqa: E402
from assistant.retrieval.vector_index import InMemoryVectorIndex  # noqa: E402
from tests.postgres.throwaway import (  # noqa: E402
    BACKEND_VAR,
    backend,
    database_env,
    drop_leftovers,
    on_postgres,
    scoped_database,
    unreachable_reason,
)

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


def pytest_configure(config: pytest.Config) -> None:
    """ASSISTANT_TEST_DATABASE=postgres runs the suite on PostgreSQL; an unreachable server is
    an error before any test runs, never a silent skip."""
    if backend() not in ("sqlite", "postgres"):
        raise pytest.UsageError(f"{BACKEND_VAR} must be sqlite or postgres, not {backend()!r}")
    reason = unreachable_reason() if on_postgres() else None
    if reason:
        raise pytest.UsageError(f"{BACKEND_VAR}=postgres but PostgreSQL is unreachable: {reason}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    drop_leftovers()  # also on SQLite: the postgres-marked tests clone the template too


@pytest.fixture(scope="session", autouse=True)
def _session_database() -> Iterator[None]:
    """On PostgreSQL, the database of session fixtures that build Settings from the
    environment; on SQLite (and for every fixture below), nothing."""
    with scoped_database("session") as url, database_env(url):
        yield


@pytest.fixture(scope="module", autouse=True)
def _module_database() -> Iterator[None]:
    """A module's own database for whatever builds Settings from the environment (module
    fixtures, CLI subprocesses); kept to the end in case a session fixture took it."""
    with scoped_database("module", drop_at_session_end=True) as url, database_env(url):
        yield


@pytest.fixture(autouse=True)
def _test_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """On PostgreSQL, a fresh database for every test with its own tmp directory: where the
    SQLite run gets a fresh `assistant.db` in that directory."""
    if "tmp_path" not in request.fixturenames:
        yield
        return
    with scoped_database("test") as url, database_env(url):
        yield


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
    with scoped_database("real") as url:  # outlives any module: never the module's database
        settings = Settings(data_dir=data, database_url=url, _env_file=None)  # type: ignore[call-arg]
        built = Services(settings)
        built.init_db()
        report = built.ingestor.ingest_paths([KNOWLEDGE])
        assert not report.failed, report.failed
        yield built
        built.close()


@pytest.fixture
def two_parks(settings: Settings, tmp_path: Path) -> Iterator[list[Services]]:
    """The small deals park twice, SIA Zāģētava's confidential sawdust at 2400 and at 2900
    t/year (one band): a non-staff viewer must get the same from both."""
    from tests.deals.parks import with_sawdust

    built = [with_sawdust(settings, tmp_path, q) for q in (2400, 2900)]
    yield built
    for services in built:
        services.close()


@pytest.fixture(scope="module")
def park_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The shipped knowledge base and the demo park, with the fast hashing embedder."""
    from assistant.park import load_demo_park

    data = tmp_path_factory.mktemp("park-data")
    with scoped_database("park") as url:
        settings = Settings(
            data_dir=data, embedding_backend="hash", database_url=url, _env_file=None
        )  # type: ignore[call-arg]
        built = Services(settings, embedder=HashEmbedder(), vectors=InMemoryVectorIndex())
        built.init_db()
        assert not built.ingestor.ingest_paths([KNOWLEDGE]).failed
        load_demo_park(built.park, KNOWLEDGE / "parks" / "demo_park.json")
        yield built
        built.close()
