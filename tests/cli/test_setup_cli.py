"""`assistant setup`: the demo park goes only into an empty database; --reset-demo reloads it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.auth.viewer import LOCAL_ADMIN
from assistant.cli.main import app
from assistant.composition import Services
from assistant.config import get_settings
from assistant.models.park import CompanyUpdate
from tests.conftest import SAMPLE_EN
from tests.park.factories import park

runner = CliRunner()


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "by-products-en.md").write_text(SAMPLE_EN, "utf-8")
    demo = tmp_path / "demo.json"
    demo.write_text(json.dumps(park(), ensure_ascii=False), "utf-8")
    for name, value in (
        ("DATA_DIR", tmp_path / "data"),
        ("KNOWLEDGE_DIR", knowledge),
        ("DEMO_PARK", demo),
        ("EMBEDDING_BACKEND", "hash"),
        ("CHROMA_URL", ""),
    ):
        monkeypatch.setenv(f"ASSISTANT_{name}", str(value))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _description(name: str) -> str:
    built = Services(get_settings())
    try:
        return next(
            c.description for c in built.park.list_companies(viewer=LOCAL_ADMIN) if c.name == name
        )
    finally:
        built.close()


def _edit(name: str, description: str) -> None:
    built = Services(get_settings())
    try:
        company = built.park.find_company(name, viewer=LOCAL_ADMIN)
        built.park.update_company(
            company.id, CompanyUpdate(description=description), viewer=LOCAL_ADMIN
        )
    finally:
        built.close()


def test_a_second_setup_keeps_edits_and_reset_demo_reloads(data_env: None) -> None:
    first = runner.invoke(app, ["setup"])
    assert first.exit_code == 0, first.output
    assert "3 companies created" in first.output and "knowledge: added 1" in first.output
    shipped = _description("SIA Zāģētava")
    _edit("SIA Zāģētava", "Edited by the facilitator")

    second = runner.invoke(app, ["setup"])
    assert second.exit_code == 0, second.output
    assert "demo park: not loaded" in second.output and "skipped 1" in second.output
    assert _description("SIA Zāģētava") == "Edited by the facilitator"

    reset = runner.invoke(app, ["setup", "--reset-demo"])
    assert reset.exit_code == 0, reset.output
    assert "0 companies created, 3 updated" in reset.output
    assert _description("SIA Zāģētava") == shipped
